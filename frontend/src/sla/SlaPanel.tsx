/**
 * The ticket's SLA: each clock (business time left, due and warning times, how it ended), the
 * automatic escalations with their steps, and the escalations people raised. Live.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Empty, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { WorkItem } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { errorMessage } from "../customers/FormParts";
import { formatSpan } from "../common/SlaCountdown";
import { formatDateTime } from "../common/time";
import { useNow } from "../common/useNow";
import { isQueueLead } from "../queues/queries";
import {
  acknowledgeRun,
  itemSlaKey,
  RUNS_KEY,
  runReached,
  type Escalation,
  type EscalationRun,
  type SlaClock,
} from "./api";
import { useItemSlaLive } from "./live";
import { AnswerBy, CLOCK_COLOURS, EscalationStateTag, personName, RunStateTag, RunSteps, TargetLabel } from "./parts";
import { useItemSla } from "./queries";

function ClockRow({ clock }: { clock: SlaClock }) {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const remaining = clock.remaining_seconds;
  return (
    <div data-testid={`sla-clock-${clock.id}`} data-kind={clock.kind} data-state={clock.state} className="sla-clock">
      <Space wrap size="small">
        <Typography.Text strong>{t(`clockKinds.${clock.kind}`)}</Typography.Text>
        <Tag color={CLOCK_COLOURS[clock.state]}>{t(`clockStates.${clock.state}`)}</Tag>
        <Typography.Text type="secondary">
          {t("clock.target", { span: formatSpan(clock.target_seconds, tc) })}
        </Typography.Text>
      </Space>
      <div>
        {clock.state === "running" && remaining !== null && (
          <Typography.Text type={remaining <= 0 ? "danger" : undefined} data-testid={`sla-clock-left-${clock.id}`}>
            {remaining > 0
              ? t("clock.businessLeft", { span: formatSpan(remaining, tc) })
              : t("clock.businessOverdue", { span: formatSpan(remaining, tc) })}
          </Typography.Text>
        )}
        {clock.state === "paused" && (
          <Typography.Text>
            {t("clock.pausedUsed", {
              used: formatSpan(clock.used_seconds, tc),
              target: formatSpan(clock.target_seconds, tc),
            })}
          </Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {clock.state === "running" && clock.due_at && (
          <>
            {t("clock.due", { time: formatDateTime(clock.due_at) })}
            {clock.warn_at && ` · ${t("clock.warn", { time: formatDateTime(clock.warn_at) })}`}
          </>
        )}
        {clock.state === "met" && t("clock.metAt", { time: formatDateTime(clock.stopped_at) })}
        {clock.state === "breached" && t("clock.breachedAt", { time: formatDateTime(clock.breached_at) })}
        {clock.state === "cancelled" && t("clock.cancelledAt", { time: formatDateTime(clock.stopped_at) })}
      </Typography.Text>
    </div>
  );
}

function RunRow({ run, canAcknowledge }: { run: EscalationRun; canAcknowledge: boolean }) {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const ack = useMutation({
    mutationFn: () => acknowledgeRun(run.id),
    onSuccess: () => {
      void message.success(t("run.acknowledged"));
    },
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: itemSlaKey(run.item) }),
        client.invalidateQueries({ queryKey: RUNS_KEY }),
      ]),
  });
  return (
    <div data-testid={`sla-run-${run.id}`} data-state={run.state} className="sla-run">
      <Space wrap size="small">
        <Typography.Text strong>{t("run.title", { chain: run.chain_name })}</Typography.Text>
        <RunStateTag state={run.state} />
        <Typography.Text type="secondary">{formatDateTime(run.started_at)}</Typography.Text>
      </Space>
      <RunSteps run={run} />
      {run.acknowledged_by && (
        <Typography.Text type="secondary">
          {t("run.acknowledgedBy", { name: personName(run.acknowledged_by), time: formatDateTime(run.acknowledged_at) })}
        </Typography.Text>
      )}
      {run.state === "active" && canAcknowledge && (
        <Button
          size="small"
          type="primary"
          loading={ack.isPending}
          onClick={() => ack.mutate()}
          data-testid={`sla-run-ack-${run.id}`}
        >
          {t("run.acknowledge")}
        </Button>
      )}
    </div>
  );
}

function EscalationRow({ escalation, now }: { escalation: Escalation; now: number }) {
  const { t } = useTranslation("sla");
  return (
    <div data-testid={`sla-escalation-${escalation.id}`} data-state={escalation.state} className="sla-escalation">
      <Space wrap size="small">
        <Typography.Text strong>
          {t("escalation.fromTo", { from: personName(escalation.raised_by), to: personName(escalation.to_user) })}
        </Typography.Text>
        <Tag>
          <TargetLabel target={escalation.level} />
        </Tag>
        <EscalationStateTag state={escalation.state} />
      </Space>
      <div>
        <Typography.Text type="secondary">{t("escalation.reason")}: </Typography.Text>
        {escalation.reason}
      </div>
      <div>
        <Typography.Text type="secondary">{t("escalation.ask")}: </Typography.Text>
        {escalation.ask}
      </div>
      <AnswerBy at={escalation.answer_by} waiting={escalation.state === "open"} now={now} />
      {escalation.handled_by && (
        <div>
          <Typography.Text type="secondary">
            {t("escalation.handledBy", {
              name: personName(escalation.handled_by),
              time: formatDateTime(escalation.handled_at),
            })}
          </Typography.Text>
          {escalation.note && <>: {escalation.note}</>}
        </div>
      )}
    </div>
  );
}

export function SlaPanel({ item }: { item: WorkItem }) {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const now = useNow();
  useItemSlaLive(item.id);
  const sla = useItemSla(item.id);
  const lead = isQueueLead(me, item.queue.id);

  let body;
  if (sla.isPending) body = <Skeleton active paragraph={{ rows: 3 }} />;
  else if (sla.isError)
    body = (
      <Alert
        type="error"
        showIcon
        title={errorMessage(sla.error, tc("errors.generic"))}
        action={
          <Button size="small" onClick={() => void sla.refetch()}>
            {tc("actions.retry")}
          </Button>
        }
      />
    );
  else if (!sla.data.clocks.length && !sla.data.runs.length && !sla.data.escalations.length)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("panel.none")} />;
  else
    body = (
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        {sla.data.clocks.length > 0 && (
          <section aria-label={t("panel.clocks")}>
            <Space orientation="vertical" size="small" style={{ width: "100%" }}>
              {sla.data.clocks.map((clock) => (
                <ClockRow key={clock.id} clock={clock} />
              ))}
            </Space>
          </section>
        )}
        {sla.data.runs.length > 0 && (
          <section aria-label={t("panel.runs")}>
            <Typography.Title level={5}>{t("panel.runs")}</Typography.Title>
            <Space orientation="vertical" size="small" style={{ width: "100%" }}>
              {sla.data.runs.map((run) => (
                <RunRow key={run.id} run={run} canAcknowledge={lead || runReached(run, me?.id)} />
              ))}
            </Space>
          </section>
        )}
        {sla.data.escalations.length > 0 && (
          <section aria-label={t("panel.escalations")}>
            <Typography.Title level={5}>{t("panel.escalations")}</Typography.Title>
            <Space orientation="vertical" size="small" style={{ width: "100%" }}>
              {sla.data.escalations.map((escalation) => (
                <EscalationRow key={escalation.id} escalation={escalation} now={now} />
              ))}
            </Space>
          </section>
        )}
      </Space>
    );

  return (
    <Card title={t("panel.title")} data-testid="sla-panel" size="small">
      {body}
    </Card>
  );
}
