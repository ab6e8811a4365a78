/** Pieces the report pages share: access, errors, exports, the figure columns. */
import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Table } from "antd";
import type { ColumnType, ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import { downloadReport, TRACE_FIGURES, type Figure, type Output, type Query, type ServiceRow } from "./api";
import { formatFigure } from "./format";

export function NotAllowed() {
  const { t } = useTranslation("reports");
  return <Alert type="warning" showIcon title={t("notAllowed")} data-testid="reports-not-allowed" />;
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation("reports");
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon title={t("loadFailed", { message })} data-testid="report-error" />;
}

/**
 * Export buttons: the same report as a file through the API's `output=`. A refusal shows the
 * server's message (a 403 without `report.export`, a 400 for a bad period).
 */
export function ExportButtons({
  path,
  query,
  outputs = ["csv", "xlsx"],
  labels,
}: {
  path: string;
  query: Query;
  outputs?: Output[];
  labels?: Partial<Record<Output, string>>;
}) {
  const { t } = useTranslation("reports");
  const [busy, setBusy] = useState<Output | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (output: Output) => {
    setBusy(output);
    setError(null);
    try {
      await downloadReport(path, query, output);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space orientation="vertical" size={8} className="no-print">
      <Space wrap>
        {outputs.map((output) => (
          <Button
            key={output}
            icon={<DownloadOutlined />}
            loading={busy === output}
            onClick={() => void run(output)}
            data-testid={`export-${output}`}
          >
            {labels?.[output] ?? t(output === "csv" ? "exportCsv" : "exportXlsx")}
          </Button>
        ))}
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          title={t("exportFailed", { message: error })}
          data-testid="export-error"
        />
      )}
    </Space>
  );
}

/** Opens the records behind a counted figure of a row (`total` for the totals). */
export type OpenTrace = (key: string, label: string, figure: Figure) => void;

/** A figure's value; a counted, non-zero figure is a link to its records when `open` is given. */
function FigureValue({ figure, value, rowKey, label, open, testId }: {
  figure: Figure;
  value: number | null;
  rowKey: string;
  label: string;
  open?: OpenTrace;
  testId: string;
}) {
  const text = formatFigure(figure, value);
  if (!open || !TRACE_FIGURES.includes(figure) || !value) return <span data-testid={testId}>{text}</span>;
  return (
    <Button type="link" size="small" style={{ padding: 0, height: "auto" }} onClick={() => open(rowKey, label, figure)} data-testid={testId}>
      {text}
    </Button>
  );
}

/** A figure column, right-aligned, formatted by its unit (times h/m/s, rates %, null —). */
export function figureColumn<Row extends ServiceRow>(figure: Figure, title: string, open?: OpenTrace): ColumnType<Row> {
  return {
    title,
    key: figure,
    dataIndex: figure,
    align: "right",
    render: (value: number | null, row: Row) => (
      <FigureValue figure={figure} value={value} rowKey={row.key} label={row.label} open={open} testId={`cell-${row.key}-${figure}`} />
    ),
  };
}

/** The totals row under a table, cell by cell in the columns' order (leaf columns). */
export function TotalsRow<Row extends ServiceRow>({
  columns,
  totals,
  label,
  open,
}: {
  columns: ColumnsType<Row>;
  totals: ServiceRow;
  label: string;
  open?: OpenTrace;
}) {
  const leaves: ColumnType<Row>[] = [];
  const walk = (cols: ColumnsType<Row>) =>
    cols.forEach((c) => ("children" in c && c.children ? walk(c.children) : leaves.push(c as ColumnType<Row>)));
  walk(columns);
  return (
    <Table.Summary fixed>
      <Table.Summary.Row data-testid="totals-row">
        {leaves.map((col, index) => {
          const key = String(col.key ?? index);
          const figure = key as Figure;
          return (
            <Table.Summary.Cell key={key} index={index} align={index === 0 ? "left" : "right"}>
              <strong>
                {index === 0 ? (
                  label
                ) : key in totals ? (
                  <FigureValue figure={figure} value={totals[figure]} rowKey="total" label={label} open={open} testId={`total-${key}`} />
                ) : null}
              </strong>
            </Table.Summary.Cell>
          );
        })}
      </Table.Summary.Row>
    </Table.Summary>
  );
}
