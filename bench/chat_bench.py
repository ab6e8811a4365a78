"""Live chat under load: the product beside a bare Channels relay, measured in the same run.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/chat_bench.py relay [--pairs 500] [--period 4] [--duration 60]

``relay``: 500 conversations (1,000 sockets) on ``bench/relay_asgi.py`` served by daphne, each side
sending every ``--period`` seconds for ``--duration`` seconds; prints delivered, lost, duplicated
and end-to-end latency p50/p95/p99. (The product's side of the comparison is added with the chat
server; see bench/README.md.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chat_load import End, Runner  # noqa: E402


def start_daphne(app: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    from helpdesk.embedded import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return proc, port  # it answered (404 for a websocket-only app)
        except OSError:
            time.sleep(0.2)
            continue
        return proc, port
    proc.kill()
    sys.exit(f"daphne ({app}) did not start")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def relay_pairs(ports: list[int], n: int) -> list[tuple[End, End]]:
    pairs = []
    for i in range(n):
        # With two processes the two ends of a conversation sit on different ones.
        a = End(url=f"ws://127.0.0.1:{ports[0]}/ws/relay/c{i}/")
        b = End(url=f"ws://127.0.0.1:{ports[-1]}/ws/relay/c{i}/")
        pairs.append((a, b))
    return pairs


def print_row(label: str, row: dict) -> None:
    print(
        f"{label:34} {row['sent']:>7} {row['delivered']:>9} {row['lost']:>5} {row['duplicated']:>5} "
        f"{row['p50']:8.1f} {row['p95']:8.1f} {row['p99']:8.1f} {row['connect_errors']:>6}"
    )


HEADER = (
    f"{'run':34} {'sent':>7} {'delivered':>9} {'lost':>5} {'dup':>5} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
)


def run_relay(args) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "helpdesk.settings.local", "LOG_LEVEL": "WARNING"}
    procs = [start_daphne("bench.relay_asgi:application", env) for _ in range(args.processes)]
    try:
        pairs = relay_pairs([p for _, p in procs], args.pairs)
        stats = asyncio.run(Runner(pairs, period=args.period, duration=args.duration).run())
        row = stats.row()
        row["rss_kib"] = [rss_kib(proc.pid) for proc, _ in procs]
        return row
    finally:
        for proc, _ in procs:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["relay"])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--period", type=float, default=4.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL must be set (e.g. redis://127.0.0.1:6379/0)")
    rate = 2 * args.pairs / args.period
    print(
        f"{args.pairs} conversations ({2 * args.pairs} sockets), each side every {args.period} s "
        f"({rate:.0f} msg/s) for {args.duration:.0f} s, {args.processes} daphne process(es)"
    )
    print(HEADER)
    row = run_relay(args)
    print_row(f"bare relay ({rate:.0f} msg/s)", row)
    print(f"daphne resident memory after the run: {row['rss_kib']} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
