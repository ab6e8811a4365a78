from celery import shared_task


@shared_task(name="helpdesk.reports.tasks.daily_problems", ignore_result=True)
def daily_problems() -> str | None:
    """Beat (every ``REPORTS_PROBLEMS_SWEEP_SECONDS``): from ``REPORTS_PROBLEMS_HOUR`` local, the
    day's problems report is stored and sent to supervisors and managers, once (docs/reports.md)."""
    from .sending import problems_send_if_due

    stored = problems_send_if_due()
    return stored.day.isoformat() if stored is not None else None


@shared_task(name="helpdesk.reports.tasks.service_rollups", ignore_result=True)
def service_rollups() -> list[str]:
    """Beat (every ``REPORTS_ROLLUP_SECONDS``): build the service report's roll-ups of the closed
    days not built yet and rebuild the days changed since (decision 0022)."""
    from .rollups import refresh

    return [f"{s.first}..{s.last}" for s in refresh()]
