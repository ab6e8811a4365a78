"""Container health check: GET /healthz on this container, with a Host header Django accepts.

Exit 0 when it answers 200 (database and Redis reachable), 1 otherwise. Used by the image's
HEALTHCHECK and by docker-compose.yml.
"""

import os
import sys
import urllib.error
import urllib.request


def allowed_host() -> str:
    first = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    if first in ("", "*"):
        return "localhost"
    if first.startswith("."):  # ".example.com" allows any subdomain
        return "healthcheck" + first
    return first


def main() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
