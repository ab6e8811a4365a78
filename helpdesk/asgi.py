"""ASGI entry point: HTTP through Django, websockets through Channels (added by chat)."""

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
