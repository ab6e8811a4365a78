/**
 * The agent console for live chat (`/chats`): presence, the waiting queue, several chats at once
 * (tabs or side by side), and for supervisors every live chat of their queues.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Empty, Result, Tabs } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { ChatConversation, Me } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { useLive } from "../shell/LiveContext";
import {
  acceptConversation,
  conversationKey,
  conversationsKey,
  fetchConversations,
  fetchPresence,
  idOf,
  joinConversation,
  presenceKey,
  readMarksOf,
  takeoverConversation,
} from "./api";
import { ChatPanel } from "./ChatPanel";
import { ChatTabs, type TabInfo } from "./ChatTabs";
import { errorText } from "./errors";
import { LiveList } from "./LiveList";
import { useChatAlerts } from "./notify";
import { PresenceBar, type Layout } from "./PresenceBar";
import { useAgentConnection, useConnectionStatus, type ConnectionFactory } from "./useConnection";
import { WaitingList } from "./WaitingList";
import "./chat.css";

const LAYOUT_KEY = "helpdesk.chat.layout";
// This browser tab's open chats (sessionStorage): a reload or a language switch keeps them,
// an ended chat included (it stays until its tab is closed).
const OPENED_KEY = "helpdesk.chat.opened";
const JOINED_KEY = "helpdesk.chat.joined";

function storedLayout(): Layout {
  return window.localStorage.getItem(LAYOUT_KEY) === "columns" ? "columns" : "tabs";
}

function storedIds(key: string): number[] {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(key) ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is number => typeof v === "number") : [];
  } catch {
    return [];
  }
}

const without = (list: number[], id: number) => list.filter((x) => x !== id);
const withId = (list: number[], id: number) => (list.includes(id) ? list : [...list, id]);
const withoutSet = (set: Set<number>, id: number) => {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
};
const withSet = (set: Set<number>, id: number) => (set.has(id) ? set : new Set(set).add(id));

export function ChatConsolePage({ createConnection }: { createConnection?: ConnectionFactory }) {
  const { me, can } = useAuth();
  const { t } = useTranslation("chat");
  if (!me) return null;
  if (!can("chat.handle") && !can("chat.supervise")) {
    return <Result status="403" title="403" subTitle={t("noAccess")} />;
  }
  return <Console me={me} isLead={can("chat.supervise")} createConnection={createConnection} />;
}

function Console({ me, isLead, createConnection }: { me: Me; isLead: boolean; createConnection?: ConnectionFactory }) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const live = useLive();
  const connection = useAgentConnection(me, createConnection);
  const status = useConnectionStatus(connection);
  const { muted, toggleMute, notify } = useChatAlerts((count) => t("notify.title", { count }));

  const [layout, setLayout] = useState<Layout>(storedLayout);
  const [added, setAdded] = useState<number[]>(() => storedIds(OPENED_KEY));
  const [joined, setJoined] = useState<number[]>(() => storedIds(JOINED_KEY));
  const [closed, setClosed] = useState<Set<number>>(() => new Set());
  const [offered, setOffered] = useState<Set<number>>(() => new Set());
  const [selected, setSelected] = useState<number | null>(null);

  const presence = useQuery({ queryKey: presenceKey, queryFn: fetchPresence });
  const waiting = useQuery({
    queryKey: conversationsKey("waiting"),
    queryFn: () => fetchConversations("waiting"),
    refetchInterval: 30_000,
  });
  const active = useQuery({
    queryKey: conversationsKey("active"),
    queryFn: () => fetchConversations("active"),
    refetchInterval: 60_000,
  });

  const refreshLists = useCallback(() => {
    void client.invalidateQueries({ queryKey: ["chat", "conversations"] });
    void client.invalidateQueries({ queryKey: presenceKey });
  }, [client]);

  useEffect(() => {
    window.sessionStorage.setItem(JOINED_KEY, JSON.stringify(joined));
    window.sessionStorage.setItem(OPENED_KEY, JSON.stringify(added));
  }, [joined, added]);

  // --- which chats are open ---------------------------------------------------------------
  const rows = useMemo(() => {
    const map = new Map<number, ChatConversation>();
    for (const c of waiting.data?.results ?? []) map.set(c.id, c);
    for (const c of active.data?.results ?? []) map.set(c.id, c);
    return map;
  }, [waiting.data, active.data]);
  const tabIds = useMemo(() => {
    const mine = (active.data?.results ?? []).filter((c) => c.agent?.id === me.id).map((c) => c.id);
    return [...new Set([...mine, ...added, ...joined])].filter((id) => !closed.has(id));
  }, [active.data, added, joined, closed, me.id]);
  const current = selected !== null && tabIds.includes(selected) ? selected : (tabIds[0] ?? null);

  useEffect(() => {
    connection.setTracked(tabIds);
    for (const id of tabIds) {
      const row = rows.get(id);
      if (row) connection.setReadMarks(id, readMarksOf(row));
    }
  }, [connection, tabIds, rows]);

  const open = useCallback((id: number, select = true) => {
    setAdded((list) => withId(list, id));
    setClosed((set) => withoutSet(set, id));
    if (select) setSelected(id);
  }, []);

  const close = useCallback((id: number) => {
    setClosed((set) => withSet(set, id));
    setAdded((list) => without(list, id));
    setJoined((list) => without(list, id));
  }, []);

  // --- alerts for new chats ----------------------------------------------------------------
  const alerted = useRef<Set<number> | null>(null);
  const alertFor = useCallback(
    (id: number) => {
      alerted.current ??= new Set();
      if (alerted.current.has(id)) return;
      alerted.current.add(id);
      notify();
    },
    [notify],
  );
  useEffect(() => {
    if (!waiting.data) return;
    const ids = waiting.data.results.map((c) => c.id);
    if (alerted.current === null) {
      alerted.current = new Set(ids); // those waiting when the page opened are not news
      return;
    }
    for (const id of ids) alertFor(id);
  }, [waiting.data, alertFor]);

  // --- the chat socket's events and the inbox doorbell --------------------------------------
  const tabsRef = useRef(tabIds);
  const joinedRef = useRef(joined);
  useEffect(() => {
    tabsRef.current = tabIds;
    joinedRef.current = joined;
  });

  useEffect(
    () =>
      connection.on((event) => {
        switch (event.type) {
          case "offered":
            setOffered((set) => withSet(set, event.conversation.id));
            alertFor(event.conversation.id);
            refreshLists();
            break;
          case "updated": {
            const update = event.conversation;
            void client.invalidateQueries({ queryKey: conversationKey(update.id) });
            refreshLists();
            if (idOf(update.agent) !== me.id) setOffered((set) => withoutSet(set, update.id));
            const agent = idOf(update.agent);
            if (agent === me.id && update.state === "active") {
              open(update.id, false);
            } else if (agent === me.id && update.state === "waiting") {
              setOffered((set) => withSet(set, update.id)); // offered to me: accept or answer it
            } else if (
              update.state !== "ended" &&
              tabsRef.current.includes(update.id) &&
              !joinedRef.current.includes(update.id)
            ) {
              const name = client.getQueryData<ChatConversation>(conversationKey(update.id))?.visitor.name ?? "";
              void message.info(t("notify.transferredAway", { visitor: name }));
              close(update.id);
            }
            break;
          }
          case "message":
            // A chat of ours not open here (e.g. routed to us): the lists say what it is.
            if (!event.replay && !tabsRef.current.includes(event.conversation)) refreshLists();
            break;
          case "ready":
            refreshLists(); // catch up on what changed while disconnected
            break;
          case "error":
            if (event.ref) void message.error(t("errors.send", { reason: event.message || event.code }));
            else if (event.code === "history_failed") void message.error(tc("errors.generic"));
            // typing into a chat that just left us: nothing the agent can act on
            else if (event.code !== "not_in_conversation") void message.warning(event.message || event.code);
            break;
          default:
            break;
        }
      }),
    [connection, client, me.id, message, t, tc, alertFor, refreshLists, open, close],
  );

  useEffect(
    () =>
      live.subscribe((event) => {
        const kind = (event.payload as { kind?: string } | undefined)?.kind;
        if (event.type === "connected" || (event.type.startsWith("workitem.") && (kind === "chat" || !kind))) {
          void client.invalidateQueries({ queryKey: conversationsKey("waiting") });
          void client.invalidateQueries({ queryKey: conversationsKey("active") });
        }
      }),
    [live, client],
  );

  // --- commands ----------------------------------------------------------------------------
  const fail = (error: unknown) => void message.error(errorText(error, tc("errors.generic")));
  /** The commands answer with the conversation's detail: keep it (the panel shows it at once). */
  const keep = (answer: unknown, id: number) => {
    if (answer && typeof answer === "object" && "visitor" in answer) {
      client.setQueryData(conversationKey(id), answer as ChatConversation);
    } else {
      void client.invalidateQueries({ queryKey: conversationKey(id) });
    }
  };
  const accept = useMutation({
    mutationFn: acceptConversation,
    onSuccess: (answer, id) => {
      keep(answer, id);
      open(id);
      setOffered((set) => withoutSet(set, id));
      void message.success(t("waiting.accepted"));
      refreshLists();
    },
    onError: (error) => {
      fail(error);
      refreshLists();
    },
  });
  const join = useMutation({
    mutationFn: joinConversation,
    onSuccess: (answer, id) => {
      keep(answer, id);
      setJoined((list) => withId(list, id));
      open(id);
      void message.success(t("live.joined"));
    },
    onError: fail,
  });
  const takeover = useMutation({
    mutationFn: takeoverConversation,
    onSuccess: (answer, id) => {
      keep(answer, id);
      setJoined((list) => without(list, id));
      open(id);
      void message.success(t("live.takenOver"));
      refreshLists();
    },
    onError: fail,
  });

  const full = !!presence.data && presence.data.active_chats >= presence.data.chat_capacity;
  const tabs: TabInfo[] = tabIds.map((id) => ({ id, summary: rows.get(id) }));
  const liveRows = active.data?.results ?? [];
  const waitingRows = waiting.data?.results ?? [];

  const sideItems = [
    {
      key: "queue",
      label: (
        <span data-testid="chat-side-queue">
          {t("side.queue")} <Badge count={waitingRows.length} size="small" showZero={false} />
        </span>
      ),
      children: (
        <WaitingList
          conversations={waitingRows}
          loading={waiting.isPending}
          offered={offered}
          meId={me.id}
          full={full}
          accepting={accept.isPending ? (accept.variables ?? null) : null}
          onAccept={(id) => accept.mutate(id)}
        />
      ),
    },
    ...(isLead
      ? [
          {
            key: "live",
            label: <span data-testid="chat-side-live">{t("side.live")}</span>,
            children: (
              <LiveList
                conversations={liveRows}
                loading={active.isPending}
                meId={me.id}
                open={new Set(tabIds)}
                busy={join.isPending ? (join.variables ?? null) : takeover.isPending ? (takeover.variables ?? null) : null}
                onJoin={(id) => join.mutate(id)}
                onTakeover={(id) => takeover.mutate(id)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="chat-console" data-testid="chat-console">
      <PresenceBar
        connection={status}
        muted={muted}
        onToggleMute={toggleMute}
        layout={layout}
        onLayout={(value) => {
          window.localStorage.setItem(LAYOUT_KEY, value);
          setLayout(value);
        }}
      />
      <div className="chat-console-body">
        <aside className="chat-side">
          <Tabs size="small" items={sideItems} />
        </aside>
        <section className="chat-main">
          {tabs.length === 0 ? (
            <Empty description={t("tabs.none")} style={{ marginTop: 48 }} />
          ) : (
            <>
              <ChatTabs
                tabs={tabs}
                connection={connection}
                selected={current}
                onSelect={(id) => {
                  setSelected(id);
                  if (layout === "columns") {
                    document.getElementById(`chat-tabpanel-${id}`)?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
                  }
                }}
              />
              <div className={`chat-panels chat-panels-${layout}`}>
                {tabs.map((tab) => {
                  const shown = layout === "columns" || tab.id === current;
                  return (
                    <div
                      key={tab.id}
                      role="tabpanel"
                      id={`chat-tabpanel-${tab.id}`}
                      aria-labelledby={`chat-tab-${tab.id}`}
                      hidden={!shown}
                      className={`chat-panel-slot${layout === "columns" && tab.id === current ? " chat-panel-focused" : ""}`}
                    >
                      <ChatPanel
                        id={tab.id}
                        connection={connection}
                        meId={me.id}
                        isLead={isLead}
                        watching={joined.includes(tab.id)}
                        visible={shown}
                        summary={rows.get(tab.id)}
                        onChanged={refreshLists}
                        onTransferred={close}
                        onGone={close}
                        onClose={close}
                      />
                    </div>
                  );
                })}
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
