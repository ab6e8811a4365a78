"""Metrics, the API schema and docs, and the admin: the pages an operator opens first."""

import pytest


@pytest.mark.django_db
def test_metrics_are_prometheus_text_with_request_counters(client):
    client.get("/healthz")  # at least one request counted

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "# TYPE django_http_requests_total_by_method_total counter" in text
    assert "django_http_requests_latency_seconds_by_view_method" in text


@pytest.mark.django_db
def test_api_schema_is_an_openapi_3_document_of_the_v1_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Help desk API"
    assert "/api/v1/inbox/" in schema["paths"]


@pytest.mark.django_db
def test_api_docs_page_loads(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.django_db
def test_admin_login_page_loads(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'name="password"' in response.content
