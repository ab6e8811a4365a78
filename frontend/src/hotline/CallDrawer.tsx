/**
 * One call (`/calls/:id`, over the list): who, when, how long, its customer (or the files its
 * number matches, to link one), the work items and orders it is linked to, and the wrap-up
 * (outcome, category, notes). Create a ticket from it, or call back against it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Divider, Drawer, Empty, Form, Input, Select, Space, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { formatDateTime } from "../common/time";
import { fetchOrders } from "../orders/api";
import {
  callKey,
  categoriesKey,
  fetchCall,
  fetchCategories,
  HOTLINE_KEY,
  linkCustomer,
  linkOrder,
  OUTCOMES,
  wrapUp,
  type CallDetail,
  type CallOutcome,
} from "./api";
import { clock, otherParty } from "./format";
import type { LogPreset } from "./LogCallDialog";
import { CallStateTag, DirectionTag, HotlineError, ItemLink, PhoneNumber, useTicketFromCall } from "./parts";

export function CallDrawer({
  id,
  onClose,
  onCallBack,
}: {
  id: number;
  onClose: () => void;
  onCallBack: (preset: LogPreset) => void;
}) {
  const { t } = useTranslation("hotline");
  const { can } = useAuth();
  const detail = useQuery({ queryKey: callKey(id), queryFn: ({ signal }) => fetchCall(id, signal) });
  const ticket = useTicketFromCall(id);
  const call = detail.data;
  const mayLog = can("call.log");

  return (
    <Drawer
      open
      size={600}
      onClose={onClose}
      title={call ? t("detail.title", { reference: call.reference }) : t("detail.loading")}
      extra={
        call &&
        mayLog && (
          <Space>
            <Button
              onClick={() =>
                onCallBack({
                  direction: "outbound",
                  number: otherParty(call),
                  queue: call.queue.id,
                  item: { id: call.id, reference: call.reference },
                })
              }
              disabled={!otherParty(call)}
              data-testid="call-detail-callback"
            >
              {t("detail.callBack")}
            </Button>
            <Button type="primary" loading={ticket.isPending} onClick={() => ticket.mutate()} data-testid="call-detail-ticket">
              {t("popup.createTicket")}
            </Button>
          </Space>
        )
      }
      data-testid="call-detail"
    >
      {detail.error && <HotlineError error={detail.error} testId="call-detail-error" />}
      {ticket.error && <HotlineError error={ticket.error} testId="call-detail-action-error" />}
      {!call && !detail.error && <Spin />}
      {call && <CallFacts call={call} />}
      {call && (
        <>
          <Divider titlePlacement="start">{t("detail.customer")}</Divider>
          <CallCustomer call={call} mayLink={mayLog} />
          <Divider titlePlacement="start">{t("detail.links")}</Divider>
          <CallLinks call={call} />
          <Divider titlePlacement="start">{t("detail.orders")}</Divider>
          <CallOrders call={call} mayLink={mayLog} />
          {mayLog && (
            <>
              <Divider titlePlacement="start">{t("wrapUp.title")}</Divider>
              <WrapUpForm key={`${call.id}-${call.wrapped_up_at ?? ""}`} call={call} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

function CallFacts({ call }: { call: CallDetail }) {
  const { t } = useTranslation("hotline");
  const agent = call.agent ? `${call.agent.name}${call.agent_extension ? ` (${call.agent_extension})` : ""}` : "—";
  return (
    <Descriptions
      size="small"
      column={2}
      bordered
      data-testid="call-detail-facts"
      items={[
        { key: "state", label: t("columns.state"), children: <CallStateTag state={call.state} testId="call-detail-state" /> },
        { key: "direction", label: t("columns.direction"), children: <DirectionTag direction={call.direction} /> },
        { key: "from", label: t("detail.from"), children: <PhoneNumber value={call.from_number} testId="call-detail-from" /> },
        { key: "to", label: t("detail.to"), children: <PhoneNumber value={call.to_number} testId="call-detail-to" /> },
        { key: "queue", label: t("columns.queue"), children: call.queue.name },
        { key: "agent", label: t("columns.agent"), children: agent },
        { key: "started", label: t("columns.started"), children: formatDateTime(call.initiated_at) },
        { key: "answered", label: t("detail.answered"), children: formatDateTime(call.answered_at) || "—" },
        { key: "ended", label: t("detail.ended"), children: formatDateTime(call.ended_at) || "—" },
        { key: "source", label: t("detail.source"), children: t(`sources.${call.source}`) },
        { key: "wait", label: t("columns.wait"), children: clock(call.wait_seconds) },
        { key: "talk", label: t("columns.talk"), children: clock(call.talk_seconds) },
        ...(call.hangup_cause ? [{ key: "cause", label: t("detail.cause"), children: call.hangup_cause }] : []),
        ...(call.ringback
          ? [
              {
                key: "ringback",
                label: t("detail.ringBack"),
                children: (
                  <Link to="/calls?tab=ringbacks" data-testid="call-detail-ringback">
                    {`R-${String(call.ringback).padStart(6, "0")}`}
                  </Link>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function CallCustomer({ call, mayLink }: { call: CallDetail; mayLink: boolean }) {
  const { t } = useTranslation("hotline");
  const client = useQueryClient();
  const link = useMutation({
    mutationFn: (customer: number) => linkCustomer(call.id, customer),
    onSuccess: (updated) => {
      client.setQueryData(callKey(call.id), updated);
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
    },
  });
  const others = call.matched_customers.filter((c) => c.id !== call.customer?.id);
  return (
    <div data-testid="call-detail-customer">
      {link.error && <HotlineError error={link.error} />}
      {call.customer ? (
        <Link to={`/customers/${call.customer.id}`} data-testid="call-detail-customer-link">
          {call.customer.name}
        </Link>
      ) : (
        <Typography.Text type="secondary">
          {call.matched_customers.length ? t("detail.chooseCustomer") : t("popup.noCustomer")}
        </Typography.Text>
      )}
      {others.length > 0 && (
        <ul style={{ margin: "8px 0 0", paddingLeft: 20 }}>
          {others.map((c) => (
            <li key={c.id}>
              <Link to={`/customers/${c.id}`}>{c.name}</Link>{" "}
              {mayLink && (
                <Button
                  size="small"
                  type="link"
                  loading={link.isPending && link.variables === c.id}
                  onClick={() => link.mutate(c.id)}
                  data-testid={`call-detail-link-${c.id}`}
                >
                  {t("popup.link")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CallLinks({ call }: { call: CallDetail }) {
  const { t } = useTranslation("hotline");
  if (call.links.length === 0) return <Typography.Text type="secondary">{t("detail.noLinks")}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="call-detail-links">
      {call.links.map((link) => (
        <li key={`${link.direction}-${link.item.id}-${link.kind}`}>
          <ItemLink kind={link.item.kind} id={link.item.id} reference={link.item.reference} testId={`call-detail-link-item-${link.item.id}`} />{" "}
          {link.item.subject}{" "}
          <Typography.Text type="secondary">{formatDateTime(link.created_at)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** An order by its reference, linked to its page when the user may read orders. */
