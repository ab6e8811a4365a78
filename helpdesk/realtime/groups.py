"""Channel-layer group names. Build them only here."""


def queue_group(queue_id: int) -> str:
    return f"queue.{queue_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def item_group(item_id: int) -> str:
    return f"item.{item_id}"


def orders_panel_group() -> str:
    """Order handlers' consoles: channel health and order changes (joined with order.handle)."""
    return "orders.panel"


def wallboard_group() -> str:
    """Supervisors' and managers' wallboards (joined with report.read)."""
    return "wallboard"
