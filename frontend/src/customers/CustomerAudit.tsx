import { Empty, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { CustomerAuditEntry } from "../api/types";
import { formatDateTime } from "../common/time";
import { ErrorAlert } from "./FormParts";
import { PAGE_SIZE, useAudit } from "./queries";

function values(list: unknown): string {
  return Array.isArray(list)
    ? list.map((c) => String((c as { value?: unknown })?.value ?? "")).join(", ")
    : "";
}

/** A short reading of an audit row's detail (see docs/customers.md, "The audit"). */
export function describeDetail(detail: Record<string, unknown>, t: TFunction<"customers">): string {
  const parts: string[] = [];
  if (typeof detail.view === "string") parts.push(t("audit.view", { view: detail.view }));
  if (typeof detail.q === "string" && detail.q) parts.push(t("audit.query", { q: detail.q }));
  if (typeof detail.format === "string") parts.push(t("audit.format", { format: detail.format }));
  const changes = detail.changes;
  if (changes && typeof changes === "object" && Object.keys(changes).length) {
    const fields = Object.keys(changes).map((f) => (f === "notes" ? t("audit.notesChanged") : f));
    parts.push(t("audit.changed", { fields: fields.join(", ") }));
  }
  const contacts = detail.contacts as { added?: unknown; removed?: unknown } | undefined;
  if (contacts?.added) parts.push(t("audit.added", { values: values(contacts.added) }));
  if (contacts?.removed) parts.push(t("audit.removedContacts", { values: values(contacts.removed) }));
  return parts.join("; ");
}

/** Who read, exported or changed this file (managers: `customer.audit_read`). */
export function CustomerAudit({ customerId }: { customerId: number }) {
  const { t } = useTranslation("customers");
  const [page, setPage] = useState(1);
  const audit = useAudit(customerId, page, true);

  const columns: ColumnsType<CustomerAuditEntry> = [
    {
      key: "who",
      title: t("audit.who"),
      render: (_, entry) => (entry.actor ? entry.actor.name || entry.actor.username : t("audit.system")),
    },
    {
      key: "what",
      title: t("audit.what"),
      render: (_, entry) => (
        <>
          <Typography.Text strong>{entry.action_display}</Typography.Text>{" "}
          <Typography.Text type="secondary">{describeDetail(entry.detail, t)}</Typography.Text>
        </>
      ),
    },
    {
      key: "when",
      title: t("audit.when"),
      render: (_, entry) => (
        <time dateTime={entry.created_at}>{formatDateTime(entry.created_at)}</time>
      ),
    },
    { key: "ip", title: t("audit.ip"), dataIndex: "ip_address" },
  ];

  return (
    <div data-testid="customer-audit">
      {audit.error && <ErrorAlert error={audit.error} />}
      <Table<CustomerAuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={audit.data?.results ?? []}
        loading={audit.isFetching}
        locale={{ emptyText: <Empty description={t("audit.empty")} /> }}
        onRow={(entry) =>
          ({ "data-testid": `audit-row-${entry.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
    </div>
  );
}
