"""Celery tasks of the live wallboard (imported by ``ReportsConfig.ready``)."""

from celery import shared_task


@shared_task(ignore_result=True)
def push_wallboard() -> None:
    """One coalesced recompute and publish (scheduled by ``wallboard_live.wallboard_changed``)."""
    from .wallboard_live import wallboard_push

    wallboard_push()


@shared_task(ignore_result=True)
def wallboard_tick() -> None:
    """Beat: SLA clocks move into "at risk", waits grow and heartbeats lapse without any event;
    the tick rings the same doorbell (so it never adds a second recompute in a window)."""
    from .wallboard_live import wallboard_changed

    wallboard_changed()
