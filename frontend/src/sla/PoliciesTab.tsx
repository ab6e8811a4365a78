/** SLA policies per queue: targets by priority and kind, warning threshold, escalation chain. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Checkbox, Empty, Form, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import type { Kind, Priority } from "../api/types";
import { formatSpan } from "../common/SlaCountdown";
import { ErrorAlert, errorMessage, FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { CHAINS_KEY, deletePolicy, fetchChains, fetchPolicies, POLICIES_KEY, savePolicy, type Policy } from "./api";
import { useLedQueues } from "./QueueCalendarsTab";

export const KINDS: Kind[] = ["ticket", "chat", "call", "callback", "complaint", "order_enquiry"];
export const PRIORITIES: Priority[] = [1, 2, 3, 4];
const ANY = "any";
const TARGETS = ["first_response_minutes", "next_response_minutes", "resolution_minutes"] as const;

export function useChains() {
  return useQuery({ queryKey: CHAINS_KEY, queryFn: ({ signal }) => fetchChains(signal) });
}

interface Values {
  queue: number;
  priority: Priority | typeof ANY;
  kind: Kind | typeof ANY;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  warn_percent: number;
  escalation: number | typeof ANY;
  appeal_to_manager: boolean;
}

export function PoliciesTab() {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const queues = useLedQueues();
  const chains = useChains();
  const policies = useQuery({ queryKey: POLICIES_KEY, queryFn: ({ signal }) => fetchPolicies(signal) });
  const [queueFilter, setQueueFilter] = useState<number | typeof ANY>(ANY);
  const [editing, setEditing] = useState<Policy | "new" | null>(null);
  const remove = useMutation({
    mutationFn: (policy: Policy) => deletePolicy(policy.id),
    onSuccess: () => void message.success(t("policy.deleted")),
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
    onSettled: () => client.invalidateQueries({ queryKey: POLICIES_KEY }),
  });

  const queueName = (id: number) => queues.data?.find((q) => q.id === id)?.name ?? `#${id}`;
  const minutes = (value: number | null) => (value ? formatSpan(value * 60, tc) : "—");
  const rows = (policies.data ?? []).filter((p) => queueFilter === ANY || p.queue === queueFilter);
  const columns: ColumnsType<Policy> = [
    { key: "queue", title: t("policy.queue"), render: (_, p) => queueName(p.queue) },
    {
      key: "priority",
      title: t("policy.priority"),
      render: (_, p) => (p.priority === null ? t("policy.any") : t(`priorities.${p.priority}`)),
    },
    { key: "kind", title: t("policy.kind"), render: (_, p) => (p.kind ? t(`kinds.${p.kind}`) : t("policy.any")) },
    { key: "first", title: t("policy.firstResponse"), render: (_, p) => minutes(p.first_response_minutes) },
    { key: "next", title: t("policy.nextResponse"), render: (_, p) => minutes(p.next_response_minutes) },
    { key: "resolution", title: t("policy.resolution"), render: (_, p) => minutes(p.resolution_minutes) },
    { key: "warn", title: t("policy.warn"), render: (_, p) => `${p.warn_percent} %` },
    {
      key: "chain",
      title: t("policy.chain"),
      render: (_, p) =>
        p.escalation === null
          ? t("policy.defaultChain")
          : (chains.data?.find((c) => c.id === p.escalation)?.name ?? `#${p.escalation}`),
    },
    {
      key: "appeal",
      title: t("policy.appeal"),
      render: (_, p) => (p.appeal_to_manager ? t("policy.yes") : t("policy.no")),
    },
    {
      key: "actions",
      title: "",
      render: (_, p) => (
        <Space>
          <Button size="small" onClick={() => setEditing(p)} data-testid={`policy-edit-${p.id}`}>
            {t("actions.edit")}
          </Button>
          <Popconfirm
            title={t("policy.deleteConfirm")}
            okText={t("actions.delete")}
            cancelText={tc("actions.cancel")}
            onConfirm={() => remove.mutate(p)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("actions.delete")} data-testid={`policy-delete-${p.id}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="policy-new">
          {t("policy.new")}
        </Button>
        <Select<number | typeof ANY>
          value={queueFilter}
          onChange={setQueueFilter}
          style={{ minWidth: 200 }}
          aria-label={t("policy.queue")}
          options={[
            { value: ANY, label: t("policy.allQueues") },
            ...(queues.data ?? []).map((q) => ({ value: q.id, label: q.name })),
          ]}
          data-testid="policy-queue-filter"
        />
      </Space>
      <Typography.Paragraph type="secondary">{t("policy.intro")}</Typography.Paragraph>
      {policies.error && <ErrorAlert error={policies.error} />}
      <Table<Policy>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={policies.isPending}
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t("policy.empty")} /> }}
        onRow={(p) => ({ "data-testid": `policy-row-${p.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing && (
        <PolicyDialog
          policy={editing === "new" ? null : editing}
          defaultQueue={queueFilter === ANY ? queues.data?.[0]?.id : queueFilter}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function PolicyDialog({
  policy,
  defaultQueue,
  onClose,
}: {
  policy: Policy | null;
  defaultQueue: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation("sla");
  const { message } = App.useApp();
  const client = useQueryClient();
  const queues = useLedQueues();
  const chains = useChains();
  const [form] = Form.useForm<Values>();

  const save = useMutation({
    mutationFn: async (values: Values) => {
      form.setFields(TARGETS.map((name) => ({ name, errors: [] })));
      try {
        return await savePolicy(policy?.id ?? null, {
          queue: values.queue,
          priority: values.priority === ANY ? null : values.priority,
          kind: values.kind === ANY ? "" : values.kind,
          first_response_minutes: values.first_response_minutes ?? null,
          next_response_minutes: values.next_response_minutes ?? null,
          resolution_minutes: values.resolution_minutes ?? null,
          warn_percent: values.warn_percent,
          escalation: values.escalation === ANY ? null : values.escalation,
          appeal_to_manager: values.appeal_to_manager,
        });
      } catch (error) {
        applyFieldErrors(
          form,
          error,
          plainField(["queue", "priority", "kind", ...TARGETS, "warn_percent", "escalation", "appeal_to_manager"]),
        );
        throw error;
      }
    },
    onSuccess: () => {
      void message.success(t("policy.saved"));
      void client.invalidateQueries({ queryKey: POLICIES_KEY });
      onClose();
    },
  });

  const initial: Values = policy
    ? {
        queue: policy.queue,
        priority: policy.priority ?? ANY,
        kind: policy.kind || ANY,
        first_response_minutes: policy.first_response_minutes,
        next_response_minutes: policy.next_response_minutes,
        resolution_minutes: policy.resolution_minutes,
        warn_percent: policy.warn_percent,
        escalation: policy.escalation ?? ANY,
        appeal_to_manager: policy.appeal_to_manager,
      }
    : {
        queue: defaultQueue as number,
        priority: ANY,
        kind: ANY,
        first_response_minutes: null,
        next_response_minutes: null,
        resolution_minutes: null,
        warn_percent: 80,
        escalation: ANY,
        appeal_to_manager: false,
      };
  const minutesField = (name: (typeof TARGETS)[number], label: string) => (
    <Form.Item name={name} label={label}>
      <InputNumber<number> min={1} max={525_600} precision={0} suffix={t("policy.min")} style={{ width: 150 }} data-testid={`policy-${name}`} />
    </Form.Item>
  );

  return (
    <Modal open width={640} title={policy ? t("policy.editTitle") : t("policy.new")} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={(values) => save.mutate(values)}
        data-testid="policy-form"
      >
        {save.error && <ErrorAlert error={save.error} />}
        <Space wrap size="middle" align="start">
          <Form.Item name="queue" label={t("policy.queue")} rules={[{ required: true, message: t("form.required") }]}>
            <Select<number>
              style={{ width: 200 }}
              options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
              data-testid="policy-queue"
            />
          </Form.Item>
          <Form.Item name="priority" label={t("policy.priority")}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: ANY, label: t("policy.any") },
                ...PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) })),
              ]}
              data-testid="policy-priority"
            />
          </Form.Item>
          <Form.Item name="kind" label={t("policy.kind")}>
            <Select
              style={{ width: 170 }}
              options={[{ value: ANY, label: t("policy.any") }, ...KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))]}
              data-testid="policy-kind"
            />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t("policy.targetsHelp")}
        </Typography.Paragraph>
        <Space wrap size="middle" align="start">
          {minutesField("first_response_minutes", t("policy.firstResponse"))}
          {minutesField("next_response_minutes", t("policy.nextResponse"))}
          {minutesField("resolution_minutes", t("policy.resolution"))}
        </Space>
        <Space wrap size="middle" align="start">
          <Form.Item name="warn_percent" label={t("policy.warn")} rules={[{ required: true, message: t("form.required") }]}>
            <InputNumber<number> min={1} max={99} precision={0} suffix="%" style={{ width: 110 }} data-testid="policy-warn" />
          </Form.Item>
          <Form.Item name="escalation" label={t("policy.chain")}>
            <Select
              style={{ width: 240 }}
              options={[
                { value: ANY, label: t("policy.defaultChain") },
                ...(chains.data ?? []).map((c) => ({ value: c.id, label: c.name })),
              ]}
              data-testid="policy-chain"
            />
          </Form.Item>
        </Space>
        <Form.Item name="appeal_to_manager" valuePropName="checked" extra={t("policy.appealHelp")}>
          <Checkbox data-testid="policy-appeal">{t("policy.appealLabel")}</Checkbox>
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("actions.save")} busy={save.isPending} testId="policy-submit" />
      </Form>
    </Modal>
  );
}
