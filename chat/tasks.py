"""Chat tasks: they take ids and call services (idempotent)."""

from celery import shared_task

from helpdesk.common.metrics import CHAT_REOFFER_SWEEP, note_run

from . import offers


@shared_task(name="chat.tasks.offer_conversation", ignore_result=True)
def offer_conversation(conversation_id: int) -> None:
    offers.conversation_offer(conversation_id=conversation_id)


@shared_task(name="chat.tasks.route_waiting_chats", ignore_result=True)
def route_waiting_chats(user_id: int) -> int:
    return offers.route_waiting_chats(user_id=user_id)


@shared_task(name="chat.tasks.reoffer_stale", ignore_result=True)
def reoffer_stale() -> int:
    """The sweep: lapsed offers, and chats whose agent is gone, back to the queue."""
    moved = offers.reoffer_stale() + offers.release_abandoned()
    note_run(CHAT_REOFFER_SWEEP)
    return moved
