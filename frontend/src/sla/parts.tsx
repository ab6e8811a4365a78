/** Small pieces the SLA pages share: state tags, escalation steps, the answer-by time. */
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../common/time";
import type { ClockState, EscalationRun, EscalationState, RunState, TargetKind } from "./api";

export const CLOCK_COLOURS: Record<ClockState, string | undefined> = {
  running: "blue",
  paused: "gold",
  met: "green",
  breached: "red",
  cancelled: undefined,
};

export const RUN_COLOURS: Record<RunState, string | undefined> = {
  active: "red",
  acknowledged: "green",
  ended: undefined,
  exhausted: "volcano",
};

export const ESCALATION_COLOURS: Record<EscalationState, string | undefined> = {
  open: "orange",
  acknowledged: "green",
  deescalated: "purple",
  resolved: undefined,
};

export function RunStateTag({ state }: { state: RunState }) {
  const { t } = useTranslation("sla");
  return (
    <Tag color={RUN_COLOURS[state]} data-testid="run-state" data-state={state}>
      {t(`runStates.${state}`)}
    </Tag>
  );
}

export function EscalationStateTag({ state }: { state: EscalationState }) {
  const { t } = useTranslation("sla");
  return (
    <Tag color={ESCALATION_COLOURS[state]} data-testid="escalation-state" data-state={state}>
      {t(`escalationStates.${state}`)}
    </Tag>
  );
}

export function TargetLabel({ target }: { target: TargetKind | string }) {
  const { t } = useTranslation("sla");
  return <>{t(`targets.${target}`, { defaultValue: target })}</>;
}

/** The levels run so far (who was told, or skipped), then those still to come. */
export function RunSteps({ run }: { run: EscalationRun }) {
  const { t } = useTranslation("sla");
  const pending = run.state === "active" ? run.levels.slice(run.next_level) : [];
  return (
    <ol className="sla-steps" style={{ margin: "4px 0", paddingLeft: 20 }}>
      {run.steps.map((step) => (
        <li key={step.level} data-testid={`run-step-${run.id}-${step.level}`} data-skipped={step.skipped}>
          <TargetLabel target={step.target} />
          {": "}
          {step.skipped ? (
            <Typography.Text type="warning">{t("steps.skipped")}</Typography.Text>
          ) : (
            t("steps.told", { names: step.notified.map((u) => u.name || u.username).join(", ") })
          )}{" "}
          <Typography.Text type="secondary">{formatDateTime(step.ran_at)}</Typography.Text>
        </li>
      ))}
      {pending.map((level, index) => (
        <li key={`pending-${run.next_level + index}`} style={{ opacity: 0.65 }}>
          <TargetLabel target={level.target} />
          {": "}
          {index === 0 && run.next_at
            ? t("steps.nextAt", { time: formatDateTime(run.next_at) })
            : t("steps.after", { minutes: level.after_minutes })}
        </li>
      ))}
    </ol>
  );
}

/** "answer by …", red once past while the escalation still waits. */
export function AnswerBy({ at, waiting, now }: { at: string | null; waiting: boolean; now: number }) {
  const { t } = useTranslation("sla");
  if (!at) return <Typography.Text type="secondary">{t("escalation.noAnswerBy")}</Typography.Text>;
  const overdue = waiting && now > new Date(at).getTime();
  return (
    <Typography.Text type={overdue ? "danger" : undefined} strong={overdue} data-testid="answer-by" data-overdue={overdue}>
      {overdue
        ? t("escalation.answerByOverdue", { time: formatDateTime(at) })
        : t("escalation.answerBy", { time: formatDateTime(at) })}
    </Typography.Text>
  );
}

/** The person's name, or their username. */
export const personName = (user: { name: string; username: string } | null | undefined) =>
  user ? user.name || user.username : "—";
