"""What a locked-out sign-in sees (django-axes calls this): the shared error shape for the API."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from helpdesk.common.errors import error_body


def lockout_response(request, original_response=None, credentials=None):
    message = _("Too many failed sign-in attempts. Try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("login_locked", message), status=429)
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
