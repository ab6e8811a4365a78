import { afterEach, describe, expect, it, vi } from "vitest";

import type { ChatHistory, ChatMessage } from "../api/types";
import type { SocketLike } from "../api/ws";
import { AgentChatConnection, HEARTBEAT_MS, SILENCE_MS, TYPING_IDLE_MS, uuid4 } from "./connection";

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  frame(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  ofType(type: string) {
    return this.sent.filter((f) => f.type === type);
  }
}

function msg(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 100 + seq,
    seq,
    client_id: null,
    sender: "visitor",
    internal: false,
    author: null,
    body: `message ${seq}`,
    attachment: null,
    created_at: "2026-11-18T11:00:00Z",
    ...overrides,
  };
}

const noHistory = () => Promise.resolve<ChatHistory>({ results: [], last_seq: 0 });

function setup(loadHistory: (id: number, after: number) => Promise<ChatHistory> = noHistory) {
  const sockets: FakeSocket[] = [];
  let ids = 0;
  const connection = new AgentChatConnection({
    url: "ws://test/ws/chat/agent/",
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    loadHistory,
    minDelayMs: 100,
    random: () => 1,
    newId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
    self: { id: 3, name: "Zhang Wei" },
  });
  const socket = () => sockets[sockets.length - 1]!;
  return { connection, sockets, socket };
}

