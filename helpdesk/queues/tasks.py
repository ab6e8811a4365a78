from celery import shared_task

from helpdesk.common.metrics import ROUTING_SWEEP, note_run

from . import services


@shared_task(name="helpdesk.queues.tasks.route_item", ignore_result=True)
def route_item(item_id: int) -> None:
    services.workitem_auto_assign(item_id=item_id)


@shared_task(name="helpdesk.queues.tasks.route_waiting_items", ignore_result=True)
def route_waiting_items() -> int:
    routed = services.route_waiting()
    note_run(ROUTING_SWEEP)
    return routed
