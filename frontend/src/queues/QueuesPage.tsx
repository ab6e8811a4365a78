import { Card, Empty, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Queue } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, TITLE_STYLE } from "../customers/FormParts";
import { QueueMembers } from "./QueueMembers";
import { isQueueLead, useQueues } from "./queries";

/** The user's queues, each with its members; leads add, change and remove members. */
export function QueuesPage() {
  const { t } = useTranslation("queues");
  const { me } = useAuth();
  const queues = useQueues();
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const rows = queues.data ?? [];

  const columns: ColumnsType<Queue> = [
    {
      key: "name",
      title: t("columns.name"),
      render: (_, queue) => (
        <>
          <Typography.Text strong>{queue.name}</Typography.Text>{" "}
          <Typography.Text type="secondary">{queue.slug}</Typography.Text>
          {queue.description && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {queue.description}
            </Typography.Paragraph>
          )}
        </>
      ),
    },
    {
      key: "routing",
      title: t("columns.routing"),
      render: (_, queue) => t(`routing.${queue.routing_mode}`),
    },
    { key: "capacity", title: t("columns.capacity"), dataIndex: "default_capacity" },
    {
      key: "active",
      title: t("columns.active"),
      render: (_, queue) =>
        queue.is_active ? (
          <Tag color="green">{t("active.yes")}</Tag>
        ) : (
          <Tag>{t("active.no")}</Tag>
        ),
    },
    {
      key: "members",
      title: t("columns.members"),
      render: (_, queue) => queue.memberships.length,
    },
  ];

  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("title")}</h1>}>
      {queues.error && <ErrorAlert error={queues.error} />}
      <Typography.Paragraph type="secondary">{t("members.loadNote")}</Typography.Paragraph>
      <Table<Queue>
        data-testid="queues-table"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={queues.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t("empty")} /> }}
        onRow={(queue) =>
          ({ "data-testid": `queue-${queue.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        expandable={{
          expandedRowKeys: rows.filter((q) => !collapsed.has(q.id)).map((q) => q.id),
          onExpand: (expanded, queue) =>
            setCollapsed((old) => {
              const next = new Set(old);
              if (expanded) next.delete(queue.id);
              else next.add(queue.id);
              return next;
            }),
          expandedRowRender: (queue) => (
            <QueueMembers queue={queue} lead={isQueueLead(me, queue.id)} />
          ),
        }}
      />
    </Card>
  );
}
