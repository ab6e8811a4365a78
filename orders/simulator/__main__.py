"""``python -m orders.simulator``: see ``orders/simulator/__init__.py`` and
``docs/supplier-protocol.md``."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys

from orders.simulator import DEFAULT_CHANNELS, DEFAULT_CONTROL_PORT, DEV_SECRET
from orders.simulator.server import ChannelSpec, serve

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port < 65536:
        raise ValueError(text)
    return port


def parse(argv: list[str] | None = None, env: dict[str, str] | None = None):
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(
        prog="python -m orders.simulator",
        description="Simulated recharge suppliers (docs/supplier-protocol.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--control-port",
        type=_port,
        default=DEFAULT_CONTROL_PORT,
        help=f"the control API's port ({DEFAULT_CONTROL_PORT}; 0 for any free port)",
    )
    parser.add_argument(
        "--channel",
        action="append",
        metavar="NAME:PORT",
        help="a simulated supplier (repeatable); default: "
        + " ".join(f"{n}:{p}" for n, p in DEFAULT_CHANNELS),
    )
    parser.add_argument(
        "--secret",
        action="append",
        default=[],
        metavar="NAME=SECRET",
        help="a channel's signing secret; default: $SUPPLIER_SIM_SECRET, else a dev-only value",
    )
    args = parser.parse_args(argv)

    channels: list[tuple[str, int]] = []
    for item in args.channel or [f"{n}:{p}" for n, p in DEFAULT_CHANNELS]:
        name, _, port_text = item.partition(":")
        try:
            port = _port(port_text)
        except ValueError:
            parser.error(f"--channel {item!r}: expected NAME:PORT")
        if not NAME.fullmatch(name):
            parser.error(f"--channel {item!r}: a name is lower-case letters, digits, - and _")
        if name in dict(channels):
            parser.error(f"--channel {name} given twice")
        channels.append((name, port))
    ports = [p for _n, p in channels if p] + ([args.control_port] if args.control_port else [])
    if len(ports) != len(set(ports)):
        parser.error("every channel and the control API need ports of their own")

    default_secret = env.get("SUPPLIER_SIM_SECRET") or DEV_SECRET
    secrets = {name: default_secret for name, _port in channels}
    for item in args.secret:
        name, sep, secret = item.partition("=")
        if not sep or not secret:
            parser.error(f"--secret {item!r}: expected NAME=SECRET")
        if name not in secrets:
            parser.error(f"--secret {name}=...: no channel {name}")
        secrets[name] = secret
    specs = [ChannelSpec(name, port, secrets[name]) for name, port in channels]
    return specs, args.control_port, args.host


def main(argv: list[str] | None = None) -> int:
    specs, control_port, host = parse(argv)
    try:
        asyncio.run(serve(specs, control_port, host))
    except KeyboardInterrupt:  # a second Ctrl-C before the handlers are in place
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
