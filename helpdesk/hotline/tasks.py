from celery import shared_task

from . import services


@shared_task(name="helpdesk.hotline.tasks.end_stale_calls", ignore_result=True)
def end_stale_calls() -> int:
    """Beat: calls whose hang-up never came (docs/hotline.md, "Calls that never end")."""
    return services.calls_end_stale()
