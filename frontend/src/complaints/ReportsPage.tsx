/**
 * `/complaints/reports`: what complaints teach (for `complaint.report`: managers, supervisors,
 * complaint handlers). The day's summary for supervisors (a day picked; a past day as it was
 * sent), trends by root cause, channel, agent or category per day or week, and the customers who
 * complain again and again.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, DatePicker, Empty, List, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { ExportButtons } from "../common/ExportButtons";
import { formatDateTime, formatDay, todayIso } from "../common/time";
import { TITLE_STYLE } from "../customers/FormParts";
import { yuan } from "../orders/format";
import {
  fetchDailySummary,
  fetchRepeaters,
  fetchTrends,
  REPORTS_KEY,
  STAGES,
  type Bucket,
  type DailySummary,
  type Repeater,
  type Theme,
  type TrendDimension,
} from "./api";
import { TrendChart, TrendLegend } from "./charts";
import { ComplaintError, SeverityTag, StageTag } from "./parts";

/** Whoever reads these reports may export them (helpdesk/complaints/report_exports.py). */
const EXPORT = "complaint.report";

export function ReportsPage() {
  const { t } = useTranslation("complaints");
  const { can } = useAuth();
  if (!can("complaint.report")) {
    return <Alert type="warning" showIcon title={t("reports.notAllowed")} data-testid="reports-not-allowed" />;
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            {can("complaint.read") && <Link to="/complaints">{t("detail.back")}</Link>}
            <h1 style={TITLE_STYLE}>{t("reports.title")}</h1>
          </Space>
        }
      >
        <SummarySection />
      </Card>
      <Card title={t("trends.title")}>
        <TrendsSection />
      </Card>
      <Card title={t("repeat.title")}>
        <RepeatSection />
      </Card>
    </Space>
  );
}

// --- the daily summary ----------------------------------------------------------------------------

function SummarySection() {
  const { t } = useTranslation("complaints");
  const [day, setDay] = useState(() => todayIso());
  const summary = useQuery({
    queryKey: [...REPORTS_KEY, "summary", day],
    queryFn: ({ signal }) => fetchDailySummary(day, signal),
  });
  const data = summary.data;
  return (
    <div data-testid="daily-summary">
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("summary.title")}
        </Typography.Title>
        <DatePicker
          value={dayjs(day)}
          allowClear={false}
          disabledDate={(d: Dayjs) => d.format("YYYY-MM-DD") > todayIso()}
          onChange={(value) => value && setDay(value.format("YYYY-MM-DD"))}
          aria-label={t("summary.day")}
          data-testid="summary-day"
        />
        {data && (
          <Typography.Text type="secondary" data-testid="summary-status">
            {data.stored
              ? t("summary.sent", { time: formatDateTime(data.sent_at), count: data.sent_to.length })
              : t("summary.live", { time: formatDateTime(data.summary.generated_at) })}
          </Typography.Text>
        )}
        <ExportButtons path="/complaints/reports/daily-summary/" params={{ day }} permission={EXPORT} testId="summary-export" />
      </Space>
      {summary.error && <ComplaintError error={summary.error} testId="summary-error" />}
      {summary.isPending && !summary.error && <Typography.Text type="secondary">{t("board.loading")}</Typography.Text>}
      {data && <SummaryBody summary={data.summary} />}
    </div>
  );
}

