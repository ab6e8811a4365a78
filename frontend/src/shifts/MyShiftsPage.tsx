import { CopyOutlined, MoonOutlined, ReloadOutlined, SwapOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
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
import type { TFunction } from "i18next";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiError } from "../api/client";
import type { Page } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { formatDateTime, formatDay, inZone } from "../common/time";
import { ErrorAlert, errorMessage, FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { useLive } from "../shell/LiveContext";
import { personName, ruleName } from "./RosterGrid";
import {
  CALENDAR_KEY,
  MY_SHIFTS_KEY,
  OPEN_SWAPS,
  rosterKey,
  SWAPS_KEY,
  type MyShift,
  type RosterGrid,
  type Swap,
  type SwapStatus,
} from "./rosters";
import { useQueueNames } from "./useQueueNames";

export const SWAPS_PAGE_SIZE = 20;

/** "2025-07-08 Tue · E Early 06:00–14:00" (times in the user's zone; "(next day)" past midnight). */
function shiftText(shift: MyShift, t: TFunction<"shifts">): string {
  return `${formatDay(shift.day)} · ${shift.shift_type.code} ${shift.shift_type.name} ${hoursOf(shift, t)}`;
}

function hoursOf(shift: MyShift, t: TFunction<"shifts">): string {
  const start = inZone(shift.starts_at);
  const end = inZone(shift.ends_at);
  const endText = end.format("YYYY-MM-DD") !== start.format("YYYY-MM-DD")
    ? t("types.nextDay", { time: end.format("HH:mm") })
    : end.format("HH:mm");
  return `${start.format("HH:mm")}–${endText}`;
}

const started = (shift: MyShift) => new Date(shift.starts_at).getTime() <= Date.now();

/** A refused swap: the rules it would break, in words. */
export function swapErrorText(error: unknown, t: TFunction<"shifts">): string {
  if (error instanceof ApiError && error.code === "swap_breaks_rule" && Array.isArray(error.fields.rules)) {
    const rules = (error.fields.rules as string[]).map((r) => ruleName(t, r)).join(t("listSeparator"));
    return t("mine.swaps.breaksRule", { rules });
  }
  return errorMessage(error, t("errors.generic", { ns: "common" }));
}

/**
 * `/shifts/mine`: my published shifts (asking a colleague to swap one), the link to my shifts
 * for a calendar app, and the swaps I asked for, was asked, or (planners) decide.
 */
export function MyShiftsPage() {
  const { t } = useTranslation("shifts");
  const queueName = useQueueNames();
  const client = useQueryClient();
  const { subscribe } = useLive();
  const [swapping, setSwapping] = useState<MyShift | null>(null);

  // A roster published or changed, or a swap answered or decided: read my shifts and swaps again.
  useEffect(
    () =>
      subscribe((event) => {
        if (["roster.published", "roster.changed", "roster.swap", "connected"].includes(event.type)) {
          void client.invalidateQueries({ queryKey: MY_SHIFTS_KEY });
          void client.invalidateQueries({ queryKey: SWAPS_KEY });
        }
      }),
    [subscribe, client],
  );

  const shifts = useQuery({
    queryKey: MY_SHIFTS_KEY,
    queryFn: ({ signal }) => api<MyShift[]>("/shifts/mine/", { signal }),
  });

  const columns: ColumnsType<MyShift> = [
    { key: "day", title: t("mine.columns.day"), render: (_, row) => formatDay(row.day) },
    {
      key: "shift",
      title: t("mine.columns.shift"),
      render: (_, row) => (
        <Space size={4}>
          <Tag color={row.shift_type.is_night ? "geekblue" : "blue"}>{row.shift_type.code}</Tag>
          {row.shift_type.name}
          {row.shift_type.is_night && <MoonOutlined aria-label={t("rosters.grid.night")} />}
        </Space>
      ),
    },
    { key: "hours", title: t("mine.columns.hours"), render: (_, row) => hoursOf(row, t) },
    { key: "queue", title: t("mine.columns.queue"), render: (_, row) => queueName(row.queue) },
    {
      key: "actions",
      title: "",
      render: (_, row) =>
        started(row) ? null : (
          <Button
            size="small"
            icon={<SwapOutlined />}
            onClick={() => setSwapping(row)}
            data-testid={`my-shift-swap-${row.id}`}
          >
            {t("mine.askSwap")}
          </Button>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("mine.title")}</h1>}>
        <Typography.Paragraph type="secondary">{t("mine.intro")}</Typography.Paragraph>
        {shifts.error && <ErrorAlert error={shifts.error} />}
        <Table<MyShift>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shifts.data ?? []}
          loading={shifts.isFetching}
          pagination={false}
          locale={{ emptyText: <Empty description={t("mine.empty")} /> }}
          onRow={(row) => ({ "data-testid": `my-shift-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
          data-testid="my-shifts-table"
        />
      </Card>
      <CalendarCard />
      <SwapsCard />
      {swapping && <SwapDialog shift={swapping} onClose={() => setSwapping(null)} />}
    </Space>
  );
}

/** The personal iCal link: copy it into a calendar app, or replace it (the old one stops). */
function CalendarCard() {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const feed = useQuery({
    queryKey: CALENDAR_KEY,
    queryFn: ({ signal }) => api<{ url: string }>("/shifts/calendar/", { signal }),
  });
  const rotate = useMutation({
    mutationFn: () => api<{ url: string }>("/shifts/calendar/", { method: "POST" }),
    onSuccess: (next) => {
      client.setQueryData(CALENDAR_KEY, next);
      message.success(t("mine.calendar.rotated"));
    },
    onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
  });

  const copy = async () => {
    const url = feed.data?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      message.success(t("mine.calendar.copied"));
    } catch {
      message.error(t("mine.calendar.copyFailed"));
    }
  };

  return (
    <Card title={<h2 style={TITLE_STYLE}>{t("mine.calendar.title")}</h2>}>
      <Typography.Paragraph type="secondary">{t("mine.calendar.intro")}</Typography.Paragraph>
      {feed.error && <ErrorAlert error={feed.error} />}
      <Space.Compact style={{ width: "100%", maxWidth: 720 }}>
        <Input
          readOnly
          value={feed.data?.url ?? ""}
          aria-label={t("mine.calendar.link")}
          onFocus={(e) => e.target.select()}
          data-testid="calendar-url"
        />
        <Button icon={<CopyOutlined />} disabled={!feed.data} onClick={() => void copy()} data-testid="calendar-copy">
          {t("mine.calendar.copy")}
        </Button>
      </Space.Compact>
      <div style={{ marginTop: 12 }}>
        <Popconfirm
          title={t("mine.calendar.rotateConfirm")}
          okText={t("mine.calendar.rotate")}
          cancelText={t("actions.cancel", { ns: "common" })}
          okButtonProps={{ "data-testid": "calendar-rotate-confirm" }}
          onConfirm={() => rotate.mutate()}
        >
          <Button icon={<ReloadOutlined />} loading={rotate.isPending} data-testid="calendar-rotate">
            {t("mine.calendar.rotate")}
          </Button>
        </Popconfirm>
      </div>
    </Card>
  );
}

const SWAP_COLOURS: Record<SwapStatus, string | undefined> = {
  requested: "gold",
  accepted: "blue",
  approved: "green",
  refused: "red",
  declined: "red",
  cancelled: undefined,
};

/** Swaps: accept or refuse one asked of me, decide accepted ones (planners), cancel mine. */
function SwapsCard() {
  const { t } = useTranslation("shifts");
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [declining, setDeclining] = useState<Swap | null>(null);

  const swaps = useQuery({
    queryKey: [...SWAPS_KEY, page],
    queryFn: ({ signal }) =>
      api<Page<Swap>>("/shifts/swaps/", { query: { page, page_size: SWAPS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

  const refresh = () => {
    void client.invalidateQueries({ queryKey: SWAPS_KEY });
    void client.invalidateQueries({ queryKey: MY_SHIFTS_KEY });
  };
  const onError = (error: unknown) => {
    message.error(swapErrorText(error, t));
    refresh(); // someone may have acted on it first
  };

  const answer = useMutation({
    mutationFn: ({ swap, accept }: { swap: Swap; accept: boolean }) =>
      api<Swap>(`/shifts/swaps/${swap.id}/answer/`, { body: { accept } }),
    onSuccess: (swap) => {
      message.success(swap.status === "accepted" ? t("mine.swaps.accepted") : t("mine.swaps.refused"));
      refresh();
    },
    onError,
  });
  const approve = useMutation({
    mutationFn: (swap: Swap) => api<Swap>(`/shifts/swaps/${swap.id}/decide/`, { body: { approve: true } }),
    onSuccess: () => {
      message.success(t("mine.swaps.approved"));
      refresh();
    },
    onError,
  });
  const cancel = useMutation({
    mutationFn: (swap: Swap) => api<Swap>(`/shifts/swaps/${swap.id}/cancel/`, { method: "POST" }),
    onSuccess: () => {
      message.success(t("mine.swaps.cancelled"));
      refresh();
    },
    onError,
  });

  const columns: ColumnsType<Swap> = [
    {
      key: "asked",
      title: t("mine.swaps.columns.asked"),
      render: (_, row) => <time dateTime={row.created_at}>{formatDateTime(row.created_at)}</time>,
    },
    { key: "requester", title: t("mine.swaps.columns.requester"), render: (_, row) => personName(row.requester) },
    { key: "colleague", title: t("mine.swaps.columns.colleague"), render: (_, row) => personName(row.colleague) },
    { key: "give", title: t("mine.swaps.columns.give"), dataIndex: "give_label" },
    {
      key: "take",
      title: t("mine.swaps.columns.take"),
      render: (_, row) => row.take_label || <Typography.Text type="secondary">{t("mine.swaps.nothing")}</Typography.Text>,
    },
    {
      key: "reason",
      title: t("mine.swaps.columns.reason"),
      render: (_, row) => <Typography.Text ellipsis={{ tooltip: row.reason }}>{row.reason}</Typography.Text>,
    },
    {
      key: "status",
      title: t("mine.swaps.columns.status"),
      render: (_, row) => (
        <Tag color={SWAP_COLOURS[row.status]} data-testid={`swap-status-${row.id}`}>
          {t(`mine.swaps.statuses.${row.status}`)}
        </Tag>
      ),
    },
    {
      key: "decision",
      title: t("mine.swaps.columns.decision"),
      render: (_, row) =>
        row.decided_by ? (
          <>
            <div>{personName(row.decided_by)}</div>
            {row.decision_note && <Typography.Text type="secondary">{row.decision_note}</Typography.Text>}
          </>
        ) : null,
    },
    {
      key: "actions",
      title: "",
      render: (_, row) => {
        const mine = row.requester.id === me?.id;
        const askedOfMe = row.colleague.id === me?.id;
        const busy = (m: { isPending: boolean; variables?: unknown }) =>
          m.isPending &&
          ((m.variables as Swap | undefined)?.id === row.id || (m.variables as { swap?: Swap })?.swap?.id === row.id);
        return (
          <Space wrap>
            {askedOfMe && row.status === "requested" && (
              <>
                <Button
                  size="small"
                  type="primary"
                  loading={busy(answer) && answer.variables?.accept === true}
                  onClick={() => answer.mutate({ swap: row, accept: true })}
                  data-testid={`swap-accept-${row.id}`}
                >
                  {t("mine.swaps.actions.accept")}
                </Button>
                <Button
                  size="small"
                  loading={busy(answer) && answer.variables?.accept === false}
                  onClick={() => answer.mutate({ swap: row, accept: false })}
                  data-testid={`swap-refuse-${row.id}`}
                >
                  {t("mine.swaps.actions.refuse")}
                </Button>
              </>
            )}
            {can("staffing.plan") && !mine && !askedOfMe && row.status === "accepted" && (
              <>
                <Button
                  size="small"
                  type="primary"
                  loading={busy(approve)}
                  onClick={() => approve.mutate(row)}
                  data-testid={`swap-approve-${row.id}`}
                >
                  {t("mine.swaps.actions.approve")}
                </Button>
                <Button size="small" onClick={() => setDeclining(row)} data-testid={`swap-decline-${row.id}`}>
                  {t("mine.swaps.actions.decline")}
                </Button>
              </>
            )}
            {mine && OPEN_SWAPS.includes(row.status) && (
              <Popconfirm
                title={t("mine.swaps.cancelConfirm")}
                okText={t("mine.swaps.actions.cancel")}
                cancelText={t("mine.swaps.actions.keep")}
                okButtonProps={{ "data-testid": `swap-cancel-confirm-${row.id}` }}
                onConfirm={() => cancel.mutate(row)}
              >
                <Button size="small" danger loading={busy(cancel)} data-testid={`swap-cancel-${row.id}`}>
                  {t("mine.swaps.actions.cancel")}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Card title={<h2 style={TITLE_STYLE}>{t("mine.swaps.title")}</h2>}>
      <Typography.Paragraph type="secondary">{t("mine.swaps.intro")}</Typography.Paragraph>
      {swaps.error && <ErrorAlert error={swaps.error} />}
      <Table<Swap>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={swaps.data?.results ?? []}
        loading={swaps.isFetching}
        locale={{ emptyText: <Empty description={t("mine.swaps.empty")} /> }}
        onRow={(row) => ({ "data-testid": `swap-row-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: SWAPS_PAGE_SIZE,
          total: swaps.data?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        scroll={{ x: "max-content" }}
        data-testid="swaps-table"
      />
      {declining && <DeclineSwap swap={declining} onClose={() => setDeclining(null)} onDone={refresh} />}
    </Card>
  );
}

/** A planner declines an accepted swap, saying why (`POST /shifts/swaps/{id}/decide/`). */
function DeclineSwap({ swap, onClose, onDone }: { swap: Swap; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const decline = useMutation({
    mutationFn: async (note: string) => {
      try {
        return await api<Swap>(`/shifts/swaps/${swap.id}/decide/`, { body: { approve: false, note } });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["note"]));
        throw error;
      }
    },
    onSuccess: () => {
      message.success(t("mine.swaps.declined"));
      onDone();
      onClose();
    },
  });
  return (
    <Modal open title={t("mine.swaps.declineTitle")} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>
        {t("mine.swaps.summary", {
          requester: personName(swap.requester),
          colleague: personName(swap.colleague),
          give: swap.give_label,
          take: swap.take_label || t("mine.swaps.nothing"),
        })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => decline.mutate(v.note.trim())}>
        {decline.error && <ErrorAlert error={decline.error} />}
        <Form.Item
          name="note"
          label={t("mine.swaps.note")}
          rules={[{ required: true, whitespace: true, message: t("mine.swaps.noteRequired") }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="swap-decline-note" />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("mine.swaps.actions.decline")}
          busy={decline.isPending}
          testId="swap-decline-submit"
        />
      </Form>
    </Modal>
  );
}

interface SwapValues {
  colleague: number | undefined;
  take: number | undefined;
  reason: string;
}

/**
 * Ask a colleague to take one of my shifts: someone on the same roster who works the shift's
 * queue, optionally for one of their shifts in return.
 */
function SwapDialog({ shift, onClose }: { shift: MyShift; onClose: () => void }) {
  const { t } = useTranslation("shifts");
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SwapValues>();
  const colleague = Form.useWatch("colleague", form);

  const roster = useQuery({
    queryKey: rosterKey(shift.period),
    queryFn: ({ signal }) => api<RosterGrid>(`/shifts/rosters/${shift.period}/`, { signal }),
  });
  const myQueues = useMemo(
    () => roster.data?.people.find((p) => p.id === me?.id)?.queues ?? [shift.queue],
    [roster.data, me, shift.queue],
  );
  const colleagues = useMemo(
    () => (roster.data?.people ?? []).filter((p) => p.id !== me?.id && p.queues.includes(shift.queue)),
    [roster.data, me, shift.queue],
  );

  const theirs = useQuery({
    queryKey: [...MY_SHIFTS_KEY, "of", colleague, shift.period],
    queryFn: ({ signal }) =>
      api<MyShift[]>("/shifts/mine/", {
        query: {
          user: colleague,
          first: roster.data?.period.first_day,
          last: roster.data?.period.last_day,
        },
        signal,
      }),
    enabled: !!colleague && !!roster.data,
  });
  const takeable = (theirs.data ?? []).filter(
    (s) => s.period === shift.period && myQueues.includes(s.queue) && !started(s),
  );

  const send = useMutation({
    mutationFn: async (values: SwapValues) => {
      try {
        return await api<Swap>("/shifts/swaps/", {
          body: {
            give: shift.id,
            colleague: values.colleague,
            ...(values.take ? { take: values.take } : {}),
            reason: (values.reason ?? "").trim(),
          },
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["colleague", "take", "reason"]));
        throw error;
      }
    },
    onSuccess: (swap) => {
      message.success(t("mine.swap.sent", { name: personName(swap.colleague) }));
      void client.invalidateQueries({ queryKey: SWAPS_KEY });
      onClose();
    },
  });

  return (
    <Modal open title={t("mine.swap.title")} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph data-testid="swap-give">{t("mine.swap.give", { shift: shiftText(shift, t) })}</Typography.Paragraph>
      {roster.error && <ErrorAlert error={roster.error} />}
      <Form<SwapValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ reason: "" }}
        onFinish={(values) => send.mutate(values)}
      >
        {send.error && (
          <Alert type="error" showIcon role="alert" title={swapErrorText(send.error, t)} style={{ marginBottom: 16 }} data-testid="swap-error" />
        )}
        <Form.Item
          name="colleague"
          label={t("mine.swap.colleague")}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <Select
            loading={roster.isLoading}
            showSearch={{ optionFilterProp: "label" }}
            options={colleagues.map((p) => ({ value: p.id, label: personName(p) }))}
            notFoundContent={roster.isLoading ? undefined : t("mine.swap.noColleagues")}
            onChange={() => form.setFieldValue("take", undefined)}
            data-testid="swap-colleague"
          />
        </Form.Item>
        <Form.Item name="take" label={t("mine.swap.take")} extra={t("mine.swap.takeHelp")}>
          <Select
            allowClear
            disabled={!colleague}
            loading={theirs.isFetching}
            placeholder={t("mine.swap.nothing")}
            options={takeable.map((s) => ({ value: s.id, label: shiftText(s, t) }))}
            data-testid="swap-take"
          />
        </Form.Item>
        <Form.Item name="reason" label={t("mine.swap.reason")}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="swap-reason" />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("mine.swap.submit")} busy={send.isPending} testId="swap-submit" />
      </Form>
    </Modal>
  );
}
