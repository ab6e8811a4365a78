/**
 * `/orders/:orderId`: an order, its attempts (channel, sent, answered, outcome, supplier's code,
 * latency, how it was resolved) and its timeline; retry, refund and review for order handlers.
 * Attempts and timeline reach order handlers only (the API leaves them out for everyone else).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { ApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { OpenComplaintButton } from "../complaints/OpenComplaintButton";
import { formatDateTime, inZone } from "../common/time";
import { FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import {
  CHANNELS_KEY,
  fetchOrder,
  ORDERS_KEY,
  orderKey,
  refundOrder,
  retryOrder,
  reviewOrder,
  type Attempt,
  type Enquiry,
  type Order,
  type OrderEvent,
  type OrderStatus,
} from "./api";
import { useChannelTiles } from "./ChannelPanel";
import { latency, yuan } from "./format";
import { useOrderLive } from "./live";
import { breakerLabel, categoryName, OrderErrorAlert, OrderStatusTag, OUTCOME_COLOURS, reasonText } from "./parts";

const OPEN: OrderStatus[] = ["created", "dispatching", "awaiting_supplier"];
const RETRYABLE: OrderStatus[] = ["failed", "needs_review", ...OPEN];
const REFUNDABLE: OrderStatus[] = ["failed", "needs_review"];

type Action = "retry" | "refund" | "review";

export function OrderPage() {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const { can } = useAuth();
  const orderId = Number(useParams().orderId);
  useOrderLive(orderId);
  const [action, setAction] = useState<Action | null>(null);
  const detail = useQuery({
    queryKey: orderKey(orderId),
    queryFn: ({ signal }) => fetchOrder(orderId, signal),
    // An order still on its way is polled too: the socket's events are at most once.
    refetchInterval: (query) => (query.state.data && OPEN.includes(query.state.data.order.status) ? 3_000 : false),
  });
  const handles = can("order.handle");

  if (detail.isPending) return <Skeleton active />;
  if (detail.error) {
    return detail.error instanceof ApiError && detail.error.status === 404 ? (
      <Result status="404" title="404" subTitle={tc("errors.notFound")} />
    ) : (
      <OrderErrorAlert error={detail.error} />
    );
  }
  const { order, attempts, events, enquiries } = detail.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <Link to="/orders?tab=orders">{t("detail.back")}</Link>
            <h1 style={TITLE_STYLE} data-testid="order-reference">
              {order.reference}
            </h1>
            <OrderStatusTag status={order.status} />
            {order.reviewed_at && <Tag color="cyan">{t("detail.reviewed")}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {/* The customer disputes the order: a complaint with the order as evidence. */}
            {order.customer && (
              <OpenComplaintButton source={{ order: order.id, reference: order.reference }} testId="order-open-complaint" />
            )}
            {handles && (
              <Space wrap>
                {RETRYABLE.includes(order.status) && (
                  <Button onClick={() => setAction("retry")} data-testid="order-retry">
                    {t("actions.retry")}
                  </Button>
                )}
                {REFUNDABLE.includes(order.status) && (
                  <Button danger onClick={() => setAction("refund")} data-testid="order-refund">
                    {t("actions.refund")}
                  </Button>
                )}
                <Button onClick={() => setAction("review")} data-testid="order-review">
                  {t("actions.review")}
                </Button>
              </Space>
            )}
          </Space>
        }
        data-testid="order-card"
      >
        <OrderFacts order={order} handles={handles} />
      </Card>
      {enquiries.length > 0 && (
        <Card title={t("detail.enquiries")} size="small">
          <Enquiries enquiries={enquiries} />
        </Card>
      )}
      {handles && (
        <Card title={t("detail.attempts")} size="small">
          <AttemptTable attempts={attempts ?? []} />
        </Card>
      )}
      {handles && (
        <Card title={t("detail.timeline")} size="small">
          <OrderTimeline events={events ?? []} attempts={attempts ?? []} enquiries={enquiries} />
        </Card>
      )}
      {action === "retry" && <RetryDialog order={order} onClose={() => setAction(null)} />}
      {(action === "refund" || action === "review") && (
        <NoteDialog kind={action} order={order} onClose={() => setAction(null)} />
      )}
    </Space>
  );
}

