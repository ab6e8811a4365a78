/**
 * Wall-clock time left until an item's SLA due instant (`due_at`): "42 min left",
 * "3 h 10 min left", "overdue 15 min". Normal, then warning from `sla_warn_at`, then breached
 * from `due_at`. The business time left is on the ticket's SLA panel.
 */
import { ClockCircleOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "./time";
import { useNow } from "./useNow";

export type SlaState = "normal" | "warning" | "breached";

export const SLA_COLOURS: Record<SlaState, string> = {
  normal: "green",
  warning: "orange",
  breached: "red",
};

/** Breached once `now` reaches the due instant, warning once it reaches the warning instant. */
export function slaState(dueAt: string, warnAt: string | null | undefined, now: number): SlaState {
  if (now >= new Date(dueAt).getTime()) return "breached";
  if (warnAt && now >= new Date(warnAt).getTime()) return "warning";
  return "normal";
}

/** "42 min", "3 h 10 min", "2 d 4 h", "< 1 min": whole minutes, rounded down. */
export function formatSpan(seconds: number, t: TFunction): string {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  if (minutes < 1) return t("sla.underMinute", { ns: "common" });
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const part = (unit: "days" | "hours" | "minutes", n: number) => t(`sla.${unit}`, { ns: "common", n });
  if (days > 0) return hours > 0 ? `${part("days", days)} ${part("hours", hours)}` : part("days", days);
  if (hours > 0) return rest > 0 ? `${part("hours", hours)} ${part("minutes", rest)}` : part("hours", hours);
  return part("minutes", rest);
}

/** "42 min left" or "overdue 15 min" for signed seconds until the due instant. */
export function formatTimeLeft(seconds: number, t: TFunction): string {
  const span = formatSpan(seconds, t);
  return seconds > 0 ? t("sla.left", { ns: "common", span }) : t("sla.overdue", { ns: "common", span });
}

interface Props {
  dueAt: string | null | undefined;
  warnAt?: string | null;
  /** The current time from a shared ticker (a list's rows); each countdown ticks by itself without. */
  now?: number;
  testId?: string;
}

export function SlaCountdown({ dueAt, warnAt, now, testId }: Props) {
  if (!dueAt) return null;
  return now === undefined ? (
    <TickingCountdown dueAt={dueAt} warnAt={warnAt} testId={testId} />
  ) : (
    <CountdownTag dueAt={dueAt} warnAt={warnAt} now={now} testId={testId} />
  );
}

function TickingCountdown(props: { dueAt: string; warnAt?: string | null; testId?: string }) {
  const now = useNow(30_000);
  return <CountdownTag {...props} now={now} />;
}

function CountdownTag({
  dueAt,
  warnAt,
  now,
  testId,
}: {
  dueAt: string;
  warnAt?: string | null;
  now: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const state = slaState(dueAt, warnAt, now);
  const seconds = Math.round((new Date(dueAt).getTime() - now) / 1000);
  const tip = [
    t(`sla.states.${state}`),
    t("sla.dueAt", { time: formatDateTime(dueAt) }),
    ...(warnAt && state === "normal" ? [t("sla.warnAt", { time: formatDateTime(warnAt) })] : []),
  ].join(" · ");
  return (
    <Tooltip title={tip}>
      <Tag
        color={SLA_COLOURS[state]}
        icon={<ClockCircleOutlined />}
        data-testid={testId}
        data-sla={state}
        style={{ whiteSpace: "nowrap" }}
      >
        {formatTimeLeft(seconds, t)}
      </Tag>
    </Tooltip>
  );
}
