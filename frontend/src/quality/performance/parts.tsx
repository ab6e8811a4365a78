/** Pieces the quality pages share: period pickers, item links, the ledger's columns with clickable
 * figures, the trace drawer and the export buttons. */
import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, DatePicker, Drawer, Empty, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { formatDateTime, todayIso } from "../../common/time";
import { workItemPath } from "../../hotline/format";
import type { Kind } from "../../api/types";
import { errorText } from "../../tickets/errors";
import type { Figure, LedgerRow, TraceEntry } from "./api";
import { useTrace } from "./queries";

export const currentMonth = () => todayIso().slice(0, 7);

export function currentQuarter(): string {
  const [year, month] = todayIso().split("-").map(Number);
  return `${year}-Q${Math.floor((month! - 1) / 3) + 1}`;
}

/** The last ``count`` quarters, newest first ("2026-Q4", "2026-Q3", …). */
export function recentQuarters(count = 8): string[] {
  const [year, quarter] = currentQuarter().split("-Q").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const n = year * 4 + (quarter - 1) - i;
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  });
}

/** A period kept in the address (?month= / ?quarter=), so a page can be linked and reloaded. */
export function usePeriodParam(name: "month" | "quarter", fallback: () => string): [string, (v: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) || fallback();
  const set = (next: string) =>
    setParams(
      (old) => {
        const copy = new URLSearchParams(old);
        copy.set(name, next);
        return copy;
      },
      { replace: true },
    );
  return [value, set];
}

export function MonthPicker({ value, onChange }: { value: string; onChange: (month: string) => void }) {
  const { t } = useTranslation("performance");
  return (
    <Space>
      <span>{t("month")}</span>
      <DatePicker
        picker="month"
        format="YYYY-MM"
        allowClear={false}
        value={dayjs(`${value}-01`)}
        onChange={(day) => day && onChange(day.format("YYYY-MM"))}
        data-testid="month-picker"
      />
    </Space>
  );
}

export function QuarterPicker({ value, onChange }: { value: string; onChange: (quarter: string) => void }) {
  const { t } = useTranslation("performance");
  const options = recentQuarters();
  if (!options.includes(value)) options.unshift(value);
  return (
    <Space>
      <span>{t("quarter")}</span>
      <Select
        value={value}
        onChange={onChange}
        options={options.map((q) => ({ value: q, label: q }))}
        style={{ width: 120 }}
        data-testid="quarter-picker"
        aria-label={t("quarter")}
      />
    </Space>
  );
}

/** Where an item's page is: tickets, calls, ring-backs and complaints have one; chats do not. */
export function itemHref(kind: string, id: number): string | null {
  if (kind === "complaint") return `/complaints/${id}`;
  return workItemPath(kind as Kind, id);
}

export function ItemLink({ kind, id, reference }: { kind: string; id: number; reference: string }) {
  const { t } = useTranslation("performance");
  const href = itemHref(kind, id);
  return (
    <Space size={4}>
      <Tag>{t(`kind.${kind}`, { defaultValue: kind })}</Tag>
      {href ? (
        <Link to={href} data-testid={`item-link-${id}`}>
          {reference}
        </Link>
      ) : (
        <span>{reference}</span>
      )}
    </Space>
  );
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation("performance");
  return <Alert type="error" showIcon title={t("loadFailed", { message: errorText(error, "network") })} />;
}

export function NotAllowed() {
  const { t } = useTranslation("performance");
  return <Alert type="warning" showIcon title={t("notAllowed")} data-testid="not-allowed" />;
}

export function ExportButtons({ csv, xlsx }: { csv: string; xlsx: string }) {
  const { t } = useTranslation("performance");
  return (
    <Space>
      <Button icon={<DownloadOutlined />} href={csv} download data-testid="export-csv">
        {t("exportCsv")}
      </Button>
      <Button icon={<DownloadOutlined />} href={xlsx} download data-testid="export-xlsx">
        {t("exportXlsx")}
      </Button>
    </Space>
  );
}

export interface TraceTarget {
  agent: number;
  agentName: string;
  month: string;
  figure: Figure;
}

