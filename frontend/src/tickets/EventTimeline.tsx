/** The item's history: who did what, when and why (GET /items/:id/events/). */
import { useQuery } from "@tanstack/react-query";
import { Alert, Empty, Skeleton, Timeline, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { TicketDetail, WorkItemEvent } from "../api/types";
import { formatDateTime } from "../common/time";
import { eventsKey, fetchEvents, fetchQueue, fetchQueues, queueKey, queuesKey, reference } from "./api";
import { errorText } from "./errors";

type Names = { user: (id: unknown) => string; queue: (id: unknown) => string };

const USER_VERBS = new Set(["assigned", "taken", "released", "routed", "transferred"]);

function arrow(from: string, to: string) {
  return `${from || "—"} → ${to || "—"}`;
}

function detail(event: WorkItemEvent, names: Names, t: TFunction<"tickets">): string | null {
  const d = event.data;
  const label = (prefix: string, value: unknown) =>
    value === null || value === undefined || value === "" ? "" : t(`${prefix}.${String(value)}`);
  switch (event.verb) {
    case "status_changed": {
      const base = arrow(label("status", d.from), label("status", d.to));
      return d.merged_into ? `${base} · ${t("events.mergedInto", { reference: reference(Number(d.merged_into)) })}` : base;
    }
    case "priority_changed":
      return arrow(label("priority", d.from), label("priority", d.to));
    case "assigned":
      return arrow(names.user(d.from), names.user(d.to));
    case "taken":
      return names.user(d.assignee);
    case "released":
      return names.user(d.from);
    case "routed":
      return names.user(d.to);
    case "transferred":
      return arrow(names.queue(d.from_queue), names.queue(d.to_queue));
    case "tagged":
      return arrow(
        Array.isArray(d.from) ? d.from.join(", ") : "",
        Array.isArray(d.to) ? d.to.join(", ") : "",
      );
    case "linked":
      return `${label("linkKind", d.kind)} #${String(d.other)}`;
    case "unlinked":
      return `#${String(d.other)}`;
    case "merged":
      return d.into
        ? t("events.mergedInto", { reference: reference(Number(d.into)) })
        : t("events.mergedFrom", { reference: reference(Number(d.from)) });
    case "attached":
      return Array.isArray(d.files) ? d.files.join(", ") : null;
    case "updated":
      return Object.keys(d)
        .map((field) => t(`events.field.${field}`, { defaultValue: field }))
        .join(", ");
    default:
      return null;
  }
}

export function EventTimeline({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const events = useQuery({ queryKey: eventsKey(ticket.id), queryFn: () => fetchEvents(ticket.id) });
  const rows = events.data?.results ?? [];
  const needUsers = rows.some((e) => USER_VERBS.has(e.verb));
  const needQueues = rows.some((e) => e.verb === "transferred");
  const members = useQuery({
    queryKey: queueKey(ticket.queue.id),
    queryFn: () => fetchQueue(ticket.queue.id),
    enabled: needUsers,
    staleTime: 60_000,
  });
  const queues = useQuery({
    queryKey: queuesKey,
    queryFn: fetchQueues,
    enabled: needQueues,
    staleTime: 60_000,
  });

  const userNames = new Map<number, string>();
  for (const m of members.data?.memberships ?? []) userNames.set(m.user.id, m.user.name);
  for (const e of rows) if (e.actor) userNames.set(e.actor.id, e.actor.name);
  for (const m of ticket.messages) if (m.author) userNames.set(m.author.id, m.author.name);
  if (ticket.assignee) userNames.set(ticket.assignee.id, ticket.assignee.name);
  const queueNames = new Map<number, string>([[ticket.queue.id, ticket.queue.name]]);
  for (const q of queues.data?.results ?? []) queueNames.set(q.id, q.name);
  const names: Names = {
    user: (id) => (typeof id === "number" ? (userNames.get(id) ?? `#${id}`) : ""),
    queue: (id) => (typeof id === "number" ? (queueNames.get(id) ?? `#${id}`) : ""),
  };

  let body;
  if (events.isPending) body = <Skeleton active />;
  else if (events.isError)
    body = <Alert type="error" showIcon title={errorText(events.error, tc("errors.generic"))} />;
  else if (rows.length === 0) body = <Empty description={t("events.empty")} />;
  else
    body = (
      <Timeline
        items={rows.map((event) => {
          const extra = detail(event, names, t);
          return {
            key: event.id,
            content: (
              <div data-testid={`event-${event.id}`} data-verb={event.verb}>
                <Typography.Text strong>{event.actor?.name ?? t("events.system")}</Typography.Text>{" "}
                {event.verb_display}
                {extra && <div>{extra}</div>}
                {event.reason && (
                  <div>
                    <Typography.Text type="secondary">{t("events.reason")}: </Typography.Text>
                    {event.reason}
                  </div>
                )}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <time dateTime={event.created_at}>{formatDateTime(event.created_at)}</time>
                  </Typography.Text>
                </div>
              </div>
            ),
          };
        })}
      />
    );

  return (
    <section data-testid="events" aria-label={t("events.title")}>
      <Typography.Title level={5}>{t("events.title")}</Typography.Title>
      {body}
    </section>
  );
}
