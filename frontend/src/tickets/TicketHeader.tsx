/** What the ticket is, where it stands, and what can be done to it. */
import { Alert, Card, Descriptions, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { ItemLink, Priority, Status, TicketDetail } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { SlaCountdown } from "../common/SlaCountdown";
import { formatDateTime } from "../common/time";
import { reference } from "./api";
import { CustomerPanel } from "./CustomerPanel";
import { StatusControl } from "./StatusControl";
import { TicketActions } from "./TicketActions";

const STATUS_COLOURS: Record<Status, string> = {
  new: "blue",
  open: "geekblue",
  pending: "gold",
  on_hold: "purple",
  resolved: "green",
  closed: "default",
};
const PRIORITY_COLOURS: Record<Priority, string> = { 1: "default", 2: "blue", 3: "orange", 4: "red" };

function Links({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation("tickets");
  const rows: { link: ItemLink; label: string }[] = [
    ...ticket.links_out.map((link) => ({ link, label: t(`linkKind.${link.kind}`) })),
    ...ticket.links_in.map((link) => ({ link, label: t(`linkKindIn.${link.kind}`) })),
  ];
  if (!rows.length) return null;
  return (
    <ul data-testid="ticket-links" style={{ margin: 0, paddingLeft: 16 }}>
      {rows.map(({ link, label }) => (
        <li key={`${label}-${link.item.id}`}>
          {label}{" "}
          {link.item.kind === "ticket" ? (
            <Link to={`/tickets/${link.item.id}`}>{link.item.reference}</Link>
          ) : (
            link.item.reference
          )}{" "}
          {link.item.subject} <Tag>{t(`status.${link.item.status}`)}</Tag>
        </li>
      ))}
    </ul>
  );
}

export function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation("tickets");
  const { hasRole } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const links = ticket.links_out.length + ticket.links_in.length > 0;

  return (
    <Card data-testid="ticket-header" styles={{ body: { paddingBottom: 12 } }}>
      <Space wrap align="center" size="small">
        <Typography.Text type="secondary" copyable data-testid="ticket-reference">
          {ticket.reference}
        </Typography.Text>
        <Tag color={STATUS_COLOURS[ticket.status]} data-testid="ticket-status" data-status={ticket.status}>
          {ticket.status_display}
        </Tag>
        <Tag color={PRIORITY_COLOURS[ticket.priority]} data-testid="ticket-priority" data-priority={ticket.priority}>
          {ticket.priority_display}
        </Tag>
        <SlaCountdown dueAt={ticket.due_at} warnAt={ticket.sla_warn_at} testId="ticket-sla" />
      </Space>
      <Typography.Title level={3} style={{ margin: "8px 0" }}>
        {ticket.subject}
      </Typography.Title>
      {ticket.merged_into !== null && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {t("header.mergedInto")}{" "}
              <Link to={`/tickets/${ticket.merged_into}`}>{reference(ticket.merged_into)}</Link>
            </>
          }
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: "queue", label: t("fields.queue"), children: ticket.queue.name },
          {
            key: "assignee",
            label: t("fields.assignee"),
            children: (
              <span data-testid="ticket-assignee">{ticket.assignee?.name ?? t("header.unassigned")}</span>
            ),
          },
          {
            key: "customer",
            label: t("fields.customer"),
            children: ticket.customer ? (
              <Space size="small" wrap>
                <span data-testid="ticket-customer">{ticket.customer.name}</span>
                <CustomerPanel customer={ticket.customer} />
              </Space>
            ) : (
              ticket.requester_name || t("header.noCustomer")
            ),
          },
          { key: "channel", label: t("fields.channel"), children: ticket.channel_display },
          ...(ticket.requester_email
            ? [{ key: "requester", label: t("fields.requester"), children: ticket.requester_email }]
            : []),
          ...(ticket.category
            ? [{ key: "category", label: t("fields.category"), children: ticket.category.name }]
            : []),
          { key: "created", label: t("fields.created"), children: formatDateTime(ticket.created_at) },
          {
            key: "tags",
            label: t("fields.tags"),
            children: ticket.tags.length ? (
              <span data-testid="ticket-tags">
                {ticket.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </span>
            ) : (
              "—"
            ),
          },
          ...(links
            ? [{ key: "links", label: t("fields.links"), span: "filled" as const, children: <Links ticket={ticket} /> }]
            : []),
        ]}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="ticket-action-error"
          title={error}
          style={{ margin: "8px 0" }}
          closable={{ onClose: () => setError(null) }}
        />
      )}
      <Space orientation="vertical" size="small" style={{ width: "100%", marginTop: 8 }}>
        <TicketActions ticket={ticket} onError={setError} />
        <StatusControl ticket={ticket} isManager={hasRole("manager")} onError={setError} />
      </Space>
    </Card>
  );
}
