"""The simulator's control API (one port for every channel; not part of any real supplier)."""

from __future__ import annotations

import json

from aiohttp import web

from orders.simulator.channel import Channel


def _error(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    body = {"code": code, "message": message, "fields": fields or {}}
    return web.json_response(body, status=status)


def control_app(channels: dict[str, Channel]) -> web.Application:
    def channel_or_404(request: web.Request) -> Channel:
        name = request.match_info["name"]
        channel = channels.get(name)
        if channel is None:
            body = {"code": "channel_not_found", "message": f"no channel {name}", "fields": {}}
            raise web.HTTPNotFound(text=json.dumps(body), content_type="application/json")
        return channel

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "channels": sorted(channels)})

    async def list_channels(_request: web.Request) -> web.Response:
        return web.json_response({"channels": [c.describe() for c in channels.values()]})

    async def get_channel(request: web.Request) -> web.Response:
        return web.json_response(channel_or_404(request).describe())

    async def patch_channel(request: web.Request) -> web.Response:
        channel = channel_or_404(request)
        try:
            changes = await request.json()
        except ValueError:
            return _error(400, "invalid_json", "the body is not JSON")
        if not isinstance(changes, dict):
            return _error(400, "invalid_json", "the body is not a JSON object")
        errors = channel.update(changes)
        if errors:
            return _error(400, "invalid_settings", "nothing was changed", errors)
        return web.json_response(channel.describe())

    async def ledger(request: web.Request) -> web.Response:
        return web.json_response(channel_or_404(request).ledger())

    async def reset(request: web.Request) -> web.Response:
        channel = channel_or_404(request)
        channel.reset()
        return web.json_response(channel.describe())

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/channels", list_channels)
    app.router.add_get("/channels/{name}", get_channel)
    app.router.add_patch("/channels/{name}", patch_channel)
    app.router.add_get("/channels/{name}/ledger", ledger)
    app.router.add_post("/channels/{name}/reset", reset)
    return app
