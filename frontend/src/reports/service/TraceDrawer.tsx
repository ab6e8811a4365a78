/** The records behind one counted figure of the service report: items, SLA clocks or ratings,
 * each item opening its own page (its count equals the figure; docs/reports.md). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Drawer, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { formatDateTime } from "../../common/time";
import { fetchServiceTrace, REPORTS_KEY, TRACE_PAGE_SIZE, type Figure, type ServiceQuery, type TraceRow } from "../api";
import { itemPathOf } from "../format";
import { LoadError } from "../parts";

export interface TraceTarget {
  key: string;
  label: string;
  figure: Figure;
}

export function TraceDrawer({ query, target, onClose }: { query: ServiceQuery; target: TraceTarget | null; onClose: () => void }) {
  const { t } = useTranslation("reports");
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size="large"
      title={target ? t("service.traceTitle", { figure: t(`figures.${target.figure}`), row: target.label }) : ""}
      destroyOnHidden
    >
      {target && <TraceList query={query} target={target} />}
    </Drawer>
  );
}

function TraceList({ query, target }: { query: ServiceQuery; target: TraceTarget }) {
  const { t } = useTranslation("reports");
  const [page, setPage] = useState(1);
  const trace = useQuery({
    queryKey: [...REPORTS_KEY, "trace", query, target.key, target.figure, page],
    queryFn: ({ signal }) => fetchServiceTrace(query, target.key, target.figure, page, signal),
    placeholderData: keepPreviousData,
  });
  const record = trace.data?.record;
  const columns: ColumnsType<TraceRow> = [
    {
      title: t("service.trace.item"),
      key: "reference",
      render: (_, row) => {
        const path = itemPathOf(row.item.reference, row.item.id);
        return path ? <Link to={path}>{row.item.reference}</Link> : <Typography.Text code>{row.item.reference}</Typography.Text>;
      },
    },
    { title: t("service.trace.subject"), key: "subject", render: (_, row) => row.item.subject },
    { title: t("service.trace.status"), key: "status", render: (_, row) => <Tag>{row.item.status}</Tag> },
    { title: t("service.trace.queue"), key: "queue", render: (_, row) => row.item.queue.name },
    { title: t("service.trace.agent"), key: "agent", render: (_, row) => row.item.assignee?.name ?? "—" },
    { title: t("service.trace.created"), key: "created", render: (_, row) => formatDateTime(row.item.created_at) },
    { title: t("service.trace.resolved"), key: "resolved", render: (_, row) => formatDateTime(row.item.resolved_at) || "—" },
  ];
  if (record === "clock") {
    columns.push({
      title: t("service.trace.clock"),
      key: "clock",
      render: (_, row) => (row.clock ? `${row.clock.kind} · ${row.clock.state}` : "—"),
    });
  }
  if (record === "rating") {
    columns.push({
      title: t("service.trace.rating"),
      key: "rating",
      render: (_, row) => (row.rating ? `${row.rating.score} ${row.rating.comment}`.trim() : "—"),
    });
  }
  return (
    <>
      {trace.error && <LoadError error={trace.error} />}
      {trace.data && (
        <Typography.Paragraph type="secondary" data-testid="trace-count">
          {t("service.trace.count", { count: trace.data.count })}
        </Typography.Paragraph>
      )}
      <Table<TraceRow>
        rowKey={(row, index) => `${row.item.id}-${row.clock?.kind ?? ""}-${index}`}
        size="small"
        loading={trace.isFetching}
        columns={columns}
        dataSource={trace.data?.results ?? []}
        scroll={{ x: "max-content" }}
        pagination={{
          current: page,
          pageSize: TRACE_PAGE_SIZE,
          total: trace.data?.count ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        data-testid="trace-table"
      />
    </>
  );
}
