"""Permissions: a map from action code to the roles that hold it, checked in one place.

Each API view declares ``rbac_permissions = {action: Perm.X}`` (``action`` is the viewset action
or the lower-case HTTP method); :class:`helpdesk.accounts.permissions.RolePermission` checks it.
Object access (which items, which customers) is decided separately, by selectors.
"""

from __future__ import annotations

from enum import StrEnum

from .roles import ALL_ROLES, Role

M, S, A, C, OH = (
    Role.MANAGER,
    Role.SUPERVISOR,
    Role.AGENT,
    Role.COMPLAINT_HANDLER,
    Role.ORDER_HANDLER,
)


class Perm(StrEnum):
    # Work items and the inbox
    INBOX_READ = "inbox.read"
    ITEM_TAKE = "workitem.take"
    ITEM_ASSIGN = "workitem.assign"
    ITEM_RELEASE = "workitem.release"
    ITEM_TRANSFER = "workitem.transfer"
    ITEM_EDIT = "workitem.edit"
    ITEM_LINK = "workitem.link"
    # Tickets
    TICKET_CREATE = "ticket.create"
    TICKET_REPLY = "ticket.reply"
    TICKET_NOTE = "ticket.note"
    TICKET_STATUS = "ticket.status"
    TICKET_MERGE = "ticket.merge"
    # Queues, categories, canned responses
    QUEUE_READ = "queue.read"
    QUEUE_MANAGE = "queue.manage"
    CANNED_READ = "canned.read"
    CANNED_MANAGE = "canned.manage"
    # Customer files
    CUSTOMER_READ = "customer.read"
    CUSTOMER_WRITE = "customer.write"
    CUSTOMER_EXPORT = "customer.export"
    CUSTOMER_AUDIT_READ = "customer.audit_read"
    # Live chat (chat/): read the queues' chats; answer them; join or take them over
    CHAT_READ = "chat.read"
    CHAT_HANDLE = "chat.handle"
    CHAT_SUPERVISE = "chat.supervise"
    # The hotline (helpdesk/hotline): see calls and figures; log calls, wrap up, call back;
    # the webhook's anomalies
    CALL_READ = "call.read"
    CALL_LOG = "call.log"
    CALL_SUPERVISE = "call.supervise"
    # Complaints (helpdesk/complaints): read the board; open one (from any work or order); work
    # them (investigate, propose, inform, close, appeal); approve or send back resolutions; reports
    COMPLAINT_READ = "complaint.read"
    COMPLAINT_OPEN = "complaint.open"
    COMPLAINT_HANDLE = "complaint.handle"
    COMPLAINT_APPROVE = "complaint.approve"
    COMPLAINT_REPORT = "complaint.report"
    # Satisfaction and performance (helpdesk/quality): one's own ledger and reviews (and dispute
    # them); everyone's ledger, the ranking, corrective actions; record praise, review work
    QUALITY_READ_OWN = "quality.read_own"
    QUALITY_READ_ALL = "quality.read_all"
    QUALITY_REVIEW = "quality.review"
    # Survey campaigns: run them (create, send, draft the analysis); approve and publish the
    # analysis report (published reports are read with quality.read_own)
    SURVEY_MANAGE = "survey.manage"
    SURVEY_APPROVE = "survey.approve"
    # Dashboards and reports (helpdesk/reports): the wallboard, reports, the daily problems
    # summary; exporting them (CSV, XLSX, the printable monthly report)
    REPORT_READ = "report.read"
    REPORT_EXPORT = "report.export"
    # Staffing and rosters (helpdesk/shifts)
    STAFFING_PLAN = "staffing.plan"
    SHIFT_READ = "shift.read"
    LEAVE_REQUEST = "leave.request"
    LEAVE_DECIDE = "leave.decide"
    # SLA and escalation (helpdesk/sla)
    SLA_READ = "sla.read"
    SLA_MANAGE = "sla.manage"
    ESCALATE = "escalation.raise"
    ESCALATION_HANDLE = "escalation.handle"
    # Recharge orders (orders/): read orders; place and work them; the supplier channels
    ORDER_READ = "order.read"
    ORDER_HANDLE = "order.handle"
    CHANNEL_MANAGE = "channel.manage"
    # People
    USER_READ = "user.read"
    USER_MANAGE = "user.manage"
    # Open to every signed-in user (their own profile)
    SELF = "self"


