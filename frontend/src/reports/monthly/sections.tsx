/** The monthly report's sections, laid out to read on screen and on A4 paper. */
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Col, Row, Statistic, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { AgentRow, Change, Figure, MonthlyReport, ServiceRow, Table as ReportTable } from "../api";
import { RowsChart } from "../charts";
import { formatChange, formatFigure, formatNumber, formatRate, NONE } from "../format";
import { figureColumn, TotalsRow } from "../parts";

/** The figures a printed table has room for (the full set is in the XLSX and on /reports). */
const COMPACT: Figure[] = [
  "created",
  "resolved",
  "backlog",
  "first_response_median",
  "resolution_median",
  "handle_avg",
  "sla_attainment",
  "abandonment_rate",
  "rating_avg",
  "satisfaction_rate",
];

/** Figures where a rise is bad news (shown red). */
const WORSE_UP: Figure[] = [
  "backlog",
  "first_response_median",
  "first_response_p90",
  "resolution_median",
  "resolution_p90",
  "handle_avg",
  "sla_breached",
  "abandoned",
  "abandonment_rate",
];

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="report-section" data-testid={testId}>
      <Typography.Title level={4} className="report-section-title">
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function ChangeText({ row }: { row: Change }) {
  if (row.change === null || row.change === 0) return <span>{formatChange(row.figure, row.change)}</span>;
  const up = row.change > 0;
  const bad = WORSE_UP.includes(row.figure) ? up : !up && row.figure !== "created";
  return (
    <span style={{ color: bad ? "#cf1322" : "#389e0d" }} data-direction={up ? "up" : "down"}>
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {formatChange(row.figure, row.change)}
    </span>
  );
}

export function TotalsTable({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  const columns: ColumnsType<Change> = [
    { title: t("monthly.figure"), key: "figure", render: (_, row) => t(`figures.${row.figure}`) },
    {
      title: `${t("monthly.current")} (${report.month})`,
      key: "current",
      align: "right",
      render: (_, row) => <strong data-testid={`total-current-${row.figure}`}>{formatFigure(row.figure, row.current)}</strong>,
    },
    {
      title: `${t("monthly.previous")} (${report.previous_month})`,
      key: "previous",
      align: "right",
      render: (_, row) => <span data-testid={`total-previous-${row.figure}`}>{formatFigure(row.figure, row.previous)}</span>,
    },
    { title: t("monthly.change"), key: "change", align: "right", render: (_, row) => <ChangeText row={row} /> },
  ];
  return (
    <Table<Change>
      rowKey="figure"
      size="small"
      bordered
      columns={columns}
      dataSource={report.totals}
      pagination={false}
      data-testid="monthly-totals"
    />
  );
}

export function ServiceTable<Row extends ServiceRow>({
  table,
  title,
  extra = [],
  testId,
}: {
  table: ReportTable<Row>;
  title: string;
  extra?: ColumnsType<Row>;
  testId: string;
}) {
  const { t } = useTranslation("reports");
  const columns = useMemo<ColumnsType<Row>>(
    () => [
      { title, key: "label", render: (_: unknown, row: Row) => <span data-testid={`row-${row.key}`}>{row.label}</span> },
      ...extra,
      ...COMPACT.map((figure) => figureColumn<Row>(figure, t(`figures.${figure}`))),
    ],
    [t, title, extra],
  );
  return (
    <Table<Row>
      rowKey="key"
      size="small"
      bordered
      columns={columns}
      dataSource={table.rows}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("noData") }}
      summary={() => <TotalsRow columns={columns} totals={table.totals} label={t("total")} />}
      data-testid={testId}
    />
  );
}

