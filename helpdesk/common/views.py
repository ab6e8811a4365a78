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
    """Base for command endpoints: declare ``rbac_permissions`` per HTTP method.

    A view that answers a page of a list sets ``pagination_class`` and answers with
    :meth:`paginated`: the OpenAPI document then shows the page object and its parameters
    (``helpdesk/common/schema.py``), so the schema and the answer cannot drift apart.
    """

    rbac_permissions: dict = {}
    pagination_class = None

    def paginated(self, request, queryset, serializer_class, **serializer_kwargs):
        """The ``{count, next, previous, results}`` page of ``queryset`` for this request."""
        assert self.pagination_class is not None, f"{type(self).__name__}.pagination_class"
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = serializer_class(page, many=True, **serializer_kwargs).data
        return paginator.get_paginated_response(data)
