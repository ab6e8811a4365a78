/**
 * `/escalations`: what was escalated to me (acknowledge, send back, reassign), what I raised and
 * how it was answered, and, for those who handle escalations, the automatic ones. Live.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { formatDateTime } from "../common/time";
import { useNow } from "../common/useNow";
import { ErrorAlert, errorMessage, FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { fetchQueue, queueKey } from "../tickets/api";
import {
  acknowledgeEscalation,
  acknowledgeRun,
  ESCALATIONS_KEY,
  fetchItem,
  reassignEscalation,
  RUNS_KEY,
  runReached,
  sendBackEscalation,
  type Escalation,
  type EscalationRun,
  type RunState,
} from "./api";
import { useEscalationsLive } from "./live";
import { AnswerBy, EscalationStateTag, personName, RunStateTag, RunSteps, TargetLabel } from "./parts";
import { useEscalations, useRuns } from "./queries";

type TabKey = "to-me" | "raised" | "automatic";
type Action = { kind: "acknowledge" | "send-back" | "reassign"; escalation: Escalation };
const RUN_FILTERS = ["active", "acknowledged", "exhausted", "ended", "all"] as const;
type RunFilter = (typeof RUN_FILTERS)[number];

/** Only tickets have a page so far (references: T-000042). */
export function itemLink(item: number, reference: string): string | null {
  return reference.startsWith("T-") ? `/tickets/${item}` : null;
}

function ItemCell({ item, reference, subject }: { item: number; reference: string; subject: string }) {
  const path = itemLink(item, reference);
  return (
    <div style={{ minWidth: 160 }}>
      {path ? <Link to={path}>{reference}</Link> : reference}
      <div>
        <Typography.Text type="secondary" ellipsis={{ tooltip: subject }} style={{ maxWidth: 240 }}>
          {subject}
        </Typography.Text>
      </div>
    </div>
  );
}

/** Long texts wrap in a column of bounded width (the row's actions stay in view). */
const wrapCell = () => ({ style: { minWidth: 160, maxWidth: 300, whiteSpace: "normal" as const } });

const rowProps = (testId: string, state: string) =>
  ({ "data-testid": testId, "data-state": state }) as HTMLAttributes<HTMLElement>;

export function EscalationsPage() {
  const { t } = useTranslation("sla");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  useEscalationsLive();
  const handles = can("escalation.handle");
  const asked = params.get("tab");
  const tab: TabKey = asked === "raised" || (asked === "automatic" && handles) ? asked : "to-me";

  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("inbox.title")}</h1>}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "to-me" ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: "to-me", label: <ToMeLabel />, children: <ToMeTab /> },
          { key: "raised", label: t("inbox.tabs.raised"), children: <RaisedTab /> },
          ...(handles ? [{ key: "automatic", label: <AutomaticLabel />, children: <AutomaticTab /> }] : []),
        ]}
      />
    </Card>
  );
}

function ToMeLabel() {
  const { t } = useTranslation("sla");
  const { me } = useAuth();
  const open = useEscalations("open");
  const count = (open.data ?? []).filter((e) => e.to_user.id === me?.id).length;
  return (
    <Space size={6}>
      {t("inbox.tabs.toMe")}
      <Badge count={count} size="small" data-testid="tab-count-to-me" />
    </Space>
  );
}

function AutomaticLabel() {
  const { t } = useTranslation("sla");
  const active = useRuns("active");
  return (
    <Space size={6}>
      {t("inbox.tabs.automatic")}
      <Badge count={active.data?.length ?? 0} size="small" data-testid="tab-count-automatic" />
    </Space>
  );
}

