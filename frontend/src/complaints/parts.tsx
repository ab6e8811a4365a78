/** Small pieces the complaint pages share: stage, severity and SLA tags, names, error alerts. */
import { ClockCircleOutlined } from "@ant-design/icons";
import { Alert, Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { ApiError } from "../api/client";
import type { UserBrief } from "../api/types";
import { formatTimeLeft } from "../common/SlaCountdown";
import { formatDateTime } from "../common/time";
import { errorText } from "../tickets/errors";
import type { RemedyState, Severity, SlaBadge as SlaBadgeData, SlaBadgeState, Stage } from "./api";

export const STAGE_COLOURS: Record<Stage, string | undefined> = {
  received: "blue",
  investigating: "geekblue",
  sent_back: "orange",
  proposed: "gold",
  appeal_review: "volcano",
  approved: "green",
  informed: "cyan",
  closed: undefined,
};

export const SEVERITY_COLOURS: Record<Severity, string | undefined> = {
  low: undefined,
  medium: "blue",
  high: "orange",
  critical: "red",
};

export const REMEDY_COLOURS: Record<RemedyState, string | undefined> = {
  proposed: "gold",
  approved: "green",
  withdrawn: undefined,
  executed: "cyan",
  recorded: "purple",
};

/** Stages in which the findings and the remedies may change (helpdesk/complaints/workflow.py). */
export const EDITABLE_STAGES: Stage[] = ["received", "investigating", "sent_back"];

export function StageTag({ stage, testId }: { stage: Stage; testId?: string }) {
  const { t } = useTranslation("complaints");
  return (
    <Tag color={STAGE_COLOURS[stage]} data-testid={testId} data-stage={stage}>
      {t(`stages.${stage}`, { defaultValue: stage })}
    </Tag>
  );
}

export function SeverityTag({ severity, testId }: { severity: Severity; testId?: string }) {
  const { t } = useTranslation("complaints");
  return (
    <Tag color={SEVERITY_COLOURS[severity]} data-testid={testId} data-severity={severity}>
      {t(`severities.${severity}`, { defaultValue: severity })}
    </Tag>
  );
}

export function RemedyStateTag({ state }: { state: RemedyState }) {
  const { t } = useTranslation("complaints");
  return (
    <Tag color={REMEDY_COLOURS[state]} data-state={state}>
      {t(`remedyStates.${state}`, { defaultValue: state })}
    </Tag>
  );
}

const BADGE_RANK: Record<SlaBadgeState, number> = { none: 0, ok: 1, warning: 2, breached: 3 };
const BADGE_COLOURS: Record<SlaBadgeState, string | undefined> = {
  none: undefined,
  ok: "green",
  warning: "orange",
  breached: "red",
};

/** The server's badge state, moved on by the clock since it was computed (it never goes back). */
export function badgeState(sla: SlaBadgeData, now: number): SlaBadgeState {
  let state = sla.state;
  const later = (s: SlaBadgeState) => {
    if (BADGE_RANK[s] > BADGE_RANK[state]) state = s;
  };
  if (sla.due_at && now >= new Date(sla.due_at).getTime()) later("breached");
  else if (sla.warn_at && now >= new Date(sla.warn_at).getTime()) later("warning");
  return state;
}

/** The card's SLA badge: on time / due soon / overdue, with the time left or past the due time. */
export function SlaBadge({ sla, now, testId }: { sla: SlaBadgeData; now: number; testId?: string }) {
  const { t } = useTranslation("complaints");
  const { t: tc } = useTranslation();
  const state = badgeState(sla, now);
  if (state === "none" && !sla.due_at) return null;
  const due = sla.due_at;
  const seconds = due ? Math.round((new Date(due).getTime() - now) / 1000) : 0;
  let text = due ? formatTimeLeft(seconds, tc) : t(`sla.${state}`);
  // A target already missed while another still runs: say so beside the time left.
  if (due && state === "breached" && seconds > 0) text = t("sla.missedLeft", { left: text });
  const tip = [t(`sla.${state}`), ...(due ? [tc("sla.dueAt", { time: formatDateTime(due) })] : [])].join(" · ");
  return (
    <Tooltip title={tip}>
      <Tag
        color={BADGE_COLOURS[state]}
        icon={<ClockCircleOutlined />}
        data-testid={testId}
        data-sla={state}
        aria-label={tip}
        style={{ whiteSpace: "nowrap" }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

export const personName = (user: UserBrief | null | undefined) => (user ? user.name || user.username : "");

/** The complaint a `409 complaint_exists` names (one is already open about the source). */
export function existingComplaint(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== "complaint_exists") return null;
  const raw = (error.fields.complaint as unknown[] | undefined)?.[0];
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The server's message (already translated) with its field messages, or a generic one. */
export function complaintErrorText(error: unknown, generic: string): string {
  if (existingComplaint(error) !== null) return (error as ApiError).message;
  return errorText(error, generic);
}

export function ComplaintError({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation("complaints");
  const { t: tc } = useTranslation();
  const existing = existingComplaint(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={complaintErrorText(error, tc("errors.generic"))}
      description={
        existing !== null ? (
          <Link to={`/complaints/${existing}`} data-testid="complaint-existing-link">
            {t("open.existing")}
          </Link>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
      data-testid={testId}
    />
  );
}