function OrderRef({ reference }: { reference: string }) {
  const { can } = useAuth();
  const found = useQuery({
    queryKey: ["orders", { q: reference, page: 1 }],
    queryFn: ({ signal }) => fetchOrders({ q: reference }, signal),
    enabled: can("order.read"),
    staleTime: 60_000,
    select: (page) => page.results.find((o) => o.reference === reference)?.id ?? null,
  });
  return found.data ? (
    <Link to={`/orders/${found.data}`} data-testid={`call-detail-order-${reference}`}>
      {reference}
    </Link>
  ) : (
    <span data-testid={`call-detail-order-${reference}`}>{reference}</span>
  );
}

function CallOrders({ call, mayLink }: { call: CallDetail; mayLink: boolean }) {
  const { t } = useTranslation("hotline");
  const client = useQueryClient();
  const [reference, setReference] = useState("");
  const add = useMutation({
    mutationFn: () => linkOrder(call.id, reference.trim()),
    onSuccess: (updated) => {
      client.setQueryData(callKey(call.id), updated);
      setReference("");
    },
  });
  return (
    <div data-testid="call-detail-orders">
      {call.orders.length === 0 ? (
        <Typography.Text type="secondary">{t("detail.noOrders")}</Typography.Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {call.orders.map((o) => (
            <li key={o.reference}>
              <OrderRef reference={o.reference} /> <Typography.Text type="secondary">{formatDateTime(o.created_at)}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
      {mayLink && (
        <>
          {add.error && <HotlineError error={add.error} testId="call-detail-order-error" />}
          <Space.Compact style={{ display: "flex", marginTop: 8, maxWidth: 360 }}>
            <Input
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              onPressEnter={() => reference.trim() && add.mutate()}
              placeholder={t("detail.orderReference")}
              aria-label={t("detail.orderReference")}
              maxLength={32}
              data-testid="call-detail-order-input"
            />
            <Button onClick={() => add.mutate()} disabled={!reference.trim()} loading={add.isPending} data-testid="call-detail-order-add">
              {t("detail.addOrder")}
            </Button>
          </Space.Compact>
        </>
      )}
    </div>
  );
}

interface WrapUpValues {
  outcome?: CallOutcome;
  category?: number;
  notes: string;
}

function WrapUpForm({ call }: { call: CallDetail }) {
  const { t } = useTranslation("hotline");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<WrapUpValues>();
  const categories = useQuery({
    // the work's queue now: its categories are the ones the server accepts after a transfer
    queryKey: categoriesKey(call.item.queue.id),
    queryFn: ({ signal }) => fetchCategories(call.item.queue.id, signal),
    staleTime: 5 * 60_000,
  });
  const save = useMutation({
    mutationFn: (values: WrapUpValues) =>
      wrapUp(call.id, { outcome: values.outcome ?? "", notes: (values.notes ?? "").trim(), category: values.category ?? null }),
    onSuccess: (updated) => {
      void message.success(t("wrapUp.saved"));
      client.setQueryData(callKey(call.id), updated);
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
    },
  });
  const options = categories.data?.results ?? [];
  const categoryOptions =
    call.category && !options.some((c) => c.id === call.category!.id) ? [call.category, ...options] : options;
  return (
    <Form<WrapUpValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ outcome: call.outcome || undefined, category: call.category?.id, notes: call.notes }}
      onFinish={(values) => save.mutate(values)}
      data-testid="wrap-up-form"
    >
      {save.error && <HotlineError error={save.error} testId="wrap-up-error" />}
      <Space size={16} wrap>
        <Form.Item name="outcome" label={t("wrapUp.outcome")}>
          <Select<CallOutcome>
            allowClear
            style={{ minWidth: 200 }}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
            data-testid="wrap-up-outcome"
          />
        </Form.Item>
        <Form.Item name="category" label={t("wrapUp.category")}>
          <Select<number>
            allowClear
            style={{ minWidth: 200 }}
            loading={categories.isFetching}
            options={categoryOptions.map((c) => ({ value: c.id, label: c.name }))}
            notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("wrapUp.noCategories")} />}
            data-testid="wrap-up-category"
          />
        </Form.Item>
      </Space>
      <Form.Item name="notes" label={t("wrapUp.notes")}>
        <Input.TextArea maxLength={10000} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="wrap-up-notes" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="wrap-up-save">
          {t("wrapUp.save")}
        </Button>
        {call.wrapped_up_at && (
          <Tag data-testid="wrap-up-when">{t("wrapUp.when", { time: formatDateTime(call.wrapped_up_at) })}</Tag>
        )}
      </Space>
    </Form>
  );
}