function SummaryBody({ summary: s }: { summary: DailySummary }) {
  const { t } = useTranslation("complaints");
  const figures: [string, number | string, string?][] = [
    ["received", s.received],
    ["closed", s.closed],
    ["open", s.open],
    ["awaitingManager", s.awaiting_manager],
    ["breaches", s.open_breaches.count, s.open_breaches.count ? "#cf1322" : undefined],
    ["remedies", `${s.remedies_approved.count} · ${yuan(s.remedies_approved.amount_fen)}`],
  ];
  const themeText = (theme: Theme) =>
    `${t(`dimensions.${theme.dimension}`)}: ${
      theme.dimension === "root_cause" ? t(`rootCauses.${theme.key}`, { defaultValue: theme.label }) : theme.label
    }`;
  return (
    <>
      <Typography.Paragraph data-testid="summary-heading">
        {t("summary.heading", { day: formatDay(s.day) })}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {figures.map(([key, value, colour]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Statistic
              title={t(`summary.figures.${key}`)}
              value={value}
              styles={colour ? { content: { color: colour } } : undefined}
              data-testid={`summary-${key}`}
            />
          </Col>
        ))}
      </Row>
      <div style={{ margin: "16px 0" }} data-testid="summary-open-by-stage">
        <Typography.Text type="secondary">{t("summary.openByStage")}: </Typography.Text>
        {STAGES.filter((stage) => stage !== "closed").map((stage) => (
          <Tag key={stage} data-stage={stage}>
            {t(`stages.${stage}`)} {s.open_by_stage[stage] ?? 0}
          </Tag>
        ))}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <List
            size="small"
            header={<Typography.Text strong>{t("summary.topCategories")}</Typography.Text>}
            dataSource={s.top_categories}
            locale={{ emptyText: t("summary.none") }}
            renderItem={(c) => (
              <List.Item data-testid={`summary-category-${c.key}`}>
                {c.label} <strong>{c.count}</strong>
              </List.Item>
            )}
            data-testid="summary-top-categories"
          />
        </Col>
        <Col xs={24} lg={8}>
          <List
            size="small"
            header={
              <Typography.Text strong>{t("summary.newThemes", { days: s.theme_lookback_days })}</Typography.Text>
            }
            dataSource={s.new_themes}
            locale={{ emptyText: t("summary.none") }}
            renderItem={(theme) => (
              <List.Item data-testid={`summary-new-${theme.dimension}-${theme.key}`}>
                {themeText(theme)} <strong>{theme.count}</strong>
              </List.Item>
            )}
            data-testid="summary-new-themes"
          />
        </Col>
        <Col xs={24} lg={8}>
          <List
            size="small"
            header={<Typography.Text strong>{t("summary.risingThemes")}</Typography.Text>}
            dataSource={s.rising_themes}
            locale={{ emptyText: t("summary.none") }}
            renderItem={(theme) => (
              <List.Item data-testid={`summary-rising-${theme.dimension}-${theme.key}`}>
                {themeText(theme)} <strong>{theme.count}</strong>
                <Typography.Text type="secondary">
                  {" "}
                  {t("summary.usually", { average: theme.previous_daily_average ?? 0 })}
                </Typography.Text>
              </List.Item>
            )}
            data-testid="summary-rising-themes"
          />
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("summary.breachesTitle", { count: s.open_breaches.count })}
      </Typography.Title>
      <BreachTable summary={s} />
      {s.repeat_complainants.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("summary.repeaters")}
          </Typography.Title>
          <RepeaterTable rows={s.repeat_complainants} testId="summary-repeaters" />
        </>
      )}
    </>
  );
}

type Breach = DailySummary["open_breaches"]["items"][number];

function BreachTable({ summary }: { summary: DailySummary }) {
  const { t } = useTranslation("complaints");
  const { can } = useAuth();
  const columns: ColumnsType<Breach> = [
    {
      key: "reference",
      title: t("columns.reference"),
      render: (_, b) => (can("complaint.read") ? <Link to={`/complaints/${b.id}`}>{b.reference}</Link> : b.reference),
    },
    { key: "subject", title: t("columns.subject"), render: (_, b) => b.subject },
    { key: "stage", title: t("columns.stage"), render: (_, b) => <StageTag stage={b.stage} /> },
    { key: "severity", title: t("fields.severity"), render: (_, b) => <SeverityTag severity={b.severity} /> },
    { key: "assignee", title: t("fields.handler"), render: (_, b) => b.assignee ?? t("card.unassigned") },
    { key: "due", title: t("columns.due"), render: (_, b) => formatDateTime(b.due_at) || "—" },
  ];
  return (
    <Table<Breach>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={summary.open_breaches.items}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("summary.noBreaches")} /> }}
      onRow={(b) => ({ "data-testid": `summary-breach-${b.id}` }) as HTMLAttributes<HTMLElement>}
      data-testid="summary-breaches-table"
    />
  );
}

// --- trends -----------------------------------------------------------------------------------------

const DIMENSIONS: TrendDimension[] = ["root_cause", "channel", "agent", "category"];

