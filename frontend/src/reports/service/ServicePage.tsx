/**
 * `/reports` (report.read: managers, supervisors): the service report for a period, by queue,
 * kind, agent, category, day, week or month, with every figure, the totals, a chart and the
 * exports (report.export). Rows lead onward to the items behind them (docs/reports.md, "Pages").
 */
import { Card, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { TITLE_STYLE } from "../../customers/FormParts";
import {
  SERVICE_PATH,
  serviceParams,
  TIME_DIMENSIONS,
  type Figure,
  type ServiceQuery,
  type ServiceReport,
  type ServiceRow,
} from "../api";
import { RowsChart } from "../charts";
import { monthOf } from "../format";
import { ExportButtons, LoadError, NotAllowed, TotalsRow } from "../parts";
import { useServiceReport } from "../queries";
import { serviceColumns } from "./columns";
import { Controls, useServiceQuery } from "./Controls";
import { TraceDrawer, type TraceTarget } from "./TraceDrawer";

export function ServicePage() {
  const { can } = useAuth();
  if (!can("report.read")) return <NotAllowed />;
  return <Service />;
}

function Service() {
  const { t } = useTranslation("reports");
  const { can } = useAuth();
  const [query, update] = useServiceQuery();
  const report = useServiceReport(query);
  const data = report.data;
  const month = monthOf(query.from, query.to);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="service-report">
      <Card
        title={<h1 style={TITLE_STYLE}>{t("service.title")}</h1>}
        extra={
          <Space className="no-print">
            <Link to="/reports/daily">{t("service.dailyLink")}</Link>
            <Link to="/reports/monthly">{t("service.monthlyLink")}</Link>
          </Space>
        }
      >
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <Controls query={query} onChange={update} />
          {can("report.export") && <ExportButtons path={SERVICE_PATH} query={serviceParams(query)} />}
          {report.error && <LoadError error={report.error} />}
          {data && (
            <Typography.Text type="secondary" data-testid="service-period">
              {data.from} – {data.to} · {t("timeZone", { zone: data.time_zone })}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {data && (
        <>
          <Card title={t("groups.volume")}>
            <VolumeChart report={data} />
          </Card>
          <Card>
            <Typography.Paragraph type="secondary" className="no-print">
              {t("service.linkHelp")} {t("service.traceHelp")}
            </Typography.Paragraph>
            <ServiceTable report={data} query={query} month={month} loading={report.isFetching} />
          </Card>
        </>
      )}
      {report.isPending && !report.error && <Typography.Text type="secondary">{t("loading")}</Typography.Text>}
    </Space>
  );
}

function ServiceTable({
  report,
  query,
  month,
  loading,
}: {
  report: ServiceReport;
  query: ServiceQuery;
  month: string | null;
  loading: boolean;
}) {
  const { t } = useTranslation("reports");
  const [target, setTarget] = useState<TraceTarget | null>(null);
  const open = (key: string, label: string, figure: Figure) => setTarget({ key, label, figure });
  const columns = useMemo(() => serviceColumns(t, report.by, month, open), [t, report.by, month]);
  return (
    <>
    <TraceDrawer query={query} target={target} onClose={() => setTarget(null)} />
    <Table<ServiceRow>
      rowKey="key"
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={report.rows}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("noData") }}
      summary={() => <TotalsRow columns={columns} totals={report.totals} label={t("total")} open={open} />}
      data-testid="service-table"
    />
    </>
  );
}

/** Volumes per row; over time a line of created, resolved and backlog. */
function VolumeChart({ report }: { report: ServiceReport }) {
  const { t } = useTranslation("reports");
  const overTime = TIME_DIMENSIONS.includes(report.by);
  const labels = useMemo(() => report.rows.map((r) => r.label), [report.rows]);
  const series = useMemo(
    () =>
      (["created", "resolved", "backlog"] as const).map((figure) => ({
        name: t(`figures.${figure}`),
        type: overTime ? ("line" as const) : ("bar" as const),
        values: report.rows.map((r) => r[figure]),
      })),
    [report.rows, overTime, t],
  );
  return (
    <RowsChart
      labels={labels}
      series={series}
      label={overTime ? t("service.trend") : t("service.chart")}
      testId={overTime ? "trend-chart" : "volume-chart"}
    />
  );
}