PERMISSION_ROLES: dict[Perm, frozenset[str]] = {
    Perm.INBOX_READ: ALL_ROLES,
    Perm.ITEM_TAKE: ALL_ROLES,
    Perm.ITEM_ASSIGN: frozenset({M, S}),
    Perm.ITEM_RELEASE: ALL_ROLES,
    Perm.ITEM_TRANSFER: ALL_ROLES,
    Perm.ITEM_EDIT: ALL_ROLES,
    Perm.ITEM_LINK: ALL_ROLES,
    Perm.TICKET_CREATE: ALL_ROLES,
    Perm.TICKET_REPLY: ALL_ROLES,
    Perm.TICKET_NOTE: ALL_ROLES,
    Perm.TICKET_STATUS: ALL_ROLES,
    Perm.TICKET_MERGE: frozenset({M, S, A}),
    Perm.QUEUE_READ: ALL_ROLES,
    Perm.QUEUE_MANAGE: frozenset({M, S}),
    Perm.CANNED_READ: ALL_ROLES,
    Perm.CANNED_MANAGE: frozenset({M, S}),
    Perm.CUSTOMER_READ: ALL_ROLES,
    Perm.CUSTOMER_WRITE: frozenset({M, S, A, C, OH}),
    Perm.CUSTOMER_EXPORT: frozenset({M}),
    Perm.CUSTOMER_AUDIT_READ: frozenset({M}),
    Perm.CHAT_READ: ALL_ROLES,
    Perm.CHAT_HANDLE: frozenset({M, S, A}),
    Perm.CHAT_SUPERVISE: frozenset({M, S}),
    Perm.CALL_READ: frozenset({M, S, A}),
    Perm.CALL_LOG: frozenset({M, S, A}),
    Perm.CALL_SUPERVISE: frozenset({M, S}),
    Perm.COMPLAINT_READ: frozenset({M, S, C}),
    Perm.COMPLAINT_OPEN: ALL_ROLES,
    Perm.COMPLAINT_HANDLE: frozenset({M, S, C}),
    Perm.COMPLAINT_APPROVE: frozenset({M}),
    Perm.COMPLAINT_REPORT: frozenset({M, S, C}),
    Perm.QUALITY_READ_OWN: ALL_ROLES,
    Perm.QUALITY_READ_ALL: frozenset({M, S}),
    Perm.QUALITY_REVIEW: frozenset({M, S}),
    Perm.SURVEY_MANAGE: frozenset({M, S}),
    Perm.SURVEY_APPROVE: frozenset({M}),
    Perm.REPORT_READ: frozenset({M, S}),
    Perm.REPORT_EXPORT: frozenset({M, S}),
    Perm.STAFFING_PLAN: frozenset({M, S}),
    Perm.SHIFT_READ: ALL_ROLES,
    Perm.LEAVE_REQUEST: ALL_ROLES,
    Perm.LEAVE_DECIDE: frozenset({M, S}),
    Perm.SLA_READ: ALL_ROLES,
    Perm.SLA_MANAGE: frozenset({M, S}),
    Perm.ESCALATE: ALL_ROLES,
    Perm.ESCALATION_HANDLE: frozenset({M, S}),
    Perm.ORDER_READ: ALL_ROLES,
    Perm.ORDER_HANDLE: frozenset({M, S, OH}),
    Perm.CHANNEL_MANAGE: frozenset({M, OH}),
    Perm.USER_READ: frozenset({M, S}),
    Perm.USER_MANAGE: frozenset({M}),
    Perm.SELF: ALL_ROLES,
}


def roles_for(perm: Perm) -> frozenset[str]:
    from django.conf import settings

    # Customer-file rules are settings, so an operator can narrow them without a release.
    if perm == Perm.CUSTOMER_READ:
        return frozenset(settings.CUSTOMER_FILE_READ_ROLES)
    if perm == Perm.CUSTOMER_EXPORT:
        return frozenset(settings.CUSTOMER_FILE_EXPORT_ROLES)
    return PERMISSION_ROLES[perm]


def user_has_perm(user, perm: Perm) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if perm == Perm.SELF:
        return True
    return bool(user.role_set & roles_for(perm))


def permissions_of(user) -> list[str]:
    return sorted(p.value for p in Perm if user_has_perm(user, p))
