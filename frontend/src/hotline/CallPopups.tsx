/**
 * The incoming-call pop-ups, on every page: `call.ringing` reaches only the agent on the
 * extension that rings, with the caller's customer files, their open work and recent orders.
 * Each pop-up follows its call (`call.changed`: answered, ended, customer linked) until dismissed;
 * one whose call ended unanswered closes by itself after a minute (the ring-back list has it).
 *
 * The pop-up's data lives in the query cache under `popupKey(id)`, filled from the event; a
 * pop-up the socket missed (the app was loading, the socket reconnecting) is found by asking
 * for the user's ringing calls, and only then fetched (`GET .../popup/`, an audited read).
 */
import { CloseOutlined, PhoneOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Space, Spin, Tag, Typography } from "antd";
import { useEffect, useEffectEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import type { InboxEvent } from "../api/ws";
import { useAuth } from "../auth/AuthContext";
import { formatDateTime } from "../common/time";
import { yuan } from "../orders/format";
import { useLive } from "../shell/LiveContext";
import {
  fetchCall,
  fetchCalls,
  fetchPopup,
  HOTLINE_KEY,
  linkCustomer,
  popupKey,
  UNANSWERED,
  type CallPopup,
  type CallRow,
  type PopupCustomer,
} from "./api";
import { otherParty } from "./format";
import "./hotline.css";
import { changedCall, eventCallId } from "./live";
import { CallStateTag, HotlineError, ItemLink, PhoneNumber, useTicketFromCall } from "./parts";

export const MAX_POPUPS = 4;
export const AUTO_CLOSE_MS = 60_000;
const RINGING_MINE_KEY = [...HOTLINE_KEY, "ringing-mine"] as const;

/** Put a newer call row into a cached pop-up (an older event arriving late changes nothing). */
function withCall(popup: CallPopup | undefined, call: CallRow): CallPopup | undefined {
  return popup ? { ...popup, call: { ...popup.call, ...call } } : popup;
}

export function CallPopups() {
  const { t } = useTranslation("hotline");
  const { subscribe } = useLive();
  const client = useQueryClient();
  const [pushed, setPushed] = useState<number[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(() => new Set());

  // Calls ringing for me now: the ones whose event this tab may have missed.
  const ringing = useQuery({
    queryKey: RINGING_MINE_KEY,
    queryFn: ({ signal }) => fetchCalls({ state: ["ringing"], mine: true, page_size: MAX_POPUPS }, signal),
    staleTime: 0,
  });

  const ids = useMemo(() => {
    const all = new Set([...pushed, ...(ringing.data?.results ?? []).map((c) => c.id)]);
    return [...all].filter((id) => !dismissed.has(id)).sort((a, b) => b - a).slice(0, MAX_POPUPS);
  }, [pushed, ringing.data, dismissed]);

  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected") {
      void client.invalidateQueries({ queryKey: RINGING_MINE_KEY });
      for (const id of ids) {
        fetchCall(id).then(
          (call) => client.setQueryData<CallPopup>(popupKey(id), (old) => withCall(old, call)),
          () => undefined, // the next event or reconnect tries again
        );
      }
      return;
    }
    const id = eventCallId(event);
    if (id === null) return;
    if (event.type === "call.ringing") {
      client.setQueryData(popupKey(id), event.payload as CallPopup);
      setPushed((prev) => (prev.includes(id) ? prev : [id, ...prev].slice(0, MAX_POPUPS * 2)));
    } else {
      const call = changedCall(event);
      if (call) client.setQueryData<CallPopup>(popupKey(id), (old) => withCall(old, call));
    }
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);

  const dismiss = (id: number) => setDismissed((prev) => new Set(prev).add(id));

  if (ids.length === 0) return null;
  return (
    <section className="call-popups" aria-label={t("popup.region")} aria-live="assertive" data-testid="call-popups">
      {ids.map((id) => (
        <PopupCard key={id} id={id} onDismiss={() => dismiss(id)} />
      ))}
    </section>
  );
}

