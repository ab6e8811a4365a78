"""Security headers that the CSP middleware's one policy does not fit.

The policy itself is ``CONTENT_SECURITY_POLICY`` (django-csp, decision 0021). WhiteNoise serves
the built app's files; the widget's demo page (``widget-demo.html``) stands for another company's
shop page with its own inline script and styles, so it gets a policy of its own here (the CSP
middleware leaves a header that is already set alone).
"""

from __future__ import annotations

DEMO_PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)


def whitenoise_headers(headers, path: str, url: str) -> None:
    """WhiteNoise's ``ADD_HEADERS_FUNCTION``: per-file headers, set once at start."""
    if url.rstrip("/").endswith("/widget-demo.html"):
        headers["Content-Security-Policy"] = DEMO_PAGE_POLICY
