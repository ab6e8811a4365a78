"""Websocket routes of the chat (composed in helpdesk/realtime/routing.py).

No origin validator wraps them: the consumers check the origin themselves, so that a refused
origin gets the documented close code (4403) instead of a failed handshake.
"""

from channels.sessions import SessionMiddlewareStack
from django.urls import path

from .consumers import AgentConsumer, VisitorConsumer

websocket_urlpatterns = [
    path("ws/chat/visitor/", VisitorConsumer.as_asgi()),
    # The agent's consumer resolves the session's user itself (AgentConsumer.authenticate).
    path("ws/chat/agent/", SessionMiddlewareStack(AgentConsumer.as_asgi())),
]