function OrderFacts({ order, handles }: { order: Order; handles: boolean }) {
  const { t } = useTranslation("orders");
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="order-facts">
      <Descriptions.Item label={t("columns.product")}>
        <span>
          {order.product.name} <Typography.Text type="secondary">({order.product.code})</Typography.Text>
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t("columns.account")}>{order.account}</Descriptions.Item>
      <Descriptions.Item label={t("columns.amount")}>
        <span data-testid="order-amount">{yuan(order.amount)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("detail.price")}>{yuan(order.price)}</Descriptions.Item>
      {order.customer && (
        <Descriptions.Item label={t("detail.customer")}>
          <Link to={`/customers/${order.customer.id}`}>{order.customer.name}</Link>
        </Descriptions.Item>
      )}
      {handles && <Descriptions.Item label={t("columns.channel")}>{order.channel?.name ?? "—"}</Descriptions.Item>}
      <Descriptions.Item label={t("detail.attemptsMade")}>{order.attempts_made}</Descriptions.Item>
      {order.fail_category && (
        <Descriptions.Item label={t("detail.failure")}>{categoryName(t, order.fail_category)}</Descriptions.Item>
      )}
      <Descriptions.Item label={t("columns.created")}>{formatDateTime(order.created_at)}</Descriptions.Item>
      {order.finished_at && (
        <Descriptions.Item label={t("detail.finished")}>{formatDateTime(order.finished_at)}</Descriptions.Item>
      )}
      {order.reviewed_at && (
        <Descriptions.Item label={t("detail.reviewedAt")}>{formatDateTime(order.reviewed_at)}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** Attempts are seconds apart: their times show the seconds. */
const withSeconds = (iso: string | null) => (iso ? inZone(iso).format("YYYY-MM-DD HH:mm:ss") : "—");

/** Customers' questions about the order, each a ticket in the order handlers' queue. */
function Enquiries({ enquiries }: { enquiries: Enquiry[] }) {
  const { t } = useTranslation("tickets");
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="order-enquiries">
      {enquiries.map((e) => (
        <li key={e.id} data-testid={`order-enquiry-${e.id}`}>
          <Link to={`/tickets/${e.id}`}>{e.reference}</Link> {e.subject}{" "}
          <Tag>{t(`status.${e.status}`, { defaultValue: e.status })}</Tag>
          <Typography.Text type="secondary">{formatDateTime(e.created_at)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function AttemptTable({ attempts }: { attempts: Attempt[] }) {
  const { t } = useTranslation("orders");
  const columns: ColumnsType<Attempt> = [
    { key: "number", title: "#", render: (_, a) => a.number },
    { key: "channel", title: t("columns.channel"), render: (_, a) => a.channel.name },
    {
      key: "reference",
      title: t("attempts.reference"),
      render: (_, a) => <Typography.Text copyable>{a.reference}</Typography.Text>,
    },
    { key: "sent", title: t("attempts.sent"), render: (_, a) => withSeconds(a.sent_at) },
    { key: "answered", title: t("attempts.answered"), render: (_, a) => withSeconds(a.answered_at) },
    {
      key: "outcome",
      title: t("attempts.outcome"),
      render: (_, a) => (
        <Tag color={OUTCOME_COLOURS[a.outcome]} data-outcome={a.outcome}>
          {t(`outcomes.${a.outcome}`, { defaultValue: a.outcome })}
        </Tag>
      ),
    },
    {
      key: "category",
      title: t("attempts.category"),
      render: (_, a) => (a.category && a.category !== "ok" ? categoryName(t, a.category) : "—"),
    },
    {
      key: "supplier",
      title: t("attempts.supplier"),
      onCell: () => ({ style: { maxWidth: 260, whiteSpace: "normal" } }),
      render: (_, a) =>
        a.supplier_code || a.supplier_message ? (
          <>
            {a.supplier_code && <Typography.Text code>{a.supplier_code}</Typography.Text>} {a.supplier_message}
          </>
        ) : (
          "—"
        ),
    },
    { key: "latency", title: t("attempts.latency"), align: "right", render: (_, a) => latency(a.latency_ms) },
    {
      key: "resolved",
      title: t("attempts.resolvedBy"),
      render: (_, a) => (a.resolved_by ? t(`resolvedBy.${a.resolved_by}`, { defaultValue: a.resolved_by }) : "—"),
    },
  ];
  return (
    <div data-testid="order-attempts">
      <Table<Attempt>
        rowKey="number"
        size="small"
        columns={columns}
        dataSource={attempts}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("attempts.none")} /> }}
        onRow={(a) =>
          ({ "data-testid": `attempt-${a.number}`, "data-outcome": a.outcome, "data-channel": a.channel.name }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}

/** What an event's details say, in words (orders/dispatch.py writes them). */
function eventDetail(
  event: OrderEvent,
  channelName: (id: unknown) => string,
  itemName: (id: unknown) => string,
  t: TFunction<"orders">,
): string {
  const d = event.data;
  const parts: string[] = [];
  const has = (key: string) => d[key] !== undefined && d[key] !== null && d[key] !== "";
  if (has("attempt")) parts.push(t("events.attempt", { number: d.attempt }));
  if (has("channel")) parts.push(channelName(d.channel));
  if (d.probe === true) parts.push(t("events.probe"));
  if (has("outcome")) parts.push(t(`outcomes.${String(d.outcome)}`, { defaultValue: String(d.outcome) }));
  if (has("status")) parts.push(t(`supplierStatus.${String(d.status)}`, { defaultValue: String(d.status) }));
  if (has("category") && d.category !== "ok") parts.push(categoryName(t, String(d.category)));
  if (has("code")) parts.push(String(d.code));
  if (typeof d.latency_ms === "number") parts.push(latency(d.latency_ms));
  if (has("why")) parts.push(reasonText(t, String(d.why)));
  if (typeof d.retry_in === "number") parts.push(t("events.retryIn", { seconds: Math.round(d.retry_in) }));
  if (typeof d.amount === "number") parts.push(yuan(d.amount));
  if (has("item")) parts.push(itemName(d.item));
  return parts.join(" · ");
}

function OrderTimeline({ events, attempts, enquiries }: { events: OrderEvent[]; attempts: Attempt[]; enquiries: Enquiry[] }) {
  const { t } = useTranslation("orders");
  if (!events.length) return <Empty description={t("events.none")} />;
  const names = new Map(attempts.map((a) => [a.channel.id, a.channel.name]));
  const channelName = (id: unknown) => names.get(Number(id)) ?? `#${String(id)}`;
  const items = new Map(enquiries.map((e) => [e.id, e.reference]));
  const itemName = (id: unknown) => items.get(Number(id)) ?? `#${String(id)}`;
  return (
    <Timeline
      data-testid="order-events"
      items={events.map((event) => ({
        key: event.id,
        color: event.verb === "failed" || event.verb === "needs_review" ? "red" : event.verb === "refunded" ? "purple" : "blue",
        content: (
          <div data-testid={`order-event-${event.id}`} data-verb={event.verb}>
            <Typography.Text strong>{t(`verbs.${event.verb}`, { defaultValue: event.verb })}</Typography.Text>{" "}
            <Typography.Text type="secondary">{formatDateTime(event.created_at)}</Typography.Text>
            {event.actor && <Typography.Text type="secondary"> · {event.actor.name || event.actor.username}</Typography.Text>}
            <div>{eventDetail(event, channelName, itemName, t)}</div>
            {event.reason && (
              <div>
                <Typography.Text type="secondary">{t("events.why")}: </Typography.Text>
                {reasonText(t, event.reason)}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

function useAfterAction(order: Order, onClose: () => void) {
  const client = useQueryClient();
  return (updated: Order) => {
    client.setQueryData(orderKey(order.id), (old: unknown) =>
      old && typeof old === "object" ? { ...(old as object), order: updated } : old,
    );
    void client.invalidateQueries({ queryKey: orderKey(order.id) });
    void client.invalidateQueries({ queryKey: ORDERS_KEY });
    void client.invalidateQueries({ queryKey: CHANNELS_KEY });
    onClose();
  };
}

/** Send again, on a chosen channel or the best one, saying why. */
function RetryDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation("orders");
  const { message } = App.useApp();
  const [form] = Form.useForm<{ channel?: number; reason: string }>();
  const tiles = useChannelTiles();
  const done = useAfterAction(order, onClose);
  const retry = useMutation({
    mutationFn: async (values: { channel?: number; reason: string }) => {
      try {
        return await retryOrder(order.id, values.channel ?? null, values.reason.trim());
      } catch (error) {
        applyFieldErrors(form, error, plainField(["reason", "channel"]));
        throw error;
      }
    },
    onSuccess: (updated) => {
      void message.success(t("retry.done", { reference: order.reference }));
      done(updated);
    },
  });
  return (
    <Modal open title={t("retry.title", { reference: order.reference })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => retry.mutate(values)}>
        {retry.error && <OrderErrorAlert error={retry.error} testId="retry-error" />}
        <Form.Item name="channel" label={t("retry.channel")} extra={t("retry.channelHelp")}>
          <Select<number>
            allowClear
            placeholder={t("retry.bestChannel")}
            loading={tiles.isPending}
            options={(tiles.data ?? []).map((tile) => ({
              value: tile.id,
              label: `${tile.name} · ${breakerLabel(t, tile.breaker.state, tile.breaker.forced)}`,
            }))}
            data-testid="retry-channel"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("retry.reason")}
          rules={[{ required: true, whitespace: true, message: t("retry.reasonRequired") }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="retry-reason" />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("actions.retry")} busy={retry.isPending} testId="retry-submit" />
      </Form>
    </Modal>
  );
}

/** Refund (a reason is required) or mark reviewed (an optional note). */
function NoteDialog({ kind, order, onClose }: { kind: "refund" | "review"; order: Order; onClose: () => void }) {
  const { t } = useTranslation("orders");
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const done = useAfterAction(order, onClose);
  const refund = kind === "refund";
  const save = useMutation({
    mutationFn: async (note: string) => {
      try {
        return await (refund ? refundOrder(order.id, note) : reviewOrder(order.id, note));
      } catch (error) {
        applyFieldErrors(form, error, refund ? (f) => (f === "reason" ? ["note"] : null) : plainField(["note"]));
        throw error;
      }
    },
    onSuccess: (updated) => {
      void message.success(t(refund ? "refund.done" : "review.done", { reference: order.reference }));
      done(updated);
    },
  });
  return (
    <Modal
      open
      title={t(refund ? "refund.title" : "review.title", { reference: order.reference })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {refund && (
        <Typography.Paragraph type="secondary">{t("refund.explain", { amount: yuan(order.price) })}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => save.mutate((values.note ?? "").trim())}>
        {save.error && <OrderErrorAlert error={save.error} testId={`${kind}-error`} />}
        <Form.Item
          name="note"
          label={refund ? t("refund.reason") : t("review.note")}
          rules={refund ? [{ required: true, whitespace: true, message: t("refund.reasonRequired") }] : []}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid={`${kind}-note`} />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={refund ? t("actions.refund") : t("actions.review")}
          busy={save.isPending}
          testId={`${kind}-submit`}
        />
      </Form>
    </Modal>
  );
}
