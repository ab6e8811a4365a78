"""ASGI entry point: HTTP through Django, websockets through Channels (added by chat)."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")

from channels.routing import ProtocolTypeRouter
from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from helpdesk.realtime.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": websocket_application,
    }
)
# Everything loaded so far lives as long as the process: keep it out of the collector's scans,
# and collect young objects less often. With the defaults, collections paused a busy chat
# process for up to ~200 ms at a time (p99 of message latency; bench/README.md, live chat).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
