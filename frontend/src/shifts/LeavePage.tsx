import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { Page } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { formatDateTime, formatDay, todayIso } from "../common/time";
import { ErrorAlert, errorMessage, FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import {
  LEAVE_KEY,
  LEAVE_KINDS,
  LEAVE_STATUSES,
  type LeaveKind,
  type LeaveRequest,
  type LeaveStatus,
} from "./api";

export const LEAVE_PAGE_SIZE = 20;

const STATUS_COLOURS: Record<LeaveStatus, string | undefined> = {
  requested: "gold",
  approved: "green",
  declined: "red",
  cancelled: undefined,
};

type StatusFilter = LeaveStatus | "all";

/** Whether the person may still take the request back (the server has the last word). */
export function cancellable(leave: LeaveRequest, today: string): boolean {
  return leave.status === "requested" || (leave.status === "approved" && leave.first_day > today);
}

/**
 * Leave: everyone asks for days off and follows (or cancels) their requests; supervisors and
 * managers (`leave.decide`) approve or decline their people's, a decline with a note.
 */
export function LeavePage() {
  const { t } = useTranslation("shifts");
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const decider = can("leave.decide");
  const [params, setParams] = useSearchParams();
  const [declining, setDeclining] = useState<LeaveRequest | null>(null);

  const statusParam = params.get("status");
  const status: StatusFilter =
    statusParam === "all" || LEAVE_STATUSES.includes(statusParam as LeaveStatus)
      ? (statusParam as StatusFilter)
      : decider
        ? "requested" // what waits for a decision comes first
        : "all";
  const mine = decider && params.get("mine") === "1";
  const page = Math.max(1, Number(params.get("page")) || 1);

  const list = useQuery({
    queryKey: [...LEAVE_KEY, status, mine, page],
    queryFn: ({ signal }) =>
      api<Page<LeaveRequest>>("/shifts/leave/", {
        query: {
          status: status === "all" ? undefined : status,
          mine,
          page,
          page_size: LEAVE_PAGE_SIZE,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  const setFilter = (changes: Record<string, string | null>) =>
    setParams((old) => {
      const next = new URLSearchParams(old);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      if (!("page" in changes)) next.delete("page");
      return next;
    });

  const refresh = () => client.invalidateQueries({ queryKey: LEAVE_KEY });
  const onActionError = (error: unknown) => {
    message.error(errorMessage(error, t("errors.generic", { ns: "common" })));
    void refresh(); // someone else may have acted on it first
  };

  const cancel = useMutation({
    mutationFn: (leave: LeaveRequest) =>
      api<LeaveRequest>(`/shifts/leave/${leave.id}/cancel/`, { method: "POST" }),
    onSuccess: () => {
      message.success(t("leave.cancelled"));
      void refresh();
    },
    onError: onActionError,
  });

  const approve = useMutation({
    mutationFn: (leave: LeaveRequest) =>
      api<LeaveRequest>(`/shifts/leave/${leave.id}/decide/`, { body: { approve: true } }),
    onSuccess: (leave) => {
      message.success(t("leave.approved", { name: leave.user.name || leave.user.username }));
      void refresh();
    },
    onError: onActionError,
  });

  const today = todayIso();
  const columns: ColumnsType<LeaveRequest> = [
    ...(decider
      ? [
          {
            key: "person",
            title: t("leave.columns.person"),
            render: (_: unknown, row: LeaveRequest) => row.user.name || row.user.username,
          },
        ]
      : []),
    {
      key: "days",
      title: t("leave.columns.days"),
      render: (_, row) => (
        <>
          <div style={{ whiteSpace: "nowrap" }}>
            {row.first_day === row.last_day
              ? formatDay(row.first_day)
              : t("leave.range", { first: formatDay(row.first_day), last: formatDay(row.last_day) })}
          </div>
          <Typography.Text type="secondary">
            {t("leave.dayCount", { count: dayjs(row.last_day).diff(dayjs(row.first_day), "day") + 1 })}
          </Typography.Text>
        </>
      ),
    },
    { key: "kind", title: t("leave.columns.kind"), render: (_, row) => t(`leave.kinds.${row.kind}`) },
    {
      key: "reason",
      title: t("leave.columns.reason"),
      render: (_, row) => <Typography.Text ellipsis={{ tooltip: row.reason }}>{row.reason}</Typography.Text>,
    },
    {
      key: "status",
      title: t("leave.columns.status"),
      render: (_, row) => <Tag color={STATUS_COLOURS[row.status]}>{t(`leave.statuses.${row.status}`)}</Tag>,
    },
    {
      key: "requested",
      title: t("leave.columns.requested"),
      render: (_, row) => <time dateTime={row.requested_at}>{formatDateTime(row.requested_at)}</time>,
    },
    {
      key: "decision",
      title: t("leave.columns.decision"),
      render: (_, row) =>
        row.decided_by ? (
          <>
            <div>
              {t("leave.decidedBy", {
                name: row.decided_by.name || row.decided_by.username,
                time: formatDateTime(row.decided_at),
              })}
            </div>
            {row.decision_note && <Typography.Text type="secondary">{row.decision_note}</Typography.Text>}
          </>
        ) : null,
    },
    {
      key: "actions",
      title: "",
      render: (_, row) => {
        const own = row.user.id === me?.id;
        return (
          <Space>
            {own && cancellable(row, today) && (
              <Popconfirm
                title={t("leave.cancelConfirm")}
                okText={t("leave.actions.cancel")}
                cancelText={t("leave.actions.keep")}
                onConfirm={() => cancel.mutate(row)}
              >
                <Button size="small" danger data-testid={`leave-cancel-${row.id}`}>
                  {t("leave.actions.cancel")}
                </Button>
              </Popconfirm>
            )}
            {decider && !own && row.status === "requested" && (
              <>
                <Button
                  size="small"
                  type="primary"
                  loading={approve.isPending && approve.variables?.id === row.id}
                  onClick={() => approve.mutate(row)}
                  data-testid={`leave-approve-${row.id}`}
                >
                  {t("leave.actions.approve")}
                </Button>
                <Button size="small" onClick={() => setDeclining(row)} data-testid={`leave-decline-${row.id}`}>
                  {t("leave.actions.decline")}
                </Button>
              </>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("leave.title")}</h1>}>
        <Typography.Paragraph type="secondary">{t("leave.intro")}</Typography.Paragraph>
        <LeaveRequestForm onDone={() => void refresh()} />
      </Card>
      <Card title={<h2 style={TITLE_STYLE}>{decider ? t("leave.listTitleTeam") : t("leave.listTitleMine")}</h2>}>
        <Space wrap style={{ marginBottom: 16 }}>
          <label>
            {t("leave.filters.status")}{" "}
            <Select<StatusFilter>
              style={{ minWidth: 160 }}
              value={status}
              onChange={(value) => setFilter({ status: value })}
              options={[
                { value: "all", label: t("leave.filters.all") },
                ...LEAVE_STATUSES.map((s) => ({ value: s, label: t(`leave.statuses.${s}`) })),
              ]}
              data-testid="leave-filter-status"
            />
          </label>
          {decider && (
            <Checkbox
              checked={mine}
              onChange={(e) => setFilter({ mine: e.target.checked ? "1" : null })}
              data-testid="leave-filter-mine"
            >
              {t("leave.filters.mine")}
            </Checkbox>
          )}
        </Space>
        {list.error && <ErrorAlert error={list.error} />}
        <Table<LeaveRequest>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.results ?? []}
          loading={list.isFetching}
          locale={{ emptyText: <Empty description={t("leave.empty")} /> }}
          onRow={(row) => ({ "data-testid": `leave-row-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize: LEAVE_PAGE_SIZE,
            total: list.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (next) => setFilter({ page: String(next) }),
          }}
          data-testid="leave-table"
        />
      </Card>
      {declining && <DeclineDialog leave={declining} onClose={() => setDeclining(null)} />}
    </Space>
  );
}

interface RequestValues {
  days: [Dayjs, Dayjs] | null;
  kind: LeaveKind;
  reason: string;
}

const DAY = "YYYY-MM-DD";

/** `POST /shifts/leave/`: the days (first and last), the kind of leave and why. */
function LeaveRequestForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestValues>();

  const send = useMutation({
    mutationFn: async (values: RequestValues) => {
      try {
        return await api<LeaveRequest>("/shifts/leave/", {
          body: {
            first_day: values.days?.[0].format(DAY),
            last_day: values.days?.[1].format(DAY),
            kind: values.kind,
            reason: (values.reason ?? "").trim(),
          },
        });
      } catch (error) {
        applyFieldErrors(form, error, (field) =>
          field === "first_day" || field === "last_day" ? ["days"] : plainField(["kind", "reason"])(field),
        );
        throw error;
      }
    },
    onSuccess: () => {
      message.success(t("leave.form.sent"));
      form.resetFields();
      onDone();
    },
  });

  return (
    <Form<RequestValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ days: null, kind: "annual", reason: "" }}
      onFinish={(values) => send.mutate(values)}
      data-testid="leave-form"
    >
      {send.error && <ErrorAlert error={send.error} />}
      <Space wrap size="large" align="start">
        <Form.Item
          name="days"
          label={t("leave.form.days")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <DatePicker.RangePicker data-testid="leave-days" />
        </Form.Item>
        <Form.Item name="kind" label={t("leave.form.kind")}>
          <Select
            style={{ minWidth: 160 }}
            options={LEAVE_KINDS.map((k) => ({ value: k, label: t(`leave.kinds.${k}`) }))}
            data-testid="leave-kind"
          />
        </Form.Item>
      </Space>
      <Form.Item name="reason" label={t("leave.form.reason")}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="leave-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending} data-testid="leave-submit">
        {t("leave.form.submit")}
      </Button>
    </Form>
  );
}

/** A decline says why (`POST /shifts/leave/{id}/decide/` with `approve: false` and a note). */
function DeclineDialog({ leave, onClose }: { leave: LeaveRequest; onClose: () => void }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const name = leave.user.name || leave.user.username;

  const decline = useMutation({
    mutationFn: async (note: string) => {
      try {
        return await api<LeaveRequest>(`/shifts/leave/${leave.id}/decide/`, {
          body: { approve: false, note: note.trim() },
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["note"]));
        throw error;
      }
    },
    onSuccess: () => {
      message.success(t("leave.declined", { name }));
      void client.invalidateQueries({ queryKey: LEAVE_KEY });
      onClose();
    },
  });

  return (
    <Modal open title={t("leave.decline.title", { name })} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>
        {t("leave.decline.summary", {
          first: formatDay(leave.first_day),
          last: formatDay(leave.last_day),
          kind: t(`leave.kinds.${leave.kind}`),
        })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => decline.mutate(values.note)}>
        {decline.error && <ErrorAlert error={decline.error} />}
        <Form.Item
          name="note"
          label={t("leave.decline.note")}
          rules={[{ required: true, whitespace: true, message: t("leave.decline.noteRequired") }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3 }} data-testid="leave-decline-note" />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("leave.actions.decline")}
          busy={decline.isPending}
          testId="leave-decline-submit"
        />
      </Form>
    </Modal>
  );
}
