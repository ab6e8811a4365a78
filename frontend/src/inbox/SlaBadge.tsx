import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

import { formatDateTime, formatDuration, secondsUntil } from "../common/time";

const WARN_SECONDS = 3600;

export type SlaState = "overdue" | "soon" | "ok";

export function slaState(seconds: number): SlaState {
  if (seconds < 0) return "overdue";
  if (seconds <= WARN_SECONDS) return "soon";
  return "ok";
}

const COLORS: Record<SlaState, string | undefined> = {
  overdue: "red",
  soon: "orange",
  ok: undefined,
};

/** Time left until the SLA's next due time: red once overdue, orange within the hour. */
export function SlaBadge({ itemId, dueAt, now }: { itemId: number; dueAt: string; now: number }) {
  const { t } = useTranslation("inbox");
  const seconds = secondsUntil(dueAt, now);
  const state = slaState(seconds);
  const duration = formatDuration(seconds);
  const time = formatDateTime(dueAt);
  const label = t(state === "overdue" ? "sla.overdueBy" : "sla.dueIn", { duration, time });
  return (
    <Tooltip title={label}>
      <Tag
        color={COLORS[state]}
        data-testid={`sla-badge-${itemId}`}
        data-sla={state}
      >
        {state === "overdue" ? t("sla.overdue", { duration }) : duration}
      </Tag>
    </Tooltip>
  );
}