export function AgentTable({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  const extra = useMemo<ColumnsType<AgentRow>>(
    () => [
      { title: t("monthly.rank"), key: "rank", align: "right", render: (_, row) => <span data-testid={`rank-${row.key}`}>{row.rank ?? NONE}</span> },
      { title: t("monthly.points"), key: "points", align: "right", render: (_, row) => <span data-testid={`points-${row.key}`}>{formatNumber(row.points)}</span> },
      { title: t("monthly.aboveBase"), key: "above_base", align: "right", render: (_, row) => formatNumber(row.above_base) },
    ],
    [t],
  );
  return (
    <>
      <ServiceTable table={report.by_agent} title={t("service.dimensions.agent")} extra={extra} testId="monthly-by-agent" />
      <Typography.Paragraph className="no-print" style={{ marginTop: 8 }}>
        <Link to={`/quality/ledger?month=${report.month}`} data-testid="monthly-ledger-link">
          {t("service.toLedger", { month: report.month })}
        </Link>
      </Typography.Paragraph>
    </>
  );
}

export function SatisfactionSection({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  const s = report.satisfaction;
  const labels = useMemo(() => s.distribution.map((d) => t("monthly.score", { score: d.score })), [s.distribution, t]);
  const series = useMemo(
    () => [{ name: t("monthly.ratings"), values: s.distribution.map((d) => d.count) }],
    [s.distribution, t],
  );
  const survey = s.survey;
  return (
    <Row gutter={[16, 16]} className="report-avoid-break">
      <Col xs={24} md={8}>
        <Statistic title={t("monthly.ratings")} value={s.ratings} data-testid="satisfaction-ratings" />
        <Statistic title={t("monthly.average")} value={formatNumber(s.average)} data-testid="satisfaction-average" />
        <Statistic title={t("monthly.rate")} value={formatRate(s.satisfaction_rate)} data-testid="satisfaction-rate" />
        {survey && (
          <Typography.Paragraph data-testid="satisfaction-survey">
            {t("monthly.survey", {
              responses: survey.responses ?? NONE,
              sent: survey.sent ?? NONE,
              rate: formatRate(survey.response_rate),
            })}
          </Typography.Paragraph>
        )}
      </Col>
      <Col xs={24} md={16}>
        <RowsChart labels={labels} series={series} label={t("monthly.distribution")} width={440} height={220} testId="distribution-chart" />
      </Col>
    </Row>
  );
}

export function SlaSection({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  const sla = report.sla;
  type Target = MonthlyReport["sla"]["by_target"][number];
  const columns: ColumnsType<Target> = [
    { title: t("monthly.target"), key: "label", dataIndex: "label" },
    { title: t("monthly.met"), key: "met", dataIndex: "met", align: "right" },
    { title: t("monthly.breached"), key: "breached", dataIndex: "breached", align: "right" },
    { title: t("monthly.attainment"), key: "attainment", align: "right", render: (_, row) => formatRate(row.attainment) },
  ];
  return (
    <div className="report-avoid-break">
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={6}>
          <Statistic title={t("monthly.met")} value={sla.met} />
        </Col>
        <Col span={6}>
          <Statistic title={t("monthly.breached")} value={sla.breached} />
        </Col>
        <Col span={6}>
          <Statistic title={t("monthly.attainment")} value={formatRate(sla.attainment)} data-testid="sla-attainment" />
        </Col>
        <Col span={6}>
          <Statistic title={t("monthly.previousAttainment")} value={formatRate(sla.previous_attainment)} />
        </Col>
      </Row>
      <Table rowKey="key" size="small" bordered columns={columns} dataSource={sla.by_target} pagination={false} data-testid="sla-targets" />
    </div>
  );
}

export function CausesTable({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  type Cause = MonthlyReport["complaints_by_root_cause"][number];
  const columns: ColumnsType<Cause> = [
    { title: t("monthly.cause"), key: "label", dataIndex: "label" },
    { title: t("monthly.count"), key: "count", dataIndex: "count", align: "right" },
  ];
  return (
    <Table
      rowKey="key"
      size="small"
      bordered
      columns={columns}
      dataSource={report.complaints_by_root_cause}
      pagination={false}
      locale={{ emptyText: t("monthly.noComplaints") }}
      data-testid="monthly-causes"
    />
  );
}

export function TopCategoriesTable({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  type Top = MonthlyReport["top_categories"][number];
  const columns: ColumnsType<Top> = [
    { title: t("monthly.category"), key: "label", dataIndex: "label" },
    { title: t("monthly.created"), key: "created", dataIndex: "created", align: "right" },
    { title: t("monthly.share"), key: "share", align: "right", render: (_, row) => formatRate(row.share) },
  ];
  return (
    <Table
      rowKey="key"
      size="small"
      bordered
      columns={columns}
      dataSource={report.top_categories}
      pagination={false}
      locale={{ emptyText: t("noData") }}
      data-testid="monthly-top-categories"
    />
  );
}