const seqs = (connection: AgentChatConnection, id: number) => connection.view(id).messages.map((m) => m.seq);

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("AgentChatConnection", () => {
  it("says hello first with the last seq of every open conversation", async () => {
    const history: Record<number, ChatMessage[]> = { 5: [msg(1), msg(2), msg(3)], 9: [] };
    const { connection, socket } = setup((id) => Promise.resolve({ results: history[id]!, last_seq: 3 }));
    connection.track(5);
    connection.track(9);
    await vi.waitFor(() => expect(seqs(connection, 5)).toEqual([1, 2, 3]));

    connection.start();
    socket().open();

    expect(socket().sent[0]).toEqual({ type: "hello", resume: { "5": 3, "9": 0 } });
    connection.stop();
  });

  it("keeps messages ordered by seq and drops any seq it already has (replay, history, doorbell)", async () => {
    const { connection, socket } = setup(() => Promise.resolve({ results: [msg(1), msg(2)], last_seq: 2 }));
    const heard: number[] = [];
    connection.on((e) => e.type === "message" && heard.push(e.message.seq));
    connection.track(5);
    await vi.waitFor(() => expect(seqs(connection, 5)).toEqual([1, 2]));
    connection.start();
    socket().open();

    // the replay after hello repeats what history already gave, then goes on
    socket().frame({ type: "message.new", conversation: 5, message: msg(2) });
    socket().frame({ type: "message.new", conversation: 5, message: msg(4) });
    socket().frame({ type: "message.new", conversation: 5, message: msg(3) });
    socket().frame({ type: "ready", conversations: { "5": 4 } });
    socket().frame({ type: "message.new", conversation: 5, message: msg(4, { body: "again" }) });

    expect(seqs(connection, 5)).toEqual([1, 2, 3, 4]);
    expect(connection.view(5).messages[3]!.body).toBe("message 4");
    expect(heard).toEqual([1, 2, 4, 3]);
    connection.stop();
  });

  it("keeps an unacknowledged send and resends it with the same client_id after reconnecting", () => {
    vi.useFakeTimers();
    const { connection, sockets, socket } = setup();
    connection.track(5);
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: { "5": 0 } });

    const clientId = connection.send(5, "  Hello, how can I help?  ");
    const first = socket().ofType("message.send");
    expect(first).toEqual([
      { type: "message.send", conversation: 5, client_id: clientId, body: "Hello, how can I help?", internal: false },
    ]);

    socket().drop(); // the ack never came
    expect(connection.status).toBe("offline");
    expect(connection.view(5).outbox).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    socket().open();
    expect(socket().sent).toEqual([{ type: "hello", resume: { "5": 0 } }]); // not before ready
    socket().frame({ type: "ready", conversations: { "5": 0 } });

    expect(socket().ofType("message.send")).toEqual(first);
    connection.stop();
  });

  it("a message sent while disconnected goes out after the next ready", () => {
    vi.useFakeTimers();
    const { connection, socket } = setup();
    connection.start();
    const clientId = connection.send(5, "note", true);
    socket().open();
    expect(socket().ofType("message.send")).toEqual([]);
    socket().frame({ type: "ready", conversations: {} });
    expect(socket().ofType("message.send")).toEqual([
      { type: "message.send", conversation: 5, client_id: clientId, body: "note", internal: true },
    ]);
    connection.stop();
  });

  it("an ack clears the outbox (a duplicate ack too) and shows the message at its seq", () => {
    const { connection, socket } = setup();
    connection.track(5);
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: { "5": 0 } });
    socket().frame({ type: "message.new", conversation: 5, message: msg(1) });
    const a = connection.send(5, "first")!;
    const b = connection.send(5, "second")!;
    expect(connection.view(5).outbox.map((e) => e.clientId)).toEqual([a, b]);

    socket().frame({ type: "message.ack", client_id: a, conversation: 5, seq: 2, id: 202, duplicate: false });
    socket().frame({ type: "message.ack", client_id: b, conversation: 5, seq: 3, id: 203, duplicate: true });

    const view = connection.view(5);
    expect(view.outbox).toEqual([]);
    expect(view.messages.map((m) => [m.seq, m.sender, m.body])).toEqual([
      [1, "visitor", "message 1"],
      [2, "agent", "first"],
      [3, "agent", "second"],
    ]);
    expect(view.messages[1]!.author).toEqual({ id: 3, name: "Zhang Wei" });
    // the broadcast of our own message replaces the copy made from the ack
    socket().frame({
      type: "message.new",
      conversation: 5,
      message: msg(2, { sender: "agent", client_id: a, body: "first", created_at: "2026-11-18T12:00:00Z" }),
    });
    expect(connection.view(5).messages[1]!.created_at).toBe("2026-11-18T12:00:00Z");
    expect(seqs(connection, 5)).toEqual([1, 2, 3]);
    connection.stop();
  });

  it("a refused send is marked failed with the server's message; rate limiting only delays it", () => {
    vi.useFakeTimers();
    const { connection, socket } = setup();
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: {} });
    const a = connection.send(5, "too late")!;
    const b = connection.send(5, "slow down")!;
    socket().frame({ type: "error", code: "conversation_ended", message: "The chat has ended.", ref: a });
    socket().frame({ type: "error", code: "rate_limited", message: "Too fast.", ref: b });

    const outbox = connection.view(5).outbox;
    expect(outbox.map((e) => [e.clientId, e.status, e.error])).toEqual([
      [a, "failed", "The chat has ended."],
      [b, "pending", undefined],
    ]);
    socket().sent = [];
    vi.advanceTimersByTime(3_000);
    expect(socket().ofType("message.send").map((f) => f.client_id)).toEqual([b]);
    connection.stop();
  });

  it("reloads the history over HTTP on resync", async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ results: [msg(1), msg(2), msg(3)], last_seq: 3 }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const sockets: FakeSocket[] = [];
    const connection = new AgentChatConnection({
      url: "ws://test/",
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
    });
    connection.start();
    sockets[0]!.open();
    sockets[0]!.frame({ type: "resync", conversation: 5, reason: "gap_too_large" });

    await vi.waitFor(() => expect(seqs(connection, 5)).toEqual([1, 2, 3]));
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/v1/chat/conversations/5/messages/?after=0");
    connection.stop();
  });

  it("pages through a long history 500 at a time", async () => {
    const load = vi.fn((_id: number, after: number) => {
      const count = after === 0 ? 500 : 20;
      return Promise.resolve({
        results: Array.from({ length: count }, (_, i) => msg(after + i + 1)),
        last_seq: 520,
      });
    });
    const { connection } = setup(load);
    connection.track(5);
    await vi.waitFor(() => expect(connection.view(5).lastSeq).toBe(520));
    expect(load.mock.calls).toEqual([
      [5, 0],
      [5, 500],
    ]);
  });

  it("fills a gap left by a lost doorbell from HTTP", async () => {
    const load = vi.fn((_id: number, after: number) =>
      Promise.resolve({ results: after === 1 ? [msg(2), msg(3)] : [msg(1)], last_seq: 3 }),
    );
    const { connection, socket } = setup(load);
    connection.track(5);
    await vi.waitFor(() => expect(seqs(connection, 5)).toEqual([1]));
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: { "5": 1 } });
    socket().frame({ type: "message.new", conversation: 5, message: msg(3) });

    await vi.waitFor(() => expect(seqs(connection, 5)).toEqual([1, 2, 3]));
    expect(load).toHaveBeenLastCalledWith(5, 1);
    connection.stop();
  });

  it("sends a heartbeat every 15 s, and reconnects when nothing answers", () => {
    vi.useFakeTimers();
    const { connection, sockets, socket } = setup();
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: {} });

    expect(socket().ofType("heartbeat")).toHaveLength(1); // at once after ready
    vi.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect(socket().ofType("heartbeat")).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket().ofType("heartbeat")).toHaveLength(2);
    socket().frame({ type: "heartbeat.ack" });
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(socket().ofType("heartbeat")).toHaveLength(3);

    // silence: no frame for longer than SILENCE_MS drops the socket and dials again
    vi.advanceTimersByTime(SILENCE_MS);
    expect(sockets[0]!.closedWith).toBe(4000);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    connection.stop();
  });

  it("stops reconnecting when the server says the user is not signed in", () => {
    vi.useFakeTimers();
    const { connection, sockets, socket } = setup();
    connection.start();
    socket().drop(4401);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(connection.status).toBe("unauthenticated");
  });

  it("does not reconnect when the server refuses the origin or the user (4403)", () => {
    vi.useFakeTimers();
    const { connection, sockets, socket } = setup();
    connection.start();
    socket().drop(4403);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(connection.status).toBe("forbidden");
  });

  it("throttles typing and says when it stopped", () => {
    vi.useFakeTimers();
    const { connection, socket } = setup();
    connection.start();
    socket().open();
    socket().frame({ type: "ready", conversations: {} });

    connection.typing(5);
    connection.typing(5);
    connection.typing(5);
    expect(socket().ofType("typing")).toEqual([{ type: "typing", conversation: 5, is_typing: true }]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(socket().ofType("typing")).toEqual([
      { type: "typing", conversation: 5, is_typing: true },
      { type: "typing", conversation: 5, is_typing: false },
    ]);
    connection.stop();
  });

  it("shows the visitor typing until they stop or a message comes", () => {
    vi.useFakeTimers();
    const { connection, socket } = setup();
    connection.start();
    socket().open();
    socket().frame({ type: "typing", conversation: 5, sender: "visitor", name: "Li Na", is_typing: true });
    expect(connection.view(5).typing).toEqual({ sender: "visitor", name: "Li Na" });
    socket().frame({ type: "message.new", conversation: 5, message: msg(1) });
    expect(connection.view(5).typing).toBeNull();
    socket().frame({ type: "typing", conversation: 5, sender: "visitor", name: "Li Na", is_typing: true });
    vi.advanceTimersByTime(6_000);
    expect(connection.view(5).typing).toBeNull();
    connection.stop();
  });

  it("sends read marks once per new high mark and records the visitor's", () => {
    const { connection, socket } = setup();
    connection.track(5);
    connection.start();
    socket().open();
    connection.markRead(5, 2); // not ready yet: sent after ready
    expect(socket().ofType("read")).toEqual([]);
    socket().frame({ type: "ready", conversations: {} });
    connection.markRead(5, 2);
    connection.markRead(5, 1);
    connection.markRead(5, 4);
    expect(socket().ofType("read")).toEqual([
      { type: "read", conversation: 5, seq: 2 },
      { type: "read", conversation: 5, seq: 4 },
    ]);
    socket().frame({ type: "read", conversation: 5, reader: "visitor", seq: 3 });
    expect(connection.view(5).visitorReadSeq).toBe(3);
    expect(connection.view(5).agentReadSeq).toBe(4);
    connection.stop();
  });

  it("passes offers and updates on", () => {
    const { connection, socket } = setup();
    const events: string[] = [];
    connection.on((e) => events.push(e.type));
    connection.start();
    socket().open();
    socket().frame({ type: "conversation.offered", conversation: { id: 8, state: "waiting" } });
    socket().frame({
      type: "conversation.updated",
      conversation: { id: 8, state: "active", queue: 1, agent: { id: 3, name: "Zhang Wei" } },
    });
    socket().frame({ type: "pong" });
    socket().onmessage?.({ data: "not json" } as MessageEvent);
    expect(events).toEqual(["status", "status", "offered", "updated"]);
    connection.stop();
  });

  it("makes v4 UUIDs without randomUUID (plain-http origins)", () => {
    vi.stubGlobal("crypto", { getRandomValues: (a: Uint8Array) => a.fill(0xab) });
    expect(uuid4()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
