/**
 * `/reports/daily` (report.read): the day's problems by category (default today so far): volume
 * against the previous 7 days' average, SLA breaches, low ratings, complaints, reopened items,
 * and the worst items to follow, each opening its own page (docs/reports.md, "Pages").
 */
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Card, DatePicker, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { formatDateTime, formatDay, todayIso } from "../../common/time";
import { TITLE_STYLE } from "../../customers/FormParts";
import { DAILY_PATH, type ProblemRow, type WorstItem } from "../api";
import { formatNumber, formatRate, itemPathOf } from "../format";
import { ExportButtons, LoadError, NotAllowed } from "../parts";
import { useDailyProblems } from "../queries";

export function DailyProblemsPage() {
  const { can } = useAuth();
  if (!can("report.read")) return <NotAllowed />;
  return <Daily />;
}

function Daily() {
  const { t } = useTranslation("reports");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const raw = params.get("date");
  const date = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : todayIso();
  const report = useDailyProblems(date);
  const data = report.data;
  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("daily.title")}</h1>}
      extra={<Link to="/reports">{t("service.title")}</Link>}
      data-testid="daily-problems"
    >
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Space wrap>
          <DatePicker
            aria-label={t("daily.date")}
            value={dayjs(date)}
            allowClear={false}
            disabledDate={(d: Dayjs) => d.format("YYYY-MM-DD") > todayIso()}
            onChange={(value) => value && setParams({ date: value.format("YYYY-MM-DD") }, { replace: true })}
            data-testid="daily-date"
          />
          {can("report.export") && <ExportButtons path={DAILY_PATH} query={{ date }} />}
        </Space>
        {report.error && <LoadError error={report.error} />}
        {data && (
          <>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="daily-heading">
              {t("daily.heading", { day: formatDay(data.date) })}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="daily-sent">
              {data.sent_at ? t("daily.sentAt", { time: formatDateTime(data.sent_at) }) : t("daily.notSent")}
            </Typography.Text>
            <ProblemsTable rows={data.rows} totals={data.totals} target={data.rating_target} loading={report.isFetching} />
          </>
        )}
        {report.isPending && !report.error && <Typography.Text type="secondary">{t("loading")}</Typography.Text>}
      </Space>
    </Card>
  );
}

/** The change against the 7-day average: an arrow up (red: more work) or down. */
export function ChangeCell({ row }: { row: ProblemRow }) {
  const { t } = useTranslation("reports");
  const rate = row.change_rate === null ? "" : ` (${formatRate(row.change_rate)})`;
  const text = `${row.change > 0 ? "+" : ""}${formatNumber(row.change)}${rate}`;
  if (row.change === 0) return <span data-testid={`change-${row.key}`}>{text}</span>;
  const up = row.change > 0;
  return (
    <span data-testid={`change-${row.key}`} data-direction={up ? "up" : "down"} style={{ color: up ? "#cf1322" : "#389e0d" }}>
      {up ? <ArrowUpOutlined aria-label={t("daily.up")} /> : <ArrowDownOutlined aria-label={t("daily.down")} />} {text}
    </span>
  );
}

function WorstItems({ items }: { items: WorstItem[] }) {
  const { t } = useTranslation("reports");
  return (
    <Space orientation="vertical" size={2}>
      {items.map((item) => {
        const path = itemPathOf(item.reference, item.id);
        return (
          <span key={item.id} data-testid={`worst-${item.id}`}>
            {path ? <Link to={path}>{item.reference}</Link> : <Typography.Text code>{item.reference}</Typography.Text>}{" "}
            {item.subject}{" "}
            {item.reasons.map((r) => (
              <Tag key={r} color={r === "sla_breach" || r === "complaint" ? "red" : "orange"}>
                {t(`daily.reasons.${r}`, { defaultValue: r })}
              </Tag>
            ))}
          </span>
        );
      })}
    </Space>
  );
}

function ProblemsTable({
  rows,
  totals,
  target,
  loading,
}: {
  rows: ProblemRow[];
  totals: ProblemRow;
  target: number;
  loading: boolean;
}) {
  const { t } = useTranslation("reports");
  const count = (key: keyof ProblemRow, title: string) => ({
    title,
    key,
    dataIndex: key,
    align: "right" as const,
    render: (value: number, row: ProblemRow) => (
      <span data-testid={`cell-${row.key}-${key}`} style={value && key !== "created" ? { color: "#cf1322" } : undefined}>
        {value}
      </span>
    ),
  });
  const columns: ColumnsType<ProblemRow> = [
    { title: t("daily.category"), key: "label", dataIndex: "label", render: (label: string, row) => <span data-testid={`category-${row.key}`}>{label}</span> },
    count("created", t("daily.created")),
    { title: t("daily.previousAvg"), key: "previous_avg", align: "right", render: (_, row) => formatNumber(row.previous_avg) },
    { title: t("daily.change"), key: "change", align: "right", render: (_, row) => <ChangeCell row={row} /> },
    count("sla_breaches", t("daily.sla_breaches")),
    count("low_ratings", t("daily.low_ratings", { target })),
    count("complaints", t("daily.complaints")),
    count("reopened", t("daily.reopened")),
    { title: t("daily.worst"), key: "worst", render: (_, row) => <WorstItems items={row.worst ?? []} /> },
  ];
  return (
    <Table<ProblemRow>
      rowKey="key"
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("daily.noProblems") }}
      data-testid="daily-table"
      summary={() => (
        <Table.Summary.Row data-testid="totals-row">
          <Table.Summary.Cell index={0}>
            <strong>{t("total")}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong data-testid="total-created">{totals.created}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            {formatNumber(totals.previous_avg)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            <ChangeCell row={totals} />
          </Table.Summary.Cell>
          {(["sla_breaches", "low_ratings", "complaints", "reopened"] as const).map((key, i) => (
            <Table.Summary.Cell key={key} index={4 + i} align="right">
              <strong data-testid={`total-${key}`}>{totals[key]}</strong>
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={8} />
        </Table.Summary.Row>
      )}
    />
  );
}
