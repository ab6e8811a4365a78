/** The ticket's conversation: customer messages, public replies and internal notes. */
import { PaperClipOutlined } from "@ant-design/icons";
import { Empty, Tag, Typography } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

import type { TicketAttachment, TicketMessage, TicketMessageKind } from "../api/types";
import { formatDateTime } from "../common/time";

const BUBBLE: Record<TicketMessageKind, CSSProperties> = {
  customer: { background: "#f5f5f5", border: "1px solid #d9d9d9", marginRight: "12%" },
  public: { background: "#e6f4ff", border: "1px solid #91caff", marginLeft: "12%" },
  internal: { background: "#fffbe6", border: "1px dashed #faad14", marginLeft: "12%" },
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentLinks({ files }: { files: TicketAttachment[] }) {
  if (!files.length) return null;
  return (
    <ul className="ticket-attachments" style={{ listStyle: "none", padding: 0, margin: "8px 0 0" }}>
      {files.map((file) => (
        <li key={file.id}>
          <a href={`/api/v1/attachments/${file.id}/`} download={file.filename}>
            <PaperClipOutlined /> {file.filename}
          </a>{" "}
          <Typography.Text type="secondary">({formatSize(file.size)})</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function MessageItem({ message, customerName }: { message: TicketMessage; customerName: string }) {
  const { t } = useTranslation("tickets");
  const author =
    message.kind === "customer" ? customerName || t("thread.customer") : message.author?.name;
  return (
    <article
      data-testid={`message-${message.id}`}
      data-kind={message.kind}
      aria-label={`${message.kind_display} · ${author ?? t("thread.system")}`}
      style={{ ...BUBBLE[message.kind], borderRadius: 8, padding: "8px 12px", marginBottom: 12 }}
    >
      <header style={{ display: "flex", gap: 8, alignItems: "baseline", flexWrap: "wrap" }}>
        {message.kind === "internal" ? (
          <Tag color="gold" data-testid="internal-note-label">
            {t("thread.internalNote")}
          </Tag>
        ) : (
          <Tag color={message.kind === "customer" ? "default" : "blue"}>{message.kind_display}</Tag>
        )}
        <Typography.Text strong>{author ?? t("thread.system")}</Typography.Text>
        <Typography.Text type="secondary">
          <time dateTime={message.created_at}>{formatDateTime(message.created_at)}</time>
        </Typography.Text>
      </header>
      {message.body && (
        <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", marginTop: 6 }}>
          {message.body}
        </div>
      )}
      <AttachmentLinks files={message.attachments} />
    </article>
  );
}

export function Thread({
  messages,
  customerName,
}: {
  messages: TicketMessage[];
  customerName: string;
}) {
  const { t } = useTranslation("tickets");
  return (
    <section data-testid="thread" aria-label={t("thread.title")}>
      {messages.length === 0 ? (
        <Empty description={t("thread.empty")} />
      ) : (
        messages.map((m) => <MessageItem key={m.id} message={m} customerName={customerName} />)
      )}
    </section>
  );
}
