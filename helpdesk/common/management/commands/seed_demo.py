"""``manage.py seed_demo``: demo people, queues, customers, tickets and calls. Idempotent.

Every row is looked up by a natural key (username, queue slug, category name, canned title,
customer phone, ticket subject in its queue) and only created when missing, so a second run
changes nothing. Existing rows are never modified (a changed demo password stays changed).
Tickets go through ``helpdesk.tickets.services`` (create, assign, reply, status), so each has
its messages and its event trail as if people had worked it; calls go through
``helpdesk.hotline.services`` (ringing, answered, hang-up), so missed ones fold into ring-backs.
Demo agents get phone extensions when they have none (the only field filled in on an existing
row). Complaints go through ``helpdesk.complaints.services`` (opened, investigated, proposed,
approved by the manager, the customer informed, closed), so each stage shows on the board with
its steps and evidence.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from helpdesk.accounts.models import User, UserRole
from helpdesk.common.management.demo_data import (
    DEMO_CALLS,
    DEMO_CANNED,
    DEMO_CATEGORIES,
    DEMO_COMPLAINTS,
    DEMO_CUSTOMERS,
    DEMO_EXTENSIONS,
    DEMO_MEMBERSHIPS,
    DEMO_PBX,
    DEMO_PRODUCTS,
    DEMO_QUEUES,
    DEMO_RINGBACK_SLA,
    DEMO_SHIFT_TYPES,
    DEMO_SLA,
    DEMO_SUPPLIERS,
    DEMO_TICKETS,
    DEMO_USERS,
    SUPERUSER,
    demo_password,
)
from helpdesk.common.management.demo_history import seed_history
from helpdesk.common.management.demo_quality import seed_quality
from helpdesk.customers.models import ContactKind, Customer, CustomerContact
from helpdesk.customers.phone import normalise_email, normalise_phone
from helpdesk.queues import configuration as queue_configuration
from helpdesk.queues import services as queue_services
from helpdesk.queues.models import (
    CannedResponse,
    Category,
    Queue,
    QueueMembership,
    Status,
    WorkItem,
    WorkItemEvent,
)
from helpdesk.tickets import services as ticket_services
from helpdesk.tickets.models import MessageKind, Ticket, TicketChannel, TicketMessage

# Spread over the tickets of each queue, by position.
STATUS_CYCLE = [
    Status.NEW,
    Status.OPEN,
    Status.OPEN,
    Status.PENDING,
    Status.NEW,
    Status.ON_HOLD,
    Status.RESOLVED,
    Status.OPEN,
    Status.CLOSED,
]
PRIORITY_CYCLE = [2, 3, 1, 4, 2, 2, 3, 1]
CHANNEL_CYCLE = [TicketChannel.WEB, TicketChannel.EMAIL, TicketChannel.PHONE, TicketChannel.CHAT]
ASSIGNABLE_ROLES = ("agent", "complaint_handler", "order_handler")


class Command(BaseCommand):
    help = "Create the demo users, queues, customers and tickets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even under production settings (demo logins have a known password).",
        )

    def handle(self, *args, **options):
        if "production" in settings.SETTINGS_MODULE and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo logins with a known password under production settings "
                "(pass --allow-production if you really mean it)."
            )
        self.created: dict[str, int] = {}
        with transaction.atomic():
            users = self._users()
            queues = self._queues(users)
            categories = self._categories(queues)
            self._canned(queues)
            customers = self._customers(users)
            self._sla(queues)
            self._tickets(users, queues, categories, customers)
            self._shift_types()
            self._orders()
            self._hotline(users, queues)
            self._complaints(users, queues, customers)
            seed_quality(users, self._count)
            self.created["past tickets"] = seed_history(users, customers)
        summary = ", ".join(f"{n} {name}" for name, n in self.created.items() if n) or "nothing"
        self.stdout.write(f"Demo data ready (created: {summary}).")
        self.stdout.write(
            "Demo logins: "
            + ", ".join(username for username, *_rest in DEMO_USERS)
            + " (password: DEMO_PASSWORD, see docs/running.md)."
        )

    def _count(self, name: str, created: bool) -> None:
        self.created[name] = self.created.get(name, 0) + int(created)

    # --- people and queues -------------------------------------------------------------------

    def _users(self) -> dict[str, User]:
        users = {}
        password = demo_password()
        for username, zh_name, en_name, roles in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            created = user is None
            if created:
                is_super = username == SUPERUSER
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    email=f"{username}@demo.helpdesk.test",
                    display_name=zh_name,
                    first_name=en_name.split()[0],
                    last_name=" ".join(en_name.split()[1:]),
                    is_staff=is_super,
                    is_superuser=is_super,
                )
                UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
                user.__dict__.pop("role_set", None)
            self._count("users", created)
            users[username] = user
        return users

    def _queues(self, users: dict[str, User]) -> dict[str, Queue]:
        queues = {}
        for slug, name, description, routing_mode in DEMO_QUEUES:
            queue = Queue.objects.filter(slug=slug).first()
            created = queue is None
            if created:
                queue = queue_configuration.queue_create(
                    actor=users[SUPERUSER],
                    name=name,
                    slug=slug,
                    description=description,
                    routing_mode=routing_mode,
                )
            self._count("queues", created)
            queues[slug] = queue
        for slug, members in DEMO_MEMBERSHIPS.items():
            for username, role, accepts_routing in members:
                exists = QueueMembership.objects.filter(
                    queue=queues[slug], user=users[username]
                ).exists()
                if not exists:
                    queue_configuration.membership_set(
                        queue=queues[slug],
                        user=users[username],
                        role=role,
                        accepts_routing=accepts_routing,
                    )
                self._count("memberships", not exists)
        return queues

    def _sla(self, queues: dict[str, Queue]) -> None:
        from helpdesk.sla.models import SlaPolicy

        for slug, (first, following, resolution) in DEMO_SLA.items():
            _policy, created = SlaPolicy.objects.get_or_create(
                queue=queues[slug],
                priority=None,
                kind="",
                defaults={
                    "first_response_minutes": first,
                    "next_response_minutes": following,
                    "resolution_minutes": resolution,
                    "appeal_to_manager": slug == "complaints",
                },
            )
            self._count("SLA policies", created)

    def _hotline(self, users: dict[str, User], queues: dict[str, Queue]) -> None:
        """Extensions for the demo agents, the demo telephone system's integration (its secret
        from HOTLINE_PBX_SECRET, else generated and kept in var/ for the PBX simulator), a
        ring-back SLA, and a morning's calls played through the call services."""
        from helpdesk.hotline import demo
        from helpdesk.hotline.models import TelephonyIntegration
        from helpdesk.sla.models import SlaPolicy

        for username, extension in DEMO_EXTENSIONS.items():
            user = users[username]
            if not user.extension:  # filled in when empty, never changed
                user.extension = extension
                user.save(update_fields=["extension"])
                self._count("extensions", True)
        for slug, (first, resolution) in DEMO_RINGBACK_SLA.items():
            _policy, created = SlaPolicy.objects.get_or_create(
                queue=queues[slug],
                priority=None,
                kind="callback",
                defaults={"first_response_minutes": first, "resolution_minutes": resolution},
            )
            self._count("SLA policies", created)
        name, slug = DEMO_PBX
        integration = TelephonyIntegration.objects.filter(name=name).first()
        self._count("telephony integrations", integration is None)
        if integration is None:
            secret = demo.stored_secret() or demo.new_secret()
            integration = TelephonyIntegration.objects.create(
                name=name,
                description="The demo PBX (python -m helpdesk.hotline.pbx)",
                secret=secret,
                default_queue=queues[slug],
            )
        if not demo.stored_secret():
            demo.keep_secret(integration.secret)  # where the simulator looks for it
        self._calls(integration, queues[slug])

    def _calls(self, integration, queue: Queue) -> None:
        from helpdesk.hotline import aftercall
        from helpdesk.hotline import services as calls
        from helpdesk.hotline.models import Call
        from helpdesk.hotline.numbers import call_number

        now = timezone.now()
        for pbx_id, caller, extension, ago, ring, talk, cause, notes in DEMO_CALLS:
            if Call.objects.filter(integration=integration, pbx_call_id=pbx_id).exists():
                self._count("calls", False)
                continue
            started = now - timedelta(minutes=ago)
            call = calls.call_ring(
                integration=integration,
                pbx_call_id=pbx_id,
                direction="inbound",
                from_number=call_number(caller, field="from"),
                to_number=call_number("4008001234", field="to"),
                queue=queue,
                at=started,
                extension=extension,
            )
            if talk is not None:
                calls.call_answer(call_id=call.pk, at=started + timedelta(seconds=ring))
            calls.call_hang_up(
                call_id=call.pk,
                at=started + timedelta(seconds=ring + (talk or 0)),
                cause=cause,
            )
            if notes and call.agent is not None:
                aftercall.call_wrap_up(
                    call_id=call.pk, actor=call.agent, outcome="resolved", notes=notes
                )
            self._count("calls", True)

    def _complaints(self, users: dict[str, User], queues: dict[str, Queue], customers) -> None:
        """A few complaints worked to different stages through the complaint services (the
        complaint handler investigates and proposes, the manager approves)."""
        from helpdesk.complaints import services as complaints
        from orders.models import Order, Product
        from orders.services import new_reference

        queue = queues.get(settings.COMPLAINTS_QUEUE)
        if queue is None:
            return
        manager, opener = users[SUPERUSER], users["agent1"]
        order_of = {}
        for (
            subject,
            who,
            source,
            severity,
            category,
            stage,
            findings,
            remedies,
            text,
        ) in DEMO_COMPLAINTS:
            if WorkItem.objects.filter(queue=queue, kind="complaint", subject=subject).exists():
                self._count("complaints", False)
                continue
            customer = customers[who % len(customers)]
            kwargs = {"subject": subject, "severity": severity}
            kwargs["category_id"] = (
                Category.objects.filter(queue=queue, name=category)
                .values_list("pk", flat=True)
                .first()
            )
            actor = manager
            if source == "order":
                phone = customer.contacts.filter(kind=ContactKind.PHONE).first()
                product = Product.objects.filter(code="mobile-50").first()
                order = Order.objects.create(
                    reference=new_reference(),
                    customer=customer,
                    account=phone.value if phone else "+8613800000000",
                    product=product,
                    amount=product.face_value,
                    price=product.price,
                    status="failed",
                    fail_category="supplier",
                    finished_at=timezone.now(),
                )
                order_of[subject] = order
                kwargs["source_order_id"] = order.pk
            elif source:
                ticket = WorkItem.objects.filter(queue__slug="support", subject=source).first()
                if ticket is None:
                    continue
                kwargs["source_item_id"] = ticket.pk
                actor = opener
            else:
                kwargs["customer_id"] = customer.pk
                kwargs["description"] = f"客户来电投诉：{subject}"
            complaint = complaints.complaint_open(actor=actor, **kwargs)
            self._work_complaint(
                complaint.pk, stage, findings, remedies, text, order_of.get(subject), users
            )
            self._count("complaints", True)

    def _work_complaint(self, complaint_id, stage, findings, remedies, text, order, users):
        from helpdesk.complaints import services as complaints
        from orders.models import SupplierChannel

        handler, manager = users["complaints"], users[SUPERUSER]
        stages = ["received", "investigating", "proposed", "approved", "informed", "closed"]
        reach = stages.index(stage)
        if reach < 1:
            return
        complaints.complaint_investigate(actor=handler, complaint_id=complaint_id)
        complaints.complaint_note(
            actor=handler, complaint_id=complaint_id, body="已联系客户并调取记录。"
        )
        if findings:
            root_cause, who = findings
            fields = {"root_cause": root_cause}
            channel = SupplierChannel.objects.filter(name=who).first()
            if root_cause == "agent_conduct":
                fields["attributed_agent_id"] = users[who].pk
            elif root_cause == "supplier_channel" and channel is not None:
                fields["attributed_channel_id"] = channel.pk
            else:  # a process (or a channel this demo's suppliers do not have)
                fields["root_cause"] = "process" if root_cause == "supplier_channel" else root_cause
                fields["attribution_note"] = who
            complaints.complaint_update(actor=handler, complaint_id=complaint_id, **fields)
        for kind, amount in remedies:
            complaints.remedy_add(
                actor=handler,
                complaint_id=complaint_id,
                kind=kind,
                order_id=order.pk if kind == "refund" and order else None,
                amount_fen=amount,
            )
        if reach < 2:
            return
        complaints.complaint_propose(actor=handler, complaint_id=complaint_id, resolution=text)
        if reach < 3:
            return
        complaints.complaint_approve(
            actor=manager, complaint_id=complaint_id, confirm_above_threshold=True
        )
        if reach < 4:
            return
        complaints.complaint_inform(actor=handler, complaint_id=complaint_id)
        if reach < 5:
            return
        complaints.complaint_close(actor=handler, complaint_id=complaint_id)

    def _orders(self) -> None:
        import os

        from orders.models import Product, SupplierChannel
        from orders.simulator import DEV_SECRET

        products = []
        for code, operator, kind, name, face_value, price in DEMO_PRODUCTS:
            product, created = Product.objects.get_or_create(
                code=code,
                defaults={
                    "operator": operator,
                    "kind": kind,
                    "name": name,
                    "face_value": face_value,
                    "price": price,
                },
            )
            products.append(product)
            self._count("products", created)
        secret = os.environ.get("SUPPLIER_SIM_SECRET") or DEV_SECRET
        suppliers = os.environ.get("ORDERS_DEMO_SUPPLIERS") or DEMO_SUPPLIERS
        for priority, entry in enumerate(suppliers.split(","), start=1):
            name, _sep, port = entry.strip().partition(":")
            channel, created = SupplierChannel.objects.get_or_create(
                name=name,
                defaults={
                    "base_url": f"http://127.0.0.1:{port}",
                    "merchant": f"sim-{name}",
                    "secret": secret,
                    "priority": priority,
                },
            )
            if created:
                channel.products.set(products)
            self._count("supplier channels", created)

    def _shift_types(self) -> None:
        from datetime import time

        from helpdesk.shifts.models import ShiftType
        from helpdesk.shifts.people import covers_night

        for name, code, start, minutes in DEMO_SHIFT_TYPES:
            hour, minute = (int(part) for part in start.split(":"))
            _type, created = ShiftType.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "start": time(hour, minute),
                    "minutes": minutes,
                    "is_night": covers_night(time(hour, minute), minutes),
                },
            )
            self._count("shift types", created)

    def _categories(self, queues: dict[str, Queue]) -> dict[str | None, list[Category]]:
        out: dict[str | None, list[Category]] = {}
        for slug, names in DEMO_CATEGORIES.items():
            queue = queues[slug] if slug else None
            for name in names:
                category, created = Category.objects.get_or_create(queue=queue, name=name)
                self._count("categories", created)
                out.setdefault(slug, []).append(category)
        return out

    def _canned(self, queues: dict[str, Queue]) -> None:
        for slug, title, body in DEMO_CANNED:
            queue = queues[slug] if slug else None
            _canned, created = CannedResponse.objects.get_or_create(
                queue=queue, title=title, defaults={"body": body}
            )
            self._count("canned responses", created)

    # --- customers and tickets -----------------------------------------------------------------

    def _customers(self, users: dict[str, User]) -> list[Customer]:
        customers = []
        for name, company, phone, email in DEMO_CUSTOMERS:
            e164 = normalise_phone(phone)
            contact = (
                CustomerContact.objects.filter(kind=ContactKind.PHONE, value=e164)
                .select_related("customer")
                .first()
            )
            if contact is not None:
                customers.append(contact.customer)
                self._count("customers", False)
                continue
            customer = Customer.objects.create(
                name=name, company=company, custodian=users["supervisor"]
            )
            CustomerContact.objects.bulk_create(
                [
                    CustomerContact(
                        customer=customer,
                        kind=ContactKind.PHONE,
                        value=e164,
                        label="mobile",
                        is_primary=True,
                    ),
                    CustomerContact(
                        customer=customer,
                        kind=ContactKind.EMAIL,
                        value=normalise_email(email),
                        label="email",
                    ),
                ]
            )
            self._count("customers", True)
            customers.append(customer)
        return customers

    def _tickets(self, users, queues, categories, customers) -> None:
        now = timezone.now()
        manager = users[SUPERUSER]
        n = 0
        for slug, subjects in DEMO_TICKETS.items():
            queue = queues[slug]
            assignees = [
                users[username]
                for username, role, _accepts in DEMO_MEMBERSHIPS[slug]
                if role in ASSIGNABLE_ROLES
            ]
            queue_categories = categories.get(slug, []) + categories.get(None, [])
            for i, subject in enumerate(subjects):
                n += 1
                if WorkItem.objects.filter(queue=queue, subject=subject).exists():
                    self._count("tickets", False)
                    continue
                customer = customers[n % len(customers)]
                status = STATUS_CYCLE[i % len(STATUS_CYCLE)]
                ticket = ticket_services.ticket_create(
                    actor=manager,
                    queue_id=queue.pk,
                    subject=subject,
                    body=f"您好，{subject.split(' ')[0]}，请尽快帮我处理，谢谢！\n\n{subject}",
                    priority=PRIORITY_CYCLE[n % len(PRIORITY_CYCLE)],
                    category_id=queue_categories[i % len(queue_categories)].pk,
                    tags=["demo"] + (["vip"] if n % 5 == 0 else []),
                    customer_id=customer.pk,
                    channel=CHANNEL_CYCLE[n % len(CHANNEL_CYCLE)],
                    requester_name=customer.name,
                    requester_email=customer.contacts.filter(kind=ContactKind.EMAIL)
                    .values_list("value", flat=True)
                    .first()
                    or "",
                )
                if status != Status.NEW and assignees:
                    self._work_on(ticket, assignees[n % len(assignees)], manager, status)
                self._backdate(ticket, now - timedelta(days=(n * 7) % 12, hours=(n * 5) % 24))
                self._count("tickets", True)

    def _work_on(self, ticket: Ticket, assignee: User, manager: User, status: str) -> None:
        """Assign the ticket, answer the customer and move it to ``status``."""
        queue_services.workitem_assign(
            item_id=ticket.pk, assignee=assignee, actor=manager, reason="demo"
        )
        reply_status = (
            status if status in (Status.PENDING, Status.ON_HOLD, Status.RESOLVED) else None
        )
        ticket_services.ticket_reply(
            ticket_id=ticket.pk,
            actor=assignee,
            body=f"您好，我是{assignee.display_name}，已收到您的问题，正在为您处理。",
            status=reply_status,
        )
        if status == Status.CLOSED:
            ticket_services.ticket_set_status(
                ticket_id=ticket.pk, actor=assignee, status=Status.CLOSED, reason="demo"
            )

    def _backdate(self, ticket: Ticket, created_at) -> None:
        """Spread the demo over the last days (``auto_now_add`` cannot be set on create)."""
        answered_at = created_at + timedelta(hours=1)
        WorkItem.objects.filter(pk=ticket.pk).update(created_at=created_at)
        WorkItem.objects.filter(pk=ticket.pk, first_response_at__isnull=False).update(
            first_response_at=answered_at
        )
        events = WorkItemEvent.objects.filter(item_id=ticket.pk)
        events.filter(verb="created").update(created_at=created_at)
        events.exclude(verb="created").update(created_at=answered_at)
        TicketMessage.objects.filter(ticket=ticket, kind=MessageKind.CUSTOMER).update(
            created_at=created_at
        )
        TicketMessage.objects.filter(ticket=ticket).exclude(kind=MessageKind.CUSTOMER).update(
            created_at=answered_at
        )
