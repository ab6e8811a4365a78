"""Extension points of the reports.

``survey_summary``: the monthly report shows the month's survey response when a survey module
registers a provider here (``register_survey_summary(fn)`` in its ``AppConfig.ready``): ``fn``
takes the month (a ``Span``) and returns a JSON-ready dict (e.g. ``{"campaigns", "sent",
"responses", "response_rate", "scores"}``) or ``None``. Without a provider the report's
``satisfaction.survey`` is ``null``.
"""

from __future__ import annotations

from collections.abc import Callable

_survey_providers: list[Callable] = []


def register_survey_summary(fn: Callable) -> None:
    if fn not in _survey_providers:
        _survey_providers.append(fn)


def survey_summary(period) -> dict | None:
    for provider in _survey_providers:
        result = provider(period)
        if result is not None:
            return result
    return None
