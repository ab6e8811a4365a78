"""The bare Channels relay: the floor of the realtime stack (no database, no auth).

A consumer that joins one group per conversation and forwards every frame to the other sockets
of that group through the channel layer (channels-redis), exactly as the chat product's doorbell
does, minus everything else. Served by daphne: ``daphne bench.relay_asgi:application``.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")

import django

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class RelayConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"relay.{self.scope['url_route']['kwargs']['conversation']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(
            self.group, {"type": "relay.frame", "text": text_data, "sender": self.channel_name}
        )

    async def relay_frame(self, event):
        if event["sender"] != self.channel_name:
            await self.send(text_data=event["text"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/relay/<str:conversation>/", RelayConsumer.as_asgi())])}
)
