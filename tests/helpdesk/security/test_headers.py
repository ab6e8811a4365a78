"""Security headers: the Content Security Policy, framing, sniffing; pages that work under it."""

import re

import pytest
from django.test import Client

from helpdesk.common.security import DEMO_PAGE_POLICY, whitenoise_headers
from tests.factories import UserFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.mark.django_db
def test_the_app_page_carries_a_strict_policy_and_refuses_framing():
    response = Client().get("/inbox")

    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_api_answers_carry_the_policy_too():
    response = Client().get("/api/v1/auth/csrf/")

    assert _policy(response)["default-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_and_its_script_is_served_from_the_origin():
    page = Client().get("/api/docs/")

    html = page.content.decode()
    assert page.status_code == 200
    assert not INLINE_SCRIPT.search(html), html
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1)
    script = Client().get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/admin/login/", "/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"]
)
def test_the_admin_pages_have_no_inline_script(path):
    client = Client()
    if path != "/admin/login/":
        client.force_login(UserFactory(is_staff=True, is_superuser=True, roles=["manager"]))

    response = client.get(path)

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_widget_demo_page_gets_its_own_policy_and_other_files_do_not():
    demo, script = {}, {}

    whitenoise_headers(demo, "/x/widget-demo.html", "/widget-demo.html")
    whitenoise_headers(script, "/x/widget.js", "/widget.js")

    assert demo["Content-Security-Policy"] == DEMO_PAGE_POLICY
    assert "frame-ancestors 'none'" in DEMO_PAGE_POLICY
    assert script == {}
