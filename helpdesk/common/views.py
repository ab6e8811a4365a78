"""Helpers for thin API views."""

from rest_framework.views import APIView

LIST_PARAMS_SEPARATOR = ","


def query_dict(request, list_fields: tuple[str, ...] = ()) -> dict:
    """Query parameters as a plain dict; list fields accept repeats and comma-separated values."""
    out: dict = {}
    for key in request.query_params:
        if key in list_fields:
            values: list[str] = []
            for raw in request.query_params.getlist(key):
                values += [v for v in raw.split(LIST_PARAMS_SEPARATOR) if v != ""]
            out[key] = values
        else:
            out[key] = request.query_params.get(key)
    return out


class ApiView(APIView):
    """Base for command endpoints: declare ``rbac_permissions`` per HTTP method."""

    rbac_permissions: dict = {}
