/** Small pieces the hotline pages share: tags, numbers, links, errors, the ticket-from-call action. */
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import type { Kind } from "../api/types";
import { errorText } from "../tickets/errors";
import { createTicket, HOTLINE_KEY, type CallState, type Direction } from "./api";
import { formatNumber, workItemPath } from "./format";

export const STATE_COLOURS: Record<CallState, string | undefined> = {
  ringing: "processing",
  answered: "green",
  missed: "red",
  abandoned: "orange",
  voicemail: "purple",
};

export function CallStateTag({ state, testId }: { state: CallState; testId?: string }) {
  const { t } = useTranslation("hotline");
  return (
    <Tag color={STATE_COLOURS[state]} data-testid={testId} data-state={state}>
      {t(`states.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function DirectionTag({ direction }: { direction: Direction }) {
  const { t } = useTranslation("hotline");
  return (
    <Tag icon={direction === "inbound" ? <ArrowDownOutlined /> : <ArrowUpOutlined />} data-direction={direction}>
      {t(`directions.${direction}`)}
    </Tag>
  );
}

/** A phone number in groups, or "Withheld number". */
export function PhoneNumber({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation("hotline");
  return value ? (
    <span data-testid={testId} data-number={value} style={{ whiteSpace: "nowrap" }}>
      {formatNumber(value)}
    </span>
  ) : (
    <Typography.Text type="secondary" data-testid={testId}>
      {t("withheld")}
    </Typography.Text>
  );
}

/** A work item's reference, linked to its page when it has one. */
export function ItemLink({ kind, id, reference, testId }: { kind: Kind; id: number; reference: string; testId?: string }) {
  const path = workItemPath(kind, id);
  return path ? (
    <Link to={path} data-testid={testId}>
      {reference}
    </Link>
  ) : (
    <span data-testid={testId}>{reference}</span>
  );
}

/** The server's message (already translated) with its field messages, or a generic one. */
export function HotlineError({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error, t("errors.generic"))}
      style={{ marginBottom: 12 }}
      data-testid={testId}
    />
  );
}

/** "Create ticket": one request, then the new ticket's page. */
export function useTicketFromCall(callId: number, onCreated?: () => void) {
  const { t } = useTranslation("hotline");
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => createTicket(callId),
    onSuccess: (ticket) => {
      void message.success(t("ticket.created", { reference: ticket.reference }));
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
      navigate(`/tickets/${ticket.id}`);
      onCreated?.();
    },
  });
}
