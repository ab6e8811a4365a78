"""Websocket routing: the ASGI composition root. Consumers authenticate by session; origins
are checked (the chat's consumers check theirs, to answer with the documented close codes)."""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from chat.routing import websocket_urlpatterns as chat_urlpatterns

from .consumers import InboxConsumer

websocket_urlpatterns = [
    path("ws/inbox/", AllowedHostsOriginValidator(AuthMiddlewareStack(InboxConsumer.as_asgi()))),
    *chat_urlpatterns,
]

websocket_application = URLRouter(websocket_urlpatterns)
