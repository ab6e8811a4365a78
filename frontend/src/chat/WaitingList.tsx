/** Chats waiting in my queues, longest wait first, each with Accept. */
import { Button, Empty, Spin, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ChatConversation } from "../api/types";
import { formatDuration } from "../common/time";
import { useNow } from "./useNow";

interface Props {
  conversations: ChatConversation[];
  loading: boolean;
  offered: Set<number>;
  meId: number;
  full: boolean;
  accepting: number | null;
  onAccept: (id: number) => void;
}

const waitingSince = (c: ChatConversation) => c.created_at;

export function WaitingList({ conversations, loading, offered, meId, full, accepting, onAccept }: Props) {
  const { t } = useTranslation("chat");
  const now = useNow(1000);
  // Routed to me: the chat waits with me as its assignee until I accept (or answer) it.
  const isOffered = (c: ChatConversation) => offered.has(c.id) || c.agent?.id === meId;
  const rows = [...conversations].sort((a, b) => {
    const byOffer = Number(isOffered(b)) - Number(isOffered(a));
    return byOffer || waitingSince(a).localeCompare(waitingSince(b));
  });

  return (
    <div data-testid="chat-waiting" data-count={rows.length}>
      {loading && <Spin size="small" />}
      {!loading && rows.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("waiting.empty")} />
      )}
      <ul className="chat-list">
        {rows.map((c) => {
          const waited = Math.max(0, Math.round((now - new Date(waitingSince(c)).getTime()) / 1000));
          const mine = isOffered(c);
          const blocked = full && !mine;
          const accept = (
            <Button
              type="primary"
              size="small"
              data-testid={`chat-accept-${c.id}`}
              disabled={blocked}
              loading={accepting === c.id}
              onClick={() => onAccept(c.id)}
              aria-label={`${t("waiting.accept")}: ${c.visitor.name}`}
            >
              {t("waiting.accept")}
            </Button>
          );
          return (
            <li
              key={c.id}
              data-testid={`chat-waiting-${c.id}`}
              className={`chat-list-item${mine ? " chat-waiting-offered" : ""}`}
            >
              <div className="chat-list-text">
                <div>
                  <Typography.Text strong>{c.visitor.name}</Typography.Text>
                  {mine && (
                    <Tag color="blue" style={{ marginLeft: 6 }}>
                        {t("waiting.offered")}
                    </Tag>
                  )}
                </div>
                {c.topic && <div className="chat-ellipsis">{c.topic}</div>}
                <Typography.Text type="secondary" className="chat-list-meta">
                  {c.queue.name} ·{" "}
                  <span data-testid={`chat-wait-${c.id}`} data-seconds={waited}>
                    {t("waiting.waited", { duration: formatDuration(waited) })}
                  </span>
                  {c.queue_position ? ` · ${t("waiting.position", { position: c.queue_position })}` : ""}
                </Typography.Text>
              </div>
              {blocked ? <Tooltip title={t("waiting.full")}>{accept}</Tooltip> : accept}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
