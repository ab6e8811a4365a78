"""The browser app's first load: JavaScript size (gzip) and time to a usable inbox.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/frontend_bench.py

1. Sizes: every JavaScript and CSS file that ``frontend/dist/index.html`` loads, raw and gzip -9
   (what a browser downloads on a first visit), from the build in ``frontend/dist``.
2. Time to a usable inbox, in Debian's Chromium (headless, through Playwright), against a daphne
   process serving the built app on 10,000 work items (its own database, ``helpdesk_bench_ui``,
   loaded by ``inbox_bench.py``'s loader): from navigation start until the first inbox row is
   on screen and the page answers input, cold (empty cache) and warm (assets cached).
   Measured beside, in the same run and browser: **API**, the inbox request alone (the floor of
   what the page waits for), and **admin**, Django's server-rendered admin list of the same work
   items (a page with no JavaScript app) as the peer.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DIST = ROOT / "frontend" / "dist"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db-name", default="helpdesk_bench_ui")
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def asset_sizes() -> list[tuple[str, int, int]]:
    index = (DIST / "index.html").read_text()
    names = re.findall(r'(?:src|href)="/(assets/[^"]+\.(?:js|css))"', index)
    rows = []
    for name in names:
        data = (DIST / name).read_bytes()
        rows.append((name, len(data), len(gzip.compress(data, compresslevel=9))))
    return rows


def start_server(database_url: str) -> tuple[subprocess.Popen, str]:
    from helpdesk.embedded import free_port

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.local",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "helpdesk.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("daphne did not start")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(url: str, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"cold": [], "warm": [], "api": [], "admin": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        login = browser.new_context(base_url=url)
        page = login.new_page()
        page.goto("/login")
        page.get_by_label("Username").fill("bench-manager")
        page.get_by_label("Password").fill("bench-pass")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("[data-testid=user-menu]")
        state = login.storage_state()
        login.close()

        def inbox_ready_ms(page) -> float:
            page.goto("/inbox", wait_until="commit")
            page.wait_for_selector("[data-testid^=inbox-row-]", state="visible", timeout=30000)
            # "Interactive": the main thread is free to answer input (a frame gets painted).
            return page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"
            )

        for _ in range(runs):
            context = browser.new_context(base_url=url, storage_state=state)
            page = context.new_page()
            results["cold"].append(inbox_ready_ms(page))
            results["warm"].append(inbox_ready_ms(page))
            started = time.perf_counter()
            response = context.request.get("/api/v1/inbox/?status=new,open,pending,on_hold")
            assert response.ok, response.status
            results["api"].append((time.perf_counter() - started) * 1000)
            page.goto("/admin/queues/workitem/", wait_until="commit")
            page.wait_for_selector("#result_list", state="visible", timeout=30000)
            results["admin"].append(
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"
                )
            )
            context.close()
        browser.close()
    return results


def main() -> int:
    args = parse_args()
    if not (DIST / "index.html").exists():
        sys.exit("Build the app first: make frontend")
    import inbox_bench

    bench_args = argparse.Namespace(
        items=args.items, queues=20, agents=50, db_name=args.db_name, rebuild=args.rebuild
    )
    bench_url = inbox_bench.prepare_database(bench_args)
    inbox_bench.setup_django(bench_url)
    inbox_bench.load_data(bench_args)
    from helpdesk.accounts.models import User

    User.objects.filter(username="bench-manager").update(is_staff=True, is_superuser=True)

    sizes = asset_sizes()
    print(f"\nBuilt JavaScript and CSS loaded by the first page ({DIST}):")
    print(f"{'file':48} {'raw KiB':>9} {'gzip KiB':>9}")
    for name, raw, gz in sizes:
        print(f"{name:48} {raw / 1024:9.1f} {gz / 1024:9.1f}")
    js = [s for s in sizes if s[0].endswith(".js")]
    print(
        f"{'total JavaScript':48} {sum(s[1] for s in js) / 1024:9.1f} {sum(s[2] for s in js) / 1024:9.1f}"
    )

    proc, url = start_server(bench_url)
    try:
        results = measure(url, args.runs)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(
        f"\nTime to a usable inbox, {args.items:,} work items, manager (sees all), "
        f"{args.runs} runs; ms from navigation start:"
    )
    print(f"{'what':44} {'p50':>8} {'p95':>8} {'mean':>8}")
    labels = {
        "cold": "inbox page, empty cache (first visit)",
        "warm": "inbox page, assets cached (reload)",
        "api": "API alone: GET /api/v1/inbox/ (floor)",
        "admin": "peer: Django admin work-item list",
    }
    for key, label in labels.items():
        values = results[key]
        print(
            f"{label:44} {pct(values, 50):8.1f} {pct(values, 95):8.1f} {statistics.mean(values):8.1f}"
        )
    ratio = pct(results["cold"], 50) / pct(results["admin"], 50)
    print(f"\ncold inbox / admin list (p50): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
