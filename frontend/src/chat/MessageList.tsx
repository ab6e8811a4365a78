/**
 * One conversation's messages in seq order, then our unacknowledged sends. Visitor, agent,
 * system messages and internal notes look different. Bodies are plain text (React escapes them).
 */
import { Button, Spin, Tag, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import type { ChatAttachment } from "../api/types";
import { inZone } from "../common/time";
import type { ConversationView, ShownMessage } from "./connection";

interface Props {
  view: ConversationView;
  meId: number;
  visitorName: string;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

/** Only same-site or http(s) links: an attachment URL never runs script. */
function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  return /^(\/(?!\/)|https?:\/\/)/i.test(url) ? url : null;
}

function Attachment({ attachment }: { attachment: ChatAttachment }) {
  const { t } = useTranslation("chat");
  const href = safeUrl(attachment.url);
  const name = attachment.name || t("message.attachment");
  return (
    <div className="chat-msg-attachment">
      📎{" "}
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {name}
        </a>
      ) : (
        name
      )}
    </div>
  );
}

function kindOf(m: ShownMessage): string {
  if (m.internal) return "internal";
  return m.sender;
}

export function MessageList({ view, meId, visitorName, onRetry, onDiscard }: Props) {
  const { t } = useTranslation("chat");
  const box = useRef<HTMLDivElement>(null);
  const count = view.messages.length + view.outbox.length;

  useEffect(() => {
    const element = box.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [count]);

  const lastOwn = [...view.messages].reverse().find((m) => m.sender === "agent" && !m.internal);
  const author = (m: ShownMessage) => {
    if (m.sender === "visitor") return visitorName || t("sender.visitor");
    if (m.sender === "system") return t("sender.system");
    if (m.author?.id === meId) return t("sender.you");
    return m.author?.name ?? t("sender.agent");
  };

  return (
    <div
      ref={box}
      className="chat-messages"
      data-testid={`chat-messages-${view.id}`}
      role="log"
      aria-live="polite"
      aria-label={t("composer.label")}
      tabIndex={0}
    >
      {view.loading && view.messages.length === 0 && (
        <div className="chat-messages-loading">
          <Spin size="small" /> {t("message.loadingHistory")}
        </div>
      )}
      {!view.loading && count === 0 && (
        <Typography.Text type="secondary">{t("message.empty")}</Typography.Text>
      )}
      {view.messages.map((m) => (
        <div
          key={m.seq}
          className={`chat-msg chat-msg-${kindOf(m)}`}
          data-testid={`chat-message-${view.id}-${m.seq}`}
          data-sender={m.sender}
          data-internal={String(m.internal)}
        >
          {m.sender !== "system" && (
            <div className="chat-msg-meta">
              {m.internal && (
                <Tag color="gold" className="chat-msg-tag">
                  {t("message.internal")}
                </Tag>
              )}
              <span>{author(m)}</span> · <time dateTime={m.created_at}>{inZone(m.created_at).format("HH:mm")}</time>
            </div>
          )}
          {m.body && <div className="chat-msg-body">{m.body}</div>}
          {m.attachment && <Attachment attachment={m.attachment} />}
          {lastOwn?.seq === m.seq && view.visitorReadSeq >= m.seq && (
            <div className="chat-msg-read" data-testid={`chat-read-${view.id}`}>
              {t("message.read")}
            </div>
          )}
        </div>
      ))}
      {view.outbox.map((entry) => (
        <div
          key={entry.clientId}
          className={`chat-msg chat-msg-${entry.internal ? "internal" : "agent"} chat-msg-pending`}
          data-testid={`chat-pending-${view.id}`}
          data-status={entry.status}
          data-internal={String(entry.internal)}
        >
          <div className="chat-msg-meta">
            {entry.internal && <Tag color="gold">{t("message.internal")}</Tag>}
            {t("sender.you")}
          </div>
          <div className="chat-msg-body">{entry.body}</div>
          {entry.status === "pending" ? (
            <div className="chat-msg-status">{t("message.sending")}</div>
          ) : (
            <div className="chat-msg-status chat-msg-failed" role="alert">
              {t("message.failed", { reason: entry.error ?? "" })}{" "}
              <Button size="small" type="link" onClick={() => onRetry(entry.clientId)}>
                {t("message.retry")}
              </Button>
              <Button size="small" type="link" onClick={() => onDiscard(entry.clientId)}>
                {t("message.discard")}
              </Button>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
