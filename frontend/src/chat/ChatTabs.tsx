/** The strip of open chats: the visitor's name, an unread count, "ended". */
import { useQuery } from "@tanstack/react-query";
import { Badge } from "antd";
import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { ChatConversation } from "../api/types";
import { conversationKey, fetchConversation } from "./api";
import type { AgentChatConnection } from "./connection";
import { unreadCount, useConversationView } from "./useConnection";

export interface TabInfo {
  id: number;
  /** The row from a list, until the conversation's detail is loaded. */
  summary: ChatConversation | undefined;
}

function Tab({ tab, connection, selected, onSelect, onKeyDown }: {
  tab: TabInfo;
  connection: AgentChatConnection;
  selected: boolean;
  onSelect: (id: number) => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  const { t } = useTranslation("chat");
  const view = useConversationView(connection, tab.id);
  const detail = useQuery({ queryKey: conversationKey(tab.id), queryFn: () => fetchConversation(tab.id) });
  const conversation = detail.data ?? tab.summary;
  const name = conversation?.visitor.name ?? `#${tab.id}`;
  const ended = conversation?.state === "ended";
  const unread = unreadCount(view);
  return (
    <button
      type="button"
      role="tab"
      id={`chat-tab-${tab.id}`}
      aria-selected={selected}
      aria-controls={`chat-tabpanel-${tab.id}`}
      tabIndex={selected ? 0 : -1}
      className={`chat-tab${selected ? " chat-tab-selected" : ""}${ended ? " chat-tab-ended" : ""}`}
      data-testid={`chat-tab-${tab.id}`}
      data-unread={unread}
      data-state={conversation?.state ?? ""}
      onClick={() => onSelect(tab.id)}
      onKeyDown={onKeyDown}
    >
      <span className="chat-tab-name">{name}</span>
      {ended && <span className="chat-tab-state">{t("tabs.ended")}</span>}
      {unread > 0 && (
        <Badge count={unread} size="small" aria-label={t("tabs.unread", { count: unread })} />
      )}
    </button>
  );
}

export function ChatTabs({ tabs, connection, selected, onSelect }: {
  tabs: TabInfo[];
  connection: AgentChatConnection;
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation("chat");
  const move = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = tabs[(index + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length];
    if (next) {
      onSelect(next.id);
      document.getElementById(`chat-tab-${next.id}`)?.focus();
    }
  };
  return (
    <div role="tablist" aria-label={t("tabs.label")} className="chat-tabs" data-testid="chat-tabs">
      {tabs.map((tab) => (
        <Tab key={tab.id} tab={tab} connection={connection} selected={tab.id === selected} onSelect={onSelect} onKeyDown={move} />
      ))}
    </div>
  );
}
