"""The five roles of a customer-service department. A person may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Agent")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")
    ORDER_HANDLER = "order_handler", _("Order handler")


ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = ALL_ROLES
LEADS = frozenset({Role.MANAGER, Role.SUPERVISOR})
