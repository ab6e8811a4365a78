"""Report endpoints under ``/api/v1/reports/``."""

urlpatterns: list = []
