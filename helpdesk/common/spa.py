"""The browser app: ``frontend/dist/index.html`` for every page route; its assets via WhiteNoise."""

import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

# Built assets carry a content hash in their name (index-BeETjL8p.js): cache them for ever.
_HASHED = re.compile(r"^assets/.+-[A-Za-z0-9_-]{8,}\.\w+$")


def immutable_file_test(path: str, url: str) -> bool:
    return bool(_HASHED.match(url.lstrip("/")))


@require_GET
@ensure_csrf_cookie
def spa_index(request, path: str = ""):
    index = settings.FRONTEND_DIST / "index.html"
    try:
        html = index.read_bytes()
    except FileNotFoundError:
        return HttpResponse(
            _(
                "The browser app is not built yet: run `make run`, or `npm --prefix frontend run build`."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
