/** The service report's table: every figure, grouped, with the row's links onward. */
import { Space, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { Link } from "react-router-dom";

import type { Dimension, Figure, ServiceRow } from "../api";
import { figureColumn, type OpenTrace } from "../parts";

const GROUPS: [string, Figure[]][] = [
  ["volume", ["created", "resolved", "backlog"]],
  ["firstResponse", ["first_response_count", "first_response_median", "first_response_p90"]],
  ["resolution", ["resolution_median", "resolution_p90", "handle_avg"]],
  ["sla", ["sla_met", "sla_breached", "sla_attainment"]],
  ["abandonment", ["offered", "abandoned", "abandonment_rate"]],
  ["satisfaction", ["ratings", "rating_avg", "satisfied", "satisfaction_rate"]],
];

/**
 * Where a row's figures lead: queue and kind rows to their items in the inbox (any status),
 * agent rows to the ledger of the period's month, whose figures trace to the items. Other rows
 * (categories, periods) have no page of their own items.
 */
export function rowLink(by: Dimension, row: ServiceRow, month: string | null): { to: string; text: string } | null {
  if (row.key === "none") return null;
  if (by === "queue") return { to: `/inbox?queue=${row.key}&status=`, text: "toInbox" };
  if (by === "kind") return { to: `/inbox?kind=${row.key}&status=`, text: "toInbox" };
  if (by === "agent" && month) return { to: `/quality/ledger?month=${month}`, text: "toLedger" };
  return null;
}

export function serviceColumns(
  t: TFunction<"reports">,
  by: Dimension,
  month: string | null,
  open?: OpenTrace,
): ColumnsType<ServiceRow> {
  return [
    {
      title: t(`service.dimensions.${by}`),
      key: "label",
      fixed: "left",
      width: 200,
      render: (_: unknown, row: ServiceRow) => {
        const link = rowLink(by, row, month);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text data-testid={`row-${row.key}`}>{row.label}</Typography.Text>
            {link && (
              <Link to={link.to} data-testid={`row-link-${row.key}`} className="no-print">
                {t(`service.${link.text}`, { month })}
              </Link>
            )}
          </Space>
        );
      },
    },
    ...GROUPS.map(([group, figures]) => ({
      title: t(`groups.${group}`),
      key: group,
      children: figures.map((figure) => figureColumn<ServiceRow>(figure, t(`figures.${figure}`), open)),
    })),
  ];
}
