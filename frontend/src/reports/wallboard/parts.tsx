/** The wallboard's parts: a big figure, the per-queue table, the agents list. */
import { Badge, Card, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";

import { formatDuration } from "../../common/time";
import { waitedSeconds, type WallboardAgent, type WallboardQueue } from "./api";

export function BigFigure({
  label,
  value,
  detail,
  tone = "normal",
  testId,
}: {
  label: string;
  value: string | number;
  detail?: string;
  tone?: "normal" | "warning" | "danger";
  testId: string;
}) {
  return (
    <Card className={`wallboard-figure wallboard-${tone}`} size="small">
      <div className="wallboard-figure-label">{label}</div>
      <div className="wallboard-figure-value" data-testid={testId}>
        {value}
      </div>
      {detail && <div className="wallboard-figure-detail">{detail}</div>}
    </Card>
  );
}

export function WaitCell({ since, now }: { since: string | null; now: number }) {
  const { t } = useTranslation("wallboard");
  const seconds = waitedSeconds(since, now);
  return <span>{seconds === null ? t("unknown") : formatDuration(seconds)}</span>;
}

export function QueueTable({ rows, now }: { rows: WallboardQueue[]; now: number }) {
  const { t } = useTranslation("wallboard");
  const dash = (n: number | null) => (n === null ? t("unknown") : n);
  return (
    <Table<WallboardQueue>
      className="wallboard-table"
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t("queue"), dataIndex: "name" },
        { title: t("figures.waiting_chats"), dataIndex: "waiting_chats", align: "right" },
        { title: t("figures.waiting_calls"), dataIndex: "waiting_calls", align: "right" },
        { title: t("figures.waiting_other"), dataIndex: "waiting_other", align: "right" },
        {
          title: t("figures.longest_wait"),
          align: "right",
          render: (_, row) => <WaitCell since={row.longest_wait_since} now={now} />,
        },
        { title: t("figures.agents_online"), align: "right", render: (_, row) => dash(row.agents_online) },
        { title: t("figures.agents_on_shift"), dataIndex: "agents_on_shift", align: "right" },
        {
          title: t("figures.sla_at_risk"),
          align: "right",
          render: (_, row) => (row.sla_at_risk ? <Tag color="orange">{row.sla_at_risk}</Tag> : 0),
        },
        {
          title: t("figures.sla_breached_open"),
          align: "right",
          render: (_, row) => (row.sla_breached_open ? <Tag color="red">{row.sla_breached_open}</Tag> : 0),
        },
      ]}
    />
  );
}

export function AgentList({ agents }: { agents: WallboardAgent[] }) {
  const { t } = useTranslation("wallboard");
  return (
    <Table<WallboardAgent>
      className="wallboard-table"
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={agents}
      locale={{ emptyText: t("noAgents") }}
      columns={[
        { title: t("agent"), dataIndex: "name" },
        {
          title: t("figures.agents_online"),
          render: (_, a) =>
            a.online === null ? (
              t("unknown")
            ) : (
              <Badge status={a.online ? "success" : "default"} text={a.online ? t("online") : t("offline_")} />
            ),
        },
        {
          title: t("onShift"),
          render: (_, a) => (a.on_shift ? <Tag color="blue">{t("onShift")}</Tag> : t("offShift")),
        },
        { title: t("openItems"), dataIndex: "open_items", align: "right" },
      ]}
    />
  );
}
