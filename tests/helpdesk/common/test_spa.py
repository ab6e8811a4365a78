"""The browser app is served at every page path; API paths keep their JSON answers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_app(settings, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><div id="root"></div>')
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/inbox", "/tickets/12", "/customers/3?x=1"])
def test_page_routes_get_the_app_with_a_csrf_cookie(api, built_app, path):
    response = api.get(path)

    assert response.status_code == 200
    assert b'<div id="root">' in response.content
    assert response["Cache-Control"] == "no-cache"
    assert "csrftoken" in response.cookies


def test_unknown_api_paths_stay_json_404s(api, built_app):
    response = api.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unbuilt_app_says_how_to_build_it(api, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"

    response = api.get("/inbox")

    assert response.status_code == 503
    assert "make run" in response.content.decode()


def test_hashed_assets_are_immutable_and_others_are_not():
    from helpdesk.common.spa import immutable_file_test

    assert immutable_file_test("", "/assets/index-BeETjL8p.js")
    assert not immutable_file_test("", "/index.html")
    assert not immutable_file_test("", "/favicon.ico")


def test_a_missing_file_is_a_404_not_the_app(api, built_app):
    response = api.get("/no-such-bundle.js")

    assert response.status_code == 404
    assert b'<div id="root">' not in response.content
