"""The hotline bench's server: the product (``helpdesk.asgi``) and, beside it in the same
process, a bare DRF endpoint that only checks an event's signature (no database, no parsing).

Served by daphne: ``daphne bench.hotline_asgi:application``. The bare endpoint is the floor the
webhook stands on: daphne, Django's request cycle, DRF's view, the HMAC and its timestamp window.
``HOTLINE_BENCH_INTEGRATION`` and ``HOTLINE_BENCH_SECRET`` (from ``bench/hotline_bench.py``) are
what it accepts.
"""

import os
import time

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")
settings.ROOT_URLCONF = __name__  # this module: the product's URLs plus the bare endpoint
django.setup()

from django.urls import include, path  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from helpdesk.asgi import application  # noqa: E402, F401 (daphne serves it)
from helpdesk.hotline import signing  # noqa: E402
from helpdesk.urls import handler404, handler500  # noqa: E402, F401

INTEGRATION = os.environ.get("HOTLINE_BENCH_INTEGRATION", "bench-pbx")
SECRET = os.environ.get("HOTLINE_BENCH_SECRET", "")


class BareSignatureApi(APIView):
    """Accept a correctly signed, fresh event and do nothing else."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        headers = request.headers
        stamp = headers.get(signing.TIMESTAMP_HEADER, "")
        sent = signing.valid_timestamp(stamp)
        if (
            headers.get(signing.INTEGRATION_HEADER) != INTEGRATION
            or not signing.verify(
                SECRET, stamp, request.body, headers.get(signing.SIGNATURE_HEADER)
            )
            or sent is None
            or abs(time.time() - sent) > settings.HOTLINE_SIGNATURE_WINDOW_SECONDS
        ):
            return Response({"code": "signature_invalid"}, status=401)
        return Response({"ok": True})


urlpatterns = [
    path("bench/bare-events/", BareSignatureApi.as_view()),
    path("", include("helpdesk.urls")),
]
