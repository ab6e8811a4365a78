/** The console's one `AgentChatConnection`, started while the page is open, read as a store. */
import { useEffect, useState, useSyncExternalStore } from "react";

import type { Me } from "../api/types";
import { AgentChatConnection, type ConversationView } from "./connection";

export type ConnectionFactory = (self: { id: number; name: string }) => AgentChatConnection;

const defaultFactory: ConnectionFactory = (self) => new AgentChatConnection({ self });

export function useAgentConnection(me: Me, factory: ConnectionFactory = defaultFactory) {
  const [connection] = useState(() => factory({ id: me.id, name: me.name }));
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return connection;
}

export function useConnectionStatus(connection: AgentChatConnection) {
  return useSyncExternalStore(connection.subscribe, () => connection.status);
}

export function useConversationView(connection: AgentChatConnection, id: number): ConversationView {
  return useSyncExternalStore(connection.subscribe, () => connection.view(id));
}

/** Unread: the visitor's messages after what this agent has shown. */
export function unreadCount(view: ConversationView): number {
  return view.messages.filter((m) => m.sender === "visitor" && m.seq > view.agentReadSeq).length;
}

function subscribeVisibility(listener: () => void) {
  document.addEventListener("visibilitychange", listener);
  return () => document.removeEventListener("visibilitychange", listener);
}

/** Whether the browser tab is shown (messages count as read only then). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== "hidden");
}