function TrendsSection() {
  const { t } = useTranslation("complaints");
  const [by, setBy] = useState<TrendDimension>("root_cause");
  const [bucket, setBucket] = useState<Bucket>("week");
  const [range, setRange] = useState<[string, string]>(() => {
    const until = todayIso();
    return [dayjs(until).subtract(83, "day").format("YYYY-MM-DD"), until];
  });
  const trends = useQuery({
    queryKey: [...REPORTS_KEY, "trends", by, bucket, ...range],
    queryFn: ({ signal }) => fetchTrends(by, bucket, range[0], range[1], signal),
  });
  const label = t("trends.chart", { by: t(`dimensions.${by}`), bucket: t(`trends.buckets.${bucket}`) });
  return (
    <div data-testid="trends">
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<TrendDimension>
          value={by}
          onChange={setBy}
          options={DIMENSIONS.map((d) => ({ value: d, label: t(`dimensions.${d}`) }))}
          data-testid="trends-by"
        />
        <Segmented<Bucket>
          value={bucket}
          onChange={setBucket}
          options={(["week", "day"] as const).map((b) => ({ value: b, label: t(`trends.buckets.${b}`) }))}
          data-testid="trends-bucket"
        />
        <DatePicker.RangePicker
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(values) => {
            if (values?.[0] && values[1]) setRange([values[0].format("YYYY-MM-DD"), values[1].format("YYYY-MM-DD")]);
          }}
          aria-label={t("trends.range")}
          data-testid="trends-range"
        />
        <ExportButtons
          path="/complaints/reports/trends/"
          params={{ by, bucket, since: range[0], until: range[1] }}
          permission={EXPORT}
          testId="trends-export"
        />
      </Space>
      {trends.error && <ComplaintError error={trends.error} testId="trends-error" />}
      {trends.data &&
        (trends.data.series.length === 0 ? (
          <Empty description={t("trends.empty")} data-testid="trends-empty" />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t(by === "agent" || by === "channel" ? "trends.attributedOnly" : "trends.all")}
            </Typography.Paragraph>
            <TrendChart trends={trends.data} label={label} />
            <TrendLegend trends={trends.data} />
          </>
        ))}
    </div>
  );
}

// --- repeat complainants ------------------------------------------------------------------------------

function RepeatSection() {
  const { t } = useTranslation("complaints");
  const [days, setDays] = useState(90);
  const rows = useQuery({
    queryKey: [...REPORTS_KEY, "repeat", days],
    queryFn: ({ signal }) => fetchRepeaters(days, signal),
  });
  return (
    <div data-testid="repeat-complainants">
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t("repeat.window")}</Typography.Text>
        <Select<number>
          value={days}
          onChange={setDays}
          options={[30, 90, 180, 365].map((d) => ({ value: d, label: t("repeat.days", { count: d }) }))}
          style={{ width: 140 }}
          aria-label={t("repeat.window")}
          data-testid="repeat-days"
        />
        <ExportButtons path="/complaints/reports/repeat-complainants/" params={{ days }} permission={EXPORT} testId="repeat-export" />
      </Space>
      {rows.error && <ComplaintError error={rows.error} testId="repeat-error" />}
      <RepeaterTable rows={rows.data ?? []} loading={rows.isPending} testId="repeat-table" />
    </div>
  );
}

function RepeaterTable({ rows, loading, testId }: { rows: Repeater[]; loading?: boolean; testId: string }) {
  const { t } = useTranslation("complaints");
  const { can } = useAuth();
  const columns: ColumnsType<Repeater> = [
    {
      key: "customer",
      title: t("fields.customer"),
      render: (_, r) =>
        can("customer.read") ? <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link> : r.customer.name,
    },
    { key: "complaints", title: t("repeat.complaints"), align: "right", render: (_, r) => r.complaints },
    { key: "open", title: t("repeat.open"), align: "right", render: (_, r) => r.open },
    { key: "last", title: t("repeat.last"), render: (_, r) => formatDateTime(r.last_at) },
  ];
  return (
    <Table<Repeater>
      rowKey={(r) => r.customer.id}
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("repeat.none")} /> }}
      onRow={(r) => ({ "data-testid": `repeater-${r.customer.id}` }) as HTMLAttributes<HTMLElement>}
      data-testid={testId}
    />
  );
}
