"""One process: a supplier app per channel, each on its own port, and the control app."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from orders.simulator.channel import Channel
from orders.simulator.control import control_app
from orders.simulator.supplier import supplier_app

SHUTDOWN_TIMEOUT = 1.0  # seconds open requests (a held "timeout" answer) get at shutdown


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    port: int
    secret: str


def _say(text: str) -> None:
    print(f"simulator: {text}", flush=True)


def _bound_port(runner: web.AppRunner) -> int:
    return runner.addresses[0][1]


async def serve(
    specs: list[ChannelSpec],
    control_port: int,
    host: str = "127.0.0.1",
    stop: asyncio.Event | None = None,
    say: Callable[[str], None] = _say,
) -> None:
    """Serve until ``stop`` is set (SIGTERM/SIGINT set it when ``stop`` is not given)."""
    loop = asyncio.get_running_loop()
    if stop is None:
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)

    channels = {spec.name: Channel(spec.name, spec.port, spec.secret, host) for spec in specs}
    session: aiohttp.ClientSession | None = None

    def client() -> aiohttp.ClientSession:
        nonlocal session
        if session is None:
            session = aiohttp.ClientSession()
        return session

    runners: list[web.AppRunner] = []
    try:
        for channel in channels.values():
            runner = await _start(supplier_app(channel, client, say), host, channel.port, runners)
            channel.port = _bound_port(runner)
            say(f"{channel.name} on http://{host}:{channel.port} (merchant {channel.merchant})")
        runner = await _start(control_app(channels), host, control_port, runners)
        say(f"control on http://{host}:{_bound_port(runner)} (GET /channels)")
        say("ready")
        await stop.wait()
        say("stopping")
    finally:
        for channel in channels.values():
            for task in list(channel.tasks):
                task.cancel()
        for runner in reversed(runners):
            await runner.cleanup()
        for channel in channels.values():
            if channel.tasks:
                await asyncio.gather(*channel.tasks, return_exceptions=True)
        if session is not None:
            await session.close()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(signum)
    say("stopped")


async def _start(app: web.Application, host: str, port: int, runners: list) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    runners.append(runner)
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        raise SystemExit(
            f"simulator: error: cannot listen on {host}:{port}: {exc.strerror}"
        ) from None
    return runner
