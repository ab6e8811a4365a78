"""A small TCP proxy for the scale bench: the front proxy of the daphne processes, and the
pausable link between the app processes and PostgreSQL.

    python bench/tcp_proxy.py --listen 127.0.0.1:8400 --backend 127.0.0.1:8401 --backend ...

Layer 4: each accepted connection goes to the next backend in turn (round-robin); a backend
that refuses the connection is skipped for that connection (the next one is tried), so killing
one daphne costs only the connections it held. HTTP keep-alive and websockets pass through as
bytes. No nginx or haproxy is installed on the bench machine; the production shape
(docker-compose.yml: nginx in front of N daphne) balances the same way (per connection), and
this keeps the bench free of system packages.

The bench stands for a PostgreSQL stall by stopping this process (SIGSTOP, then SIGCONT after a
few seconds): every open connection to the database hangs as it would while the server is
stuck, then goes on where it stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import signal


def host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class Proxy:
    def __init__(self, backends: list[tuple[str, int]]):
        self.backends = backends
        self.turn = itertools.cycle(range(len(backends)))

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        start = next(self.turn)
        upstream = None
        for offset in range(len(self.backends)):
            host, port = self.backends[(start + offset) % len(self.backends)]
            try:
                upstream = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
                break
            except (OSError, TimeoutError):
                continue
        if upstream is None:
            writer.close()
            return
        up_reader, up_writer = upstream
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def serve(listen: tuple[str, int], backends: list[tuple[str, int]]) -> None:
    proxy = Proxy(backends)
    server = await asyncio.start_server(proxy.handle, *listen, backlog=2048, reuse_address=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"tcp_proxy: ready on {listen[0]}:{listen[1]}", flush=True)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=host_port, required=True)
    parser.add_argument("--backend", type=host_port, action="append", required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.listen, args.backend))


if __name__ == "__main__":
    main()
