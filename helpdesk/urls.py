from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from django_prometheus.exports import ExportToDjangoView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from helpdesk.common.errors import json_error_view
from helpdesk.common.health import healthz
from helpdesk.common.spa import spa_index

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", ExportToDjangoView, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from a URL, not inline: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("helpdesk.api_urls")),
    path("", spa_index, name="home"),
]

if settings.DEBUG:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Every other path is a page of the browser app (its router decides). API-like paths are not,
# nor paths of files (a missing /widget.js is a 404, never the app's page).
urlpatterns += [
    re_path(
        r"^(?!api/|admin/|static/|media/|ws/|healthz|metrics)(?!.*\.[A-Za-z0-9]+/?$)(?P<path>.*)$",
        spa_index,
        name="spa",
    ),
]

handler404 = json_error_view(404, "not_found", _("Not found."))
handler500 = json_error_view(500, "server_error", _("Something went wrong on our side."))
