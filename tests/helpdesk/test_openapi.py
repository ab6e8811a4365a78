"""The OpenAPI document is valid, warning-free, and covers every API endpoint."""

import re

import pytest
import yaml
from django.core.management import call_command

from helpdesk.accounts.matrix import api_endpoints


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())

    assert schema["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in schema["paths"].items() for method in ops}
    for endpoint in api_endpoints():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", endpoint.path)
        assert (path, endpoint.method) in documented, f"{endpoint.method} {path} not in schema"


@pytest.mark.django_db
def test_the_schema_and_its_page_are_served(api):
    assert api.get("/api/schema/").status_code == 200
    assert api.get("/api/docs/").status_code == 200