function PopupCard({ id, onDismiss }: { id: number; onDismiss: () => void }) {
  const { t } = useTranslation("hotline");
  const popup = useQuery({
    queryKey: popupKey(id),
    queryFn: ({ signal }) => fetchPopup(id, signal),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  const state = popup.data?.call.state;
  const closeSoon = state !== undefined && UNANSWERED.includes(state);
  const onTimeout = useEffectEvent(() => onDismiss());
  useEffect(() => {
    if (!closeSoon) return;
    const timer = setTimeout(() => onTimeout(), AUTO_CLOSE_MS);
    return () => clearTimeout(timer);
  }, [closeSoon]);

  const dismissButton = (
    <Button
      type="text"
      size="small"
      icon={<CloseOutlined />}
      aria-label={t("popup.dismiss")}
      onClick={onDismiss}
      data-testid={`call-popup-dismiss-${id}`}
    />
  );

  if (!popup.data) {
    return (
      <Card size="small" className="call-popup" extra={dismissButton} data-testid={`call-popup-${id}`}>
        {popup.error ? <HotlineError error={popup.error} /> : <Spin />}
      </Card>
    );
  }
  return <PopupBody popup={popup.data} dismissButton={dismissButton} onDismiss={onDismiss} />;
}

function PopupBody({
  popup,
  dismissButton,
  onDismiss,
}: {
  popup: CallPopup;
  dismissButton: React.ReactNode;
  onDismiss: () => void;
}) {
  const { t } = useTranslation("hotline");
  const { can } = useAuth();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { call } = popup;
  const id = call.id;
  const titleId = `call-popup-title-${id}`;
  const ticket = useTicketFromCall(id, onDismiss);
  const link = useMutation({
    mutationFn: (customer: number) => linkCustomer(id, customer),
    onSuccess: (detail) => client.setQueryData<CallPopup>(popupKey(id), (old) => withCall(old, detail)),
  });
  const mayLog = can("call.log");
  const error = ticket.error ?? link.error;

  return (
    <Card
      size="small"
      className="call-popup"
      role="dialog"
      aria-labelledby={titleId}
      data-testid={`call-popup-${id}`}
      data-state={call.state}
      title={
        <Space size={6}>
          <PhoneOutlined />
          <span id={titleId}>{t(call.direction === "inbound" ? "popup.incoming" : "popup.outgoing")}</span>
          <CallStateTag state={call.state} testId={`call-popup-state-${id}`} />
        </Space>
      }
      extra={dismissButton}
      actions={[
        ...(mayLog
          ? [
              <Button
                key="ticket"
                type="primary"
                size="small"
                loading={ticket.isPending}
                onClick={() => ticket.mutate()}
                data-testid={`call-popup-ticket-${id}`}
              >
                {t("popup.createTicket")}
              </Button>,
            ]
          : []),
        <Button
          key="open"
          size="small"
          type="link"
          href={`/calls/${id}`}
          onClick={(event) => {
            event.preventDefault();
            navigate(`/calls/${id}`);
          }}
          data-testid={`call-popup-open-${id}`}
        >
          {t("popup.openCall")}
        </Button>,
        <Button key="dismiss" size="small" type="link" onClick={onDismiss}>
          {t("popup.dismissText")}
        </Button>,
      ]}
    >
      <div className="call-popup-number">
        <PhoneNumber value={otherParty(call)} testId={`call-popup-number-${id}`} />
      </div>
      <Typography.Text type="secondary" className="call-popup-meta">
        {t("popup.meta", { queue: call.queue.name, time: formatDateTime(call.initiated_at) })}
      </Typography.Text>
      {UNANSWERED.includes(call.state) && (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
          {t("popup.ringBackWaiting")}
        </Typography.Paragraph>
      )}
      {error && <HotlineError error={error} testId={`call-popup-error-${id}`} />}
      <PopupCustomers
        popup={popup}
        mayLink={mayLog}
        linking={link.isPending ? link.variables : undefined}
        onLink={(customer) => link.mutate(customer)}
      />
      {popup.open_items.length > 0 && (
        <div className="call-popup-section">
          <Typography.Text strong>{t("popup.openItems", { count: popup.open_items.length })}</Typography.Text>
          <ul data-testid={`call-popup-items-${id}`}>
            {popup.open_items.map((item) => (
              <li key={item.id}>
                <ItemLink kind={item.kind} id={item.id} reference={item.reference} testId={`call-popup-item-${item.id}`} />{" "}
                {item.subject} <Tag>{item.status_display}</Tag>
              </li>
            ))}
          </ul>
        </div>
      )}
      {popup.recent_orders.length > 0 && (
        <div className="call-popup-section">
          <Typography.Text strong>{t("popup.recentOrders")}</Typography.Text>
          <ul data-testid={`call-popup-orders-${id}`}>
            {popup.recent_orders.map((order) => (
              <li key={order.id}>
                <Link to={`/orders/${order.id}`} data-testid={`call-popup-order-${order.id}`}>
                  {order.reference}
                </Link>{" "}
                {order.product} · {yuan(order.amount)} <Tag>{order.status_display}</Tag>
                <Typography.Text type="secondary">{formatDateTime(order.created_at)}</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function PopupCustomers({
  popup,
  mayLink,
  linking,
  onLink,
}: {
  popup: CallPopup;
  mayLink: boolean;
  linking: number | undefined;
  onLink: (customer: number) => void;
}) {
  const { t } = useTranslation("hotline");
  const { call, customers } = popup;
  if (customers.length === 0) {
    return (
      <Typography.Paragraph type="secondary" className="call-popup-section" data-testid={`call-popup-no-customer-${call.id}`}>
        {t("popup.noCustomer")}
      </Typography.Paragraph>
    );
  }
  return (
    <div className="call-popup-section">
      <Typography.Text strong>
        {customers.length > 1 ? t("popup.customersMatch", { count: customers.length }) : t("popup.customer")}
      </Typography.Text>
      <ul data-testid={`call-popup-customers-${call.id}`}>
        {customers.map((customer) => (
          <PopupCustomerRow
            key={customer.id}
            callId={call.id}
            customer={customer}
            linked={call.customer?.id === customer.id}
            mayLink={mayLink}
            linking={linking === customer.id}
            onLink={() => onLink(customer.id)}
          />
        ))}
      </ul>
    </div>
  );
}

function PopupCustomerRow(props: {
  callId: number;
  customer: PopupCustomer;
  linked: boolean;
  mayLink: boolean;
  linking: boolean;
  onLink: () => void;
}) {
  const { t } = useTranslation("hotline");
  const { callId, customer, linked } = props;
  return (
    <li data-testid={`call-popup-customer-${customer.id}`} data-linked={linked}>
      <Link to={`/customers/${customer.id}`} data-testid={`call-popup-customer-link-${customer.id}`}>
        {customer.name}
      </Link>
      {customer.company && <Typography.Text type="secondary"> · {customer.company}</Typography.Text>}
      {customer.credit_standing !== "good" && (
        <Tag color={customer.credit_standing === "watch" ? "gold" : "red"} style={{ marginLeft: 6 }}>
          {t(`credit.${customer.credit_standing}`)}
        </Tag>
      )}
      {linked ? (
        <Tag color="blue" style={{ marginLeft: 6 }}>
          {t("popup.linked")}
        </Tag>
      ) : (
        props.mayLink && (
          <Button
            size="small"
            type="link"
            loading={props.linking}
            onClick={props.onLink}
            data-testid={`call-popup-link-${callId}-${customer.id}`}
          >
            {t("popup.link")}
          </Button>
        )
      )}
    </li>
  );
}
