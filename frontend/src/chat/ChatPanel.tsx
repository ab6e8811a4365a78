/** One open chat: who it is with, the messages, who is typing, the composer and the actions. */
import { CloseOutlined, FileAddOutlined, StopOutlined, SwapOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Popconfirm, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { ChatConversation } from "../api/types";
import { OpenComplaintButton } from "../complaints/OpenComplaintButton";
import {
  conversationKey,
  convertConversation,
  endConversation,
  fetchConversation,
  readMarksOf,
} from "./api";
import type { AgentChatConnection } from "./connection";
import { ChatComposer } from "./ChatComposer";
import { CustomerDrawer } from "./CustomerDrawer";
import { errorText } from "./errors";
import { MessageList } from "./MessageList";
import { TransferDialog } from "./TransferDialog";
import { useConversationView, usePageVisible } from "./useConnection";

interface Props {
  id: number;
  connection: AgentChatConnection;
  meId: number;
  isLead: boolean;
  watching: boolean;
  /** Shown to the agent now: its messages count as read. */
  visible: boolean;
  summary: ChatConversation | undefined;
  onChanged: () => void;
  onTransferred: (id: number) => void;
  /** The chat is live but neither ours nor watched (it moved on while this tab was closed). */
  onGone: (id: number) => void;
  onClose: (id: number) => void;
}

function TypingLine({ connection, id, visitorName }: { connection: AgentChatConnection; id: number; visitorName: string }) {
  const { t } = useTranslation("chat");
  const { typing } = useConversationView(connection, id);
  let text = "";
  if (typing) {
    const name = typing.name || (typing.sender === "visitor" ? visitorName : "");
    text = name ? t(`typing.${typing.sender === "visitor" ? "visitor" : "agent"}`, { name }) : t("typing.someone");
  }
  return (
    <div className="chat-typing" data-testid={`chat-typing-${id}`} data-active={String(!!typing)} aria-live="polite">
      {text}
    </div>
  );
}

export function ChatPanel({
  id,
  connection,
  meId,
  isLead,
  watching,
  visible,
  summary,
  onChanged,
  onTransferred,
  onGone,
  onClose,
}: Props) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const view = useConversationView(connection, id);
  const pageVisible = usePageVisible();
  const [transferring, setTransferring] = useState(false);
  const [ticket, setTicket] = useState<number | null>(null);
  const detail = useQuery({ queryKey: conversationKey(id), queryFn: () => fetchConversation(id) });
  const conversation = detail.data ?? summary;

  useEffect(() => {
    const data = detail.data;
    if (!data) return;
    connection.setReadMarks(id, readMarksOf(data));
    const ours = data.agent?.id === meId || watching || !!data.watchers?.some((w) => w.id === meId);
    if (!detail.isFetching && data.state !== "ended" && !ours) onGone(id);
  }, [connection, id, detail.data, detail.isFetching, meId, watching, onGone]);

  useEffect(() => {
    if (visible && pageVisible && view.lastSeq > view.agentReadSeq) connection.markRead(id, view.lastSeq);
  }, [connection, id, visible, pageVisible, view.lastSeq, view.agentReadSeq]);

  const refresh = async () => {
    onChanged();
    await client.invalidateQueries({ queryKey: conversationKey(id) });
  };
  const end = useMutation({
    mutationFn: () => endConversation(id),
    onSuccess: async () => {
      void message.success(t("actions.ended"));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, tc("errors.generic"))),
  });
  const convert = useMutation({
    mutationFn: () => convertConversation(id),
    onSuccess: async (answer) => {
      setTicket(answer.ticket);
      void message.success(t("actions.converted"));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, tc("errors.generic"))),
  });

  if (!conversation) {
    return (
      <div className="chat-panel" data-testid={`chat-panel-${id}`}>
        {detail.isError ? (
          <Alert type="error" showIcon title={errorText(detail.error, tc("errors.generic"))} />
        ) : (
          <Typography.Text type="secondary">{t("loading")}</Typography.Text>
        )}
      </div>
    );
  }

  const ended = conversation.state === "ended";
  const holder = conversation.agent?.id === meId;
  const watcher = watching || !!conversation.watchers?.some((w) => w.id === meId);
  const mayAct = holder || isLead;
  const ticketId = ticket ?? conversation.converted_to?.id ?? null;

  return (
    <section className="chat-panel" data-testid={`chat-panel-${id}`} data-state={conversation.state} aria-label={conversation.visitor.name}>
      <header className="chat-panel-header">
        <div className="chat-panel-title">
          <Typography.Text strong>{conversation.visitor.name}</Typography.Text>
          <Tag color={ended ? "default" : conversation.state === "active" ? "green" : "blue"}>
            {t(`state.${conversation.state}`)}
          </Tag>
          <Typography.Text type="secondary" className="chat-ellipsis">
            {[conversation.queue.name, conversation.contact, conversation.topic].filter(Boolean).join(" · ")}
          </Typography.Text>
        </div>
        {watcher && !holder && (
          <Typography.Text type="secondary">
            {t("header.watching", { agent: conversation.agent?.name ?? "—" })}
          </Typography.Text>
        )}
        <Space size="small" wrap className="chat-panel-actions">
          {conversation.customer && <CustomerDrawer conversationId={id} customer={conversation.customer} />}
          {conversation.customer && (
            <OpenComplaintButton
              source={{ item: id, reference: conversation.reference ?? conversation.visitor.name }}
              size="small"
              testId={`chat-complaint-${id}`}
            />
          )}
          {mayAct && !ended && (
            <Button size="small" icon={<SwapOutlined />} data-testid={`chat-transfer-${id}`} onClick={() => setTransferring(true)}>
              {t("actions.transfer")}
            </Button>
          )}
          {mayAct && !ticketId && (
            <Button
              size="small"
              icon={<FileAddOutlined />}
              data-testid={`chat-convert-${id}`}
              loading={convert.isPending}
              onClick={() => convert.mutate()}
            >
              {t("actions.convert")}
            </Button>
          )}
          {mayAct && !ended && (
            <Popconfirm
              title={t("actions.endConfirm")}
              okButtonProps={{ "data-testid": "chat-end-confirm" }}
              onConfirm={() => end.mutate()}
            >
              <Button size="small" danger icon={<StopOutlined />} data-testid={`chat-end-${id}`} loading={end.isPending}>
                {t("actions.end")}
              </Button>
            </Popconfirm>
          )}
          {(ended || (watcher && !holder)) && (
            <Button size="small" icon={<CloseOutlined />} data-testid={`chat-close-${id}`} onClick={() => onClose(id)}>
              {t("actions.close")}
            </Button>
          )}
        </Space>
      </header>
      {ticketId && (
        <Alert
          type="success"
          showIcon
          style={{ margin: "8px 12px 0" }}
          title={
            <Link to={`/tickets/${ticketId}`} data-testid={`chat-ticket-link-${id}`}>
              {t("actions.openTicket")}
            </Link>
          }
        />
      )}
      <MessageList
        view={view}
        meId={meId}
        visitorName={conversation.visitor.name}
        onRetry={(clientId) => connection.retry(clientId)}
        onDiscard={(clientId) => connection.discard(clientId)}
      />
      <TypingLine connection={connection} id={id} visitorName={conversation.visitor.name} />
      <ChatComposer
        conversationId={id}
        queueId={conversation.queue?.id ?? null}
        itemId={conversation.id}
        connection={connection}
        ended={ended}
      />
      {transferring && (
        <TransferDialog
          conversation={conversation}
          meId={meId}
          onClose={() => setTransferring(false)}
          onDone={() => {
            setTransferring(false);
            void message.success(t("transfer.done"));
            onTransferred(id);
            void refresh();
          }}
        />
      )}
    </section>
  );
}
