"""factory_boy factories for the help-desk core."""

import factory

from helpdesk.accounts.models import User, UserRole
from helpdesk.customers.models import Customer, CustomerContact
from helpdesk.queues.models import Kind, Queue, QueueMembership, WorkItem

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            UserRole.objects.create(user=self, role=role)
        self.__dict__.pop("role_set", None)


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    name = factory.Sequence(lambda n: f"Queue {n}")
    slug = factory.Sequence(lambda n: f"queue-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueMembership

    queue = factory.SubFactory(QueueFactory)
    user = factory.SubFactory(UserFactory)
    role = "agent"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name")
    company = factory.Faker("company")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerContact

    customer = factory.SubFactory(CustomerFactory)
    kind = "phone"
    value = factory.Sequence(lambda n: f"+8613800{n:06d}")


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    kind = Kind.TICKET
    queue = factory.SubFactory(QueueFactory)
    subject = factory.Sequence(lambda n: f"Item {n}")


def make_product(name: str = "CM 30"):
    """The recharge product the order tests place: China Mobile airtime, 30 yuan for 29.90."""
    from orders.models import Product

    return Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name=name,
        code="mobile-30",
        face_value=3_000,
        price=2_990,
    )
