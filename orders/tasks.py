from celery import shared_task

from helpdesk.common.metrics import ORDERS_SWEEP, note_run

from . import dispatch, services
from .models import SupplierChannel


@shared_task(
    name="orders.tasks.dispatch_order",
    ignore_result=True,
    acks_late=True,  # a worker killed mid-step: the task runs again, and queries first
)
def dispatch_order(order_id: int, only_channel: int | None = None) -> str:
    return dispatch.step(order_id, only_channel)


@shared_task(name="orders.tasks.sweep", ignore_result=True)
def sweep() -> int:
    """Beat: step every order whose next action is due (queries, retries, lost workers)."""
    due = dispatch.due_orders()
    for order_id in due:
        dispatch_order.delay(order_id)
    note_run(ORDERS_SWEEP)
    return len(due)


@shared_task(name="orders.tasks.read_balances", ignore_result=True)
def read_balances() -> int:
    read = 0
    for channel in SupplierChannel.objects.filter(enabled=True):
        read += services.balance_read(channel) is not None
    return read