/** A figure as a button that opens its trace (zero: plain text, nothing behind it). */
function FigureButton({ row, figure, text, onOpen }: { row: LedgerRow; figure: Figure; text: string; onOpen: (f: Figure) => void }) {
  const zero = figure === "points" ? row.items === 0 : Number(row[figure]) === 0;
  if (zero) return <span data-testid={`figure-${row.agent.id}-${figure}`}>{text}</span>;
  return (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(figure)} data-testid={`figure-${row.agent.id}-${figure}`}>
      {text}
    </Button>
  );
}

/** The ledger's figure columns; each traceable figure opens the items behind it. */
export function ledgerColumns<Row extends LedgerRow>(
  t: (key: string) => string,
  open: (row: Row, figure: Figure) => void,
): ColumnsType<Row> {
  const figure = (key: Figure, title: string) => ({
    title,
    key,
    align: "right" as const,
    render: (_: unknown, row: Row) => (
      <FigureButton row={row} figure={key} text={String(row[key])} onOpen={(f) => open(row, f)} />
    ),
  });
  return [
    { title: t("columns.agent"), key: "agent", render: (_: unknown, row: Row) => row.agent.name },
    { title: t("columns.items"), dataIndex: "items", key: "items", align: "right" },
    figure("points", t("columns.points")),
    { title: t("columns.base"), dataIndex: "base", key: "base", align: "right" },
    { title: t("columns.above_base"), dataIndex: "above_base", key: "above_base", align: "right" },
    figure("confirmed", t("columns.confirmed")),
    figure("praise", t("columns.praise")),
    figure("complaints", t("columns.complaints")),
    figure("repeats", t("columns.repeats")),
    figure("reviews", t("columns.reviews")),
    {
      title: t("columns.review_score"),
      key: "review_score",
      align: "right",
      render: (_: unknown, row: Row) => row.review_score ?? "–",
    },
  ];
}

function entryDetail(t: (key: string, options?: Record<string, unknown>) => string, entry: TraceEntry, figure: Figure): string {
  const parts: string[] = [];
  if (figure === "points" && entry.points !== undefined) parts.push(t("trace.points", { points: entry.points }));
  if (entry.score !== undefined) parts.push(t("trace.score", { score: entry.score }));
  if (entry.source === "recorded") parts.push(t("trace.recorded"));
  if (entry.review_score !== undefined) parts.push(t("trace.review", { score: entry.review_score }));
  if (entry.repeated_by !== undefined) parts.push(t("trace.repeatedBy", { id: entry.repeated_by }));
  if (entry.source_item) parts.push(t("trace.fromItem", { id: entry.source_item }));
  if (entry.comment) parts.push(`“${entry.comment}”`);
  return parts.join(" · ");
}

/** The items behind one figure of one agent's month (ledger/trace). */
export function TraceDrawer({ target, onClose }: { target: TraceTarget | null; onClose: () => void }) {
  const { t } = useTranslation("performance");
  const trace = useTrace(target);
  const columns: ColumnsType<TraceEntry & { key: number }> = [
    {
      title: t("trace.reference"),
      key: "reference",
      render: (_, e) => <ItemLink kind={e.kind} id={e.id} reference={e.reference} />,
    },
    { title: t("trace.subject"), dataIndex: "subject", key: "subject" },
    { title: t("trace.resolvedAt"), key: "resolved", render: (_, e) => formatDateTime(e.resolved_at) },
    { title: t("trace.detail"), key: "detail", render: (_, e) => entryDetail(t, e, target!.figure) },
  ];
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size="large"
      destroyOnHidden
      title={
        target
          ? t("trace.title", { figure: t(`columns.${target.figure}`), agent: target.agentName, period: target.month })
          : ""
      }
      data-testid="trace-drawer"
    >
      {trace.isError ? (
        <LoadError error={trace.error} />
      ) : (
        <Table<TraceEntry & { key: number }>
          rowKey="key"
          size="small"
          loading={trace.isLoading}
          columns={columns}
          dataSource={(trace.data?.items ?? []).map((e, key) => ({ ...e, key }))}
          pagination={false}
          locale={{ emptyText: <Empty description={t("trace.empty")} /> }}
          data-testid="trace-table"
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {trace.data ? `${trace.data.count}` : ""}
      </Typography.Paragraph>
    </Drawer>
  );
}
