/** A day's channel report: volumes, success, latency, incidents and balance per channel; CSV and XLSX too. */
import { useQuery } from "@tanstack/react-query";
import { DatePicker, Empty, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ExportButtons } from "../common/ExportButtons";
import { todayIso } from "../common/time";
import { ErrorAlert } from "../customers/FormParts";
import { CATEGORIES, fetchReport, reportKey, type ReportRow } from "./api";
import { RateBars } from "./charts";
import { latency, percent, yuan } from "./format";
import { categoryName } from "./parts";

export function ChannelReport() {
  const { t } = useTranslation("orders");
  const [day, setDay] = useState(() => todayIso());
  const report = useQuery({ queryKey: reportKey(day), queryFn: ({ signal }) => fetchReport(day, signal) });
  const rows = report.data ?? [];

  const columns: ColumnsType<ReportRow> = [
    { key: "channel", title: t("columns.channel"), render: (_, r) => r.channel },
    { key: "sent", title: t("report.sent"), align: "right", render: (_, r) => r.sent },
    { key: "succeeded", title: t("report.succeeded"), align: "right", render: (_, r) => r.succeeded },
    { key: "failed", title: t("report.failed"), align: "right", render: (_, r) => r.failed },
    { key: "rate", title: t("report.successRate"), align: "right", render: (_, r) => percent(r.success_rate) },
    { key: "p50", title: "p50", align: "right", render: (_, r) => latency(r.latency_p50_ms) },
    { key: "p95", title: "p95", align: "right", render: (_, r) => latency(r.latency_p95_ms) },
    {
      key: "errors",
      title: t("tile.errors"),
      render: (_, r) => {
        const found = [...CATEGORIES, ...Object.keys(r.errors).filter((c) => !(CATEGORIES as readonly string[]).includes(c))].filter(
          (c) => (r.errors[c] ?? 0) > 0,
        );
        return found.length
          ? found.map((c) => (
              <Tag key={c}>
                {categoryName(t, c)}: {r.errors[c]}
              </Tag>
            ))
          : "—";
      },
    },
    { key: "incidents", title: t("report.incidents"), align: "right", render: (_, r) => r.incidents },
    { key: "balance", title: t("tile.balance"), align: "right", render: (_, r) => yuan(r.balance) },
  ];

  return (
    <>
      <Space wrap align="start" style={{ marginBottom: 16 }}>
        <DatePicker
          value={dayjs(day)}
          allowClear={false}
          onChange={(value) => value && setDay(value.format("YYYY-MM-DD"))}
          aria-label={t("report.day")}
          data-testid="report-day"
        />
        <ExportButtons path="/orders/report/" params={{ day }} permission="order.handle" testId="report-export" />
      </Space>
      {report.error && <ErrorAlert error={report.error} />}
      <div data-testid="report-table">
        <Table<ReportRow>
          rowKey="channel"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={report.isFetching && !report.data}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("report.empty")} /> }}
          onRow={(r) => ({ "data-testid": `report-row-${r.channel}` }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      {rows.length > 0 && (
        <div style={{ marginTop: 24 }}>
          <Typography.Title level={5}>{t("report.chart")}</Typography.Title>
          <RateBars bars={rows.map((r) => ({ label: r.channel, value: r.success_rate }))} testId="report-chart" />
        </div>
      )}
    </>
  );
}