function ToMeTab() {
  const { t } = useTranslation("sla");
  const { me, can } = useAuth();
  const now = useNow();
  const [waitingOnly, setWaitingOnly] = useState(true);
  const [action, setAction] = useState<Action | null>(null);
  const list = useEscalations(waitingOnly ? "open" : undefined);
  const rows = (list.data ?? []).filter((e) => e.to_user.id === me?.id);
  const handles = can("escalation.handle");

  const columns: ColumnsType<Escalation> = [
    { key: "item", title: t("columns.item"), render: (_, e) => <ItemCell {...e} /> },
    { key: "from", title: t("columns.from"), render: (_, e) => personName(e.raised_by) },
    { key: "reason", title: t("columns.reason"), onCell: wrapCell, render: (_, e) => e.reason },
    { key: "ask", title: t("columns.ask"), onCell: wrapCell, render: (_, e) => e.ask },
    {
      key: "answerBy",
      title: t("columns.answerBy"),
      render: (_, e) => <AnswerBy at={e.answer_by} waiting={e.state === "open"} now={now} />,
    },
    { key: "raised", title: t("columns.raised"), render: (_, e) => formatDateTime(e.created_at) },
    { key: "state", title: t("columns.state"), render: (_, e) => <EscalationStateTag state={e.state} /> },
    {
      key: "actions",
      title: "",
      fixed: "right",
      render: (_, e) => (
        <Space orientation="vertical" size={4}>
          {e.state === "open" && (
            <Button
              size="small"
              type="primary"
              onClick={() => setAction({ kind: "acknowledge", escalation: e })}
              data-testid={`escalation-ack-${e.id}`}
            >
              {t("actions.acknowledge")}
            </Button>
          )}
          {(e.state === "open" || e.state === "acknowledged") && (
            <Button
              size="small"
              onClick={() => setAction({ kind: "send-back", escalation: e })}
              data-testid={`escalation-send-back-${e.id}`}
            >
              {t("actions.sendBack")}
            </Button>
          )}
          {handles && (e.state === "open" || e.state === "acknowledged") && (
            <Button
              size="small"
              onClick={() => setAction({ kind: "reassign", escalation: e })}
              data-testid={`escalation-reassign-${e.id}`}
            >
              {t("actions.reassign")}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Select<"open" | "all">
        value={waitingOnly ? "open" : "all"}
        onChange={(value) => setWaitingOnly(value === "open")}
        options={[
          { value: "open", label: t("inbox.waiting") },
          { value: "all", label: t("inbox.all") },
        ]}
        style={{ minWidth: 160, marginBottom: 16 }}
        aria-label={t("columns.state")}
        data-testid="to-me-filter"
      />
      {list.error && <ErrorAlert error={list.error} />}
      <div data-testid="escalations-to-me">
        <Table<Escalation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty description={t("inbox.emptyToMe")} /> }}
          onRow={(e) => rowProps(`escalation-row-${e.id}`, e.state)}
        />
      </div>
      {action?.kind === "reassign" ? (
        <ReassignDialog escalation={action.escalation} onClose={() => setAction(null)} />
      ) : action ? (
        <AnswerDialog action={action} onClose={() => setAction(null)} />
      ) : null}
    </>
  );
}

/** Acknowledge (an optional note) or send back (a note saying why). */
function AnswerDialog({ action, onClose }: { action: Action; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const sendBack = action.kind === "send-back";
  const { escalation } = action;

  const answer = useMutation({
    mutationFn: async (note: string) => {
      try {
        return await (sendBack ? sendBackEscalation : acknowledgeEscalation)(escalation.id, note.trim());
      } catch (error) {
        applyFieldErrors(form, error, plainField(["note"]));
        throw error;
      }
    },
    onSuccess: () => {
      void message.success(t(sendBack ? "answer.sentBack" : "answer.acknowledged", { reference: escalation.reference }));
      void client.invalidateQueries({ queryKey: ESCALATIONS_KEY });
      onClose();
    },
    onError: () => void client.invalidateQueries({ queryKey: ESCALATIONS_KEY }),
  });

  return (
    <Modal
      open
      title={t(sendBack ? "answer.sendBackTitle" : "answer.acknowledgeTitle", { reference: escalation.reference })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t("columns.ask")}: </Typography.Text>
        {escalation.ask}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => answer.mutate(values.note ?? "")}>
        {answer.error && <ErrorAlert error={answer.error} />}
        <Form.Item
          name="note"
          label={sendBack ? t("answer.noteWhy") : t("answer.noteOptional")}
          rules={sendBack ? [{ required: true, whitespace: true, message: t("answer.noteRequired") }] : []}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="answer-note" />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={sendBack ? t("actions.sendBack") : t("actions.acknowledge")}
          busy={answer.isPending}
          testId="answer-submit"
        />
      </Form>
    </Modal>
  );
}

/** Give the item to a member of its queue (the members as the ticket's assign control lists them). */
function ReassignDialog({ escalation, onClose }: { escalation: Escalation; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ to_user: number; note: string }>();
  const item = useQuery({
    queryKey: ["item", escalation.item],
    queryFn: ({ signal }) => fetchItem(escalation.item, signal),
  });
  const queueId = item.data?.queue.id;
  const queue = useQuery({
    queryKey: queueKey(queueId ?? 0),
    queryFn: () => fetchQueue(queueId!),
    enabled: queueId !== undefined,
    staleTime: 60_000,
  });
  const members = (queue.data?.memberships ?? []).filter((m) => m.user.id !== item.data?.assignee?.id);

  const reassign = useMutation({
    mutationFn: async (values: { to_user: number; note: string }) => {
      try {
        return await reassignEscalation(escalation.id, values.to_user, (values.note ?? "").trim());
      } catch (error) {
        applyFieldErrors(form, error, plainField(["to_user", "note"]));
        throw error;
      }
    },
    onSuccess: (_, values) => {
      const member = members.find((m) => m.user.id === values.to_user);
      void message.success(t("answer.reassigned", { reference: escalation.reference, name: personName(member?.user) }));
      void client.invalidateQueries({ queryKey: ESCALATIONS_KEY });
      void client.invalidateQueries({ queryKey: ["inbox"] });
      onClose();
    },
  });

  const loadError = item.error ?? queue.error;
  return (
    <Modal
      open
      title={t("answer.reassignTitle", { reference: escalation.reference })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {item.data && (
        <Typography.Paragraph type="secondary">
          {t("answer.reassignQueue", {
            queue: item.data.queue.name,
            assignee: personName(item.data.assignee),
          })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => reassign.mutate(values)}>
        {loadError && <ErrorAlert error={loadError} />}
        {reassign.error && <ErrorAlert error={reassign.error} />}
        <Form.Item
          name="to_user"
          label={t("answer.toUser")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Select<number>
            showSearch={{ optionFilterProp: "label" }}
            loading={item.isPending || queue.isPending}
            options={members.map((m) => ({
              value: m.user.id,
              label: `${m.user.name} (${m.user.username}) · ${tc(`roles.${m.role}`)}`,
            }))}
            data-testid="reassign-user"
          />
        </Form.Item>
        <Form.Item name="note" label={t("answer.noteOptional")}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="reassign-note" />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("actions.reassign")}
          busy={reassign.isPending}
          testId="reassign-submit"
        />
      </Form>
    </Modal>
  );
}

function RaisedTab() {
  const { t } = useTranslation("sla");
  const { me } = useAuth();
  const now = useNow();
  const list = useEscalations(undefined);
  const rows = (list.data ?? []).filter((e) => e.raised_by?.id === me?.id);

  const columns: ColumnsType<Escalation> = [
    { key: "item", title: t("columns.item"), render: (_, e) => <ItemCell {...e} /> },
    {
      key: "to",
      title: t("columns.to"),
      render: (_, e) => (
        <>
          {personName(e.to_user)}{" "}
          <Tag>
            <TargetLabel target={e.level} />
          </Tag>
        </>
      ),
    },
    { key: "ask", title: t("columns.ask"), onCell: wrapCell, render: (_, e) => e.ask },
    {
      key: "answerBy",
      title: t("columns.answerBy"),
      render: (_, e) => <AnswerBy at={e.answer_by} waiting={e.state === "open"} now={now} />,
    },
    { key: "raised", title: t("columns.raised"), render: (_, e) => formatDateTime(e.created_at) },
    { key: "state", title: t("columns.state"), render: (_, e) => <EscalationStateTag state={e.state} /> },
    {
      key: "answer",
      title: t("columns.answer"),
      render: (_, e) =>
        e.handled_by ? (
          <>
            <div>{t("escalation.handledBy", { name: personName(e.handled_by), time: formatDateTime(e.handled_at) })}</div>
            {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
          </>
        ) : null,
    },
  ];

  return (
    <>
      {list.error && <ErrorAlert error={list.error} />}
      <div data-testid="escalations-raised">
        <Table<Escalation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty description={t("inbox.emptyRaised")} /> }}
          onRow={(e) => rowProps(`raised-row-${e.id}`, e.state)}
        />
      </div>
    </>
  );
}

function AutomaticTab() {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<RunFilter>("active");
  const list = useRuns(filter === "all" ? undefined : (filter as RunState));
  const ack = useMutation({
    mutationFn: (run: EscalationRun) => acknowledgeRun(run.id),
    onSuccess: (run) => void message.success(t("run.acknowledgedItem", { reference: run.reference })),
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
    onSettled: () => client.invalidateQueries({ queryKey: RUNS_KEY }),
  });

  const columns: ColumnsType<EscalationRun> = [
    { key: "item", title: t("columns.item"), render: (_, r) => <ItemCell {...r} /> },
    {
      key: "chain",
      title: t("columns.chain"),
      render: (_, r) => (
        <>
          {r.chain_name}
          {runReached(r, me?.id) && (
            <div>
              <Tag color="magenta">{t("run.reachedMe")}</Tag>
            </div>
          )}
        </>
      ),
    },
    { key: "state", title: t("columns.state"), render: (_, r) => <RunStateTag state={r.state} /> },
    { key: "steps", title: t("columns.steps"), render: (_, r) => <RunSteps run={r} /> },
    { key: "started", title: t("columns.started"), render: (_, r) => formatDateTime(r.started_at) },
    {
      key: "ack",
      title: "",
      fixed: "right",
      render: (_, r) =>
        r.state === "active" ? (
          <Button
            size="small"
            type="primary"
            loading={ack.isPending && ack.variables?.id === r.id}
            onClick={() => ack.mutate(r)}
            data-testid={`run-ack-${r.id}`}
          >
            {t("run.acknowledge")}
          </Button>
        ) : r.acknowledged_by ? (
          <Typography.Text type="secondary">
            {t("run.acknowledgedBy", { name: personName(r.acknowledged_by), time: formatDateTime(r.acknowledged_at) })}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <>
      <Select<RunFilter>
        value={filter}
        onChange={setFilter}
        options={RUN_FILTERS.map((f) => ({ value: f, label: f === "all" ? t("inbox.all") : t(`runStates.${f}`) }))}
        style={{ minWidth: 160, marginBottom: 16 }}
        aria-label={t("columns.state")}
        data-testid="runs-filter"
      />
      {list.error && <ErrorAlert error={list.error} />}
      <div data-testid="escalation-runs">
        <Table<EscalationRun>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty description={t("inbox.emptyRuns")} /> }}
          onRow={(r) => rowProps(`run-row-${r.id}`, r.state)}
        />
      </div>
    </>
  );
}
