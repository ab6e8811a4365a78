/** `/tickets/:ticketId`: the ticket, its thread, the composer and its history. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Col, Result, Row, Skeleton, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { ApiError } from "../api/client";
import type { WorkItem } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ItemOrders } from "../orders/ItemOrders";
import { useLive } from "../shell/LiveContext";
import { SlaPanel } from "../sla/SlaPanel";
import { eventsKey, fetchTicket, ticketKey } from "./api";
import { Composer } from "./Composer";
import { errorText } from "./errors";
import { EventTimeline } from "./EventTimeline";
import { AttachmentLinks, Thread } from "./Thread";
import { TicketHeader } from "./TicketHeader";

function NotFound() {
  const { t } = useTranslation("tickets");
  return (
    <Result
      status="404"
      title={t("notFound.title")}
      subTitle={t("notFound.text")}
      data-testid="ticket-not-found"
      extra={
        <Link to="/inbox">
          <Button type="primary">{t("notFound.back")}</Button>
        </Link>
      }
    />
  );
}

/** Refetch the ticket when the inbox socket says it changed (the socket is only a doorbell). */
function useLiveTicket(id: number) {
  const { subscribe } = useLive();
  const client = useQueryClient();
  useEffect(
    () =>
      subscribe((event) => {
        const payload = event.payload as Partial<WorkItem> | undefined;
        const ours = payload?.id === id;
        if (event.type === "connected" || (ours && event.type.startsWith("workitem."))) {
          void client.invalidateQueries({ queryKey: ticketKey(id) });
          void client.invalidateQueries({ queryKey: eventsKey(id) });
        }
      }),
    [subscribe, client, id],
  );
}

function TicketView({ id }: { id: number }) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const [params] = useSearchParams();
  const { can } = useAuth();
  useLiveTicket(id);
  const ticket = useQuery({ queryKey: ticketKey(id), queryFn: () => fetchTicket(id) });

  if (ticket.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (ticket.isError) {
    if (ticket.error instanceof ApiError && ticket.error.status === 404) return <NotFound />;
    return (
      <Result
        status="error"
        title={errorText(ticket.error, tc("errors.generic"))}
        extra={<Button onClick={() => void ticket.refetch()}>{tc("actions.retry")}</Button>}
      />
    );
  }
  const data = ticket.data;
  const loose = data.attachments.filter((a) => a.message === null);
  const customerName = data.customer?.name || data.requester_name;

  return (
    <div className="ticket-page">
      <TicketHeader ticket={data} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16}>
          <Card title={t("thread.title")}>
            <Thread messages={data.messages} customerName={customerName} />
            {loose.length > 0 && (
              <div data-testid="ticket-files">
                <Typography.Text type="secondary">{t("thread.files")}</Typography.Text>
                <AttachmentLinks files={loose} />
              </div>
            )}
          </Card>
          <Card style={{ marginTop: 16 }}>
            <Composer ticket={data} focusReply={params.get("reply") === "1"} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          {can("sla.read") && <SlaPanel item={data} />}
          <Card style={can("sla.read") ? { marginTop: 16 } : undefined}>
            <EventTimeline ticket={data} />
          </Card>
          {can("order.read") && <ItemOrders itemId={data.id} style={{ marginTop: 16 }} />}
        </Col>
      </Row>
    </div>
  );
}

export function TicketPage() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFound />;
  return <TicketView key={id} id={id} />;
}
