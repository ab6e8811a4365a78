"""Channel-layer group names of the chat. Build them only here (see helpdesk.realtime.groups)."""


def conversation_group(conversation_id: int) -> str:
    """Everyone in the conversation: its visitor's sockets and the agents following it."""
    return f"chat.{conversation_id}"


def conversation_staff_group(conversation_id: int) -> str:
    """Agents only: internal notes go here, so a visitor's socket never receives one."""
    return f"chat.{conversation_id}.staff"
