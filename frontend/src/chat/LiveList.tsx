/** Supervisors: every live chat of their queues, to join (watch and write) or take over. */
import { Button, Empty, Popconfirm, Space, Spin, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ChatConversation } from "../api/types";
import { formatDuration } from "../common/time";
import { useNow } from "./useNow";

interface Props {
  conversations: ChatConversation[];
  loading: boolean;
  meId: number;
  open: Set<number>;
  busy: number | null;
  onJoin: (id: number) => void;
  onTakeover: (id: number) => void;
}

export function LiveList({ conversations, loading, meId, open, busy, onJoin, onTakeover }: Props) {
  const { t } = useTranslation("chat");
  const now = useNow(5000);
  return (
    <div data-testid="chat-live-list" data-count={conversations.length}>
      {loading && <Spin size="small" />}
      {!loading && conversations.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("live.empty")} />
      )}
      <ul className="chat-list">
        {conversations.map((c) => {
          const mine = c.agent?.id === meId;
          const since = Math.max(0, Math.round((now - new Date(c.created_at).getTime()) / 1000));
          return (
            <li key={c.id} data-testid={`chat-live-${c.id}`} className="chat-list-item">
              <div className="chat-list-text">
                <div>
                  <Typography.Text strong>{c.visitor.name}</Typography.Text>{" "}
                  <Typography.Text type="secondary">· {c.queue.name}</Typography.Text>
                </div>
                <Typography.Text type="secondary" className="chat-list-meta">
                  {t("live.agent")}: {c.agent?.name ?? "—"} · {formatDuration(since)}
                </Typography.Text>
                <div style={{ marginTop: 4 }}>
                  {mine ? (
                    <Tag color="green">{t("live.yours")}</Tag>
                  ) : (
                    <Space size="small">
                      <Button
                        size="small"
                        data-testid={`chat-join-${c.id}`}
                        disabled={open.has(c.id)}
                        loading={busy === c.id}
                        onClick={() => onJoin(c.id)}
                        aria-label={`${t("live.join")}: ${c.visitor.name}`}
                      >
                        {t("live.join")}
                      </Button>
                      <Popconfirm
                        title={t("live.takeoverConfirm", { agent: c.agent?.name ?? "—" })}
                        okButtonProps={{ "data-testid": "chat-takeover-confirm" }}
                        onConfirm={() => onTakeover(c.id)}
                      >
                        <Button
                          size="small"
                          danger
                          data-testid={`chat-takeover-${c.id}`}
                          aria-label={`${t("live.takeover")}: ${c.visitor.name}`}
                        >
                          {t("live.takeover")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
