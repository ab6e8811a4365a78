/**
 * The missed-call list: ring-backs (missed calls from one number folded into one, with its own
 * SLA), most urgent first. Call back logs an outbound call against the ring-back (reached: it is
 * done; not reached: one more attempt); Close ends one nobody will call back, with a reason.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { SlaCountdown } from "../common/SlaCountdown";
import { useNow } from "../common/useNow";
import { formatDateTime } from "../common/time";
import { FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import {
  closeRingBack,
  fetchRingBacks,
  HOTLINE_KEY,
  PAGE_SIZE,
  RINGBACKS_KEY,
  type CallBrief,
  type RingBack,
  type RingBackQuery,
} from "./api";
import { useQueueOptions } from "./CallList";
import { clock } from "./format";
import { CallStateTag, DirectionTag, HotlineError, PhoneNumber } from "./parts";

type RingBackState = NonNullable<RingBackQuery["state"]>;
const OPEN_STATUSES = ["new", "open", "pending", "on_hold"];

export function RingBackList({ onCallBack }: { onCallBack: (ringBack: RingBack) => void }) {
  const { t } = useTranslation("hotline");
  const { can } = useAuth();
  const now = useNow(30_000);
  const [state, setState] = useState<RingBackState>("open");
  const [queue, setQueue] = useState<number[]>([]);
  const [page, setPage] = useState(1);
  const [closing, setClosing] = useState<RingBack | null>(null);
  const options = useQueueOptions();
  const query: RingBackQuery = { state, queue, page };
  const list = useQuery({
    queryKey: [...RINGBACKS_KEY, query],
    queryFn: ({ signal }) => fetchRingBacks(query, signal),
    placeholderData: keepPreviousData,
  });
  const mayLog = can("call.log");

  const columns: ColumnsType<RingBack> = [
    { key: "reference", title: t("columns.reference"), render: (_, r) => r.reference },
    { key: "number", title: t("columns.number"), render: (_, r) => <PhoneNumber value={r.number} testId={`ringback-number-${r.id}`} /> },
    {
      key: "customer",
      title: t("columns.customer"),
      render: (_, r) => (r.customer ? <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link> : "—"),
    },
    { key: "queue", title: t("columns.queue"), render: (_, r) => r.queue.name },
    {
      key: "missed",
      title: t("ringbacks.missed"),
      align: "right",
      render: (_, r) => (
        <Tag color={r.missed_count > 1 ? "volcano" : undefined} data-testid={`ringback-missed-${r.id}`} data-count={r.missed_count}>
          {t("ringbacks.missedCount", { count: r.missed_count })}
        </Tag>
      ),
    },
    {
      key: "last",
      title: t("ringbacks.lastMissed"),
      render: (_, r) => (
        <span title={r.missed_count > 1 ? t("ringbacks.firstMissed", { time: formatDateTime(r.first_missed_at) }) : undefined}>
          {formatDateTime(r.last_missed_at)}
        </span>
      ),
    },
    {
      key: "attempts",
      title: t("ringbacks.attempts"),
      align: "right",
      render: (_, r) => <span data-testid={`ringback-attempts-${r.id}`}>{r.attempts}</span>,
    },
    {
      key: "due",
      title: t("ringbacks.due"),
      render: (_, r) =>
        OPEN_STATUSES.includes(r.status) ? (
          <SlaCountdown dueAt={r.due_at} now={now} testId={`ringback-due-${r.id}`} />
        ) : (
          <Typography.Text type="secondary">{formatDateTime(r.completed_at)}</Typography.Text>
        ),
    },
    { key: "status", title: t("columns.status"), render: (_, r) => <Tag data-testid={`ringback-status-${r.id}`}>{r.status_display}</Tag> },
    { key: "assignee", title: t("ringbacks.assignee"), render: (_, r) => r.assignee?.name ?? "—" },
    ...(mayLog
      ? [
          {
            key: "actions",
            title: t("columns.actions"),
            render: (_: unknown, r: RingBack) =>
              OPEN_STATUSES.includes(r.status) ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => onCallBack(r)} data-testid={`ringback-callback-${r.id}`}>
                    {t("ringbacks.callBack")}
                  </Button>
                  <Button size="small" onClick={() => setClosing(r)} data-testid={`ringback-close-${r.id}`}>
                    {t("ringbacks.close")}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Space wrap className="calls-filters">
        <Segmented<RingBackState>
          value={state}
          onChange={(value) => {
            setState(value);
            setPage(1);
          }}
          options={(["open", "done", "all"] as const).map((s) => ({ value: s, label: t(`ringbacks.states.${s}`) }))}
          data-testid="ringback-state-filter"
        />
        <Select<number[]>
          mode="multiple"
          allowClear
          value={queue}
          onChange={(value) => {
            setQueue(value);
            setPage(1);
          }}
          placeholder={t("filters.anyQueue")}
          aria-label={t("columns.queue")}
          options={options.queues}
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 160 }}
          data-testid="ringback-queue-filter"
        />
      </Space>
      {list.error && <HotlineError error={list.error} testId="ringback-list-error" />}
      <div data-testid="ringback-table">
        <Table<RingBack>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.results ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          expandable={{
            expandedRowRender: (r) => <FoldedCalls calls={r.calls} />,
            rowExpandable: (r) => r.calls.length > 0,
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          locale={{ emptyText: <Empty description={t(`ringbacks.empty.${state}`)} /> }}
          onRow={(r) => ({ "data-testid": `ringback-row-${r.id}`, "data-status": r.status }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      {closing && <CloseRingBackDialog ringBack={closing} onClose={() => setClosing(null)} />}
    </>
  );
}

/** The calls of a ring-back: the missed ones folded into it, and the calls back. */
function FoldedCalls({ calls }: { calls: CallBrief[] }) {
  const { t } = useTranslation("hotline");
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {calls.map((c) => (
        <li key={c.id} data-testid={`ringback-call-${c.id}`}>
          <Link to={`/calls/${c.id}`}>{c.reference}</Link> {formatDateTime(c.initiated_at)} <DirectionTag direction={c.direction} />
          <CallStateTag state={c.state} /> {c.agent ? `${c.agent.name} · ` : ""}
          {t("ringbacks.waited", { time: clock(c.wait_seconds) })}
        </li>
      ))}
    </ul>
  );
}

function CloseRingBackDialog({ ringBack, onClose }: { ringBack: RingBack; onClose: () => void }) {
  const { t } = useTranslation("hotline");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const close = useMutation({
    mutationFn: async (reason: string) => {
      try {
        return await closeRingBack(ringBack.id, reason);
      } catch (error) {
        applyFieldErrors(form, error, plainField(["reason"]));
        throw error;
      }
    },
    onSuccess: () => {
      void message.success(t("ringbacks.closed", { reference: ringBack.reference }));
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t("ringbacks.closeTitle", { reference: ringBack.reference })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => close.mutate(values.reason.trim())}>
        {close.error && <HotlineError error={close.error} testId="ringback-close-error" />}
        <Typography.Paragraph type="secondary">{t("ringbacks.closeExplain")}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t("ringbacks.reason")}
          rules={[{ required: true, whitespace: true, message: t("form.reasonRequired") }]}
        >
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="ringback-close-reason" />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("ringbacks.close")} busy={close.isPending} testId="ringback-close-submit" />
      </Form>
    </Modal>
  );
}
