import { afterEach, describe, expect, it, vi } from "vitest";

import { WidgetConnection, type WidgetConnectionOptions } from "./connection";
import { message, socketFactory } from "./testing";
import type { HistoryPage } from "./types";

afterEach(() => vi.useRealTimers());

function setup(history: HistoryPage[] = [{ results: [], last_seq: 0 }], options: Partial<WidgetConnectionOptions> = {}) {
  const factory = socketFactory();
  const pages = [...history];
  const historyCalls: number[] = [];
  let ids = 0;
  const connection = new WidgetConnection({
    conversation: 5,
    url: "ws://help.test/ws/chat/visitor/?token=tok",
    history: async (_id, after) => {
      historyCalls.push(after);
      return pages.shift() ?? { results: [], last_seq: after };
    },
    connect: factory.connect,
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1,
    newId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
    ...options,
  });
  return { connection, ...factory, historyCalls };
}

describe("WidgetConnection", () => {
  it("loads the history over HTTP, then says hello with the last seq it has", async () => {
    const { connection, sockets, historyCalls } = setup([{ results: [message(1), message(2)], last_seq: 2 }]);
    await connection.start();

    expect(historyCalls).toEqual([0]);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe("ws://help.test/ws/chat/visitor/?token=tok");
    sockets[0]!.open();
    expect(sockets[0]!.sent[0]).toEqual({ type: "hello", last_seq: 2 });
    expect(connection.status).toBe("connecting");
    sockets[0]!.receive({ type: "ready", last_seq: 2 });
    expect(connection.status).toBe("open");
    connection.stop();
  });

  it("drops messages whose seq it already has and sorts late arrivals", async () => {
    const { connection, last } = setup([{ results: [message(1)], last_seq: 1 }]);
    await connection.start();
    last().open();
    last().receive({ type: "message.new", conversation: 5, message: message(3) });
    last().receive({ type: "message.new", conversation: 5, message: message(2) });
    last().receive({ type: "message.new", conversation: 5, message: message(3, { body: "again" }) });
    last().receive({ type: "message.new", conversation: 5, message: message(1) });
    last().receive({ type: "ready", last_seq: 3 });

    expect(connection.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(connection.messages[2]!.body).toBe("message 3");
    expect(connection.lastSeq).toBe(3);
    connection.stop();
  });

  it("ignores internal notes should one ever arrive", async () => {
    const { connection, last } = setup();
    await connection.start();
    last().open();
    last().receive({ type: "message.new", message: message(1, { internal: true }) });
    expect(connection.messages).toEqual([]);
    connection.stop();
  });

  it("keeps unacknowledged messages and resends them with the same client_id after reconnecting", async () => {
    vi.useFakeTimers();
    const { connection, sockets } = setup();
    await connection.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: "ready", last_seq: 0 });

    const item = connection.send("  hello  ")!;
    expect(item.body).toBe("hello");
    expect(sockets[0]!.framesOf("message.send")).toEqual([
      { type: "message.send", client_id: item.client_id, body: "hello" },
    ]);
    expect(connection.pending).toHaveLength(1);

    // The ack is lost with the connection; a second message is written while offline.
    sockets[0]!.drop();
    expect(connection.status).toBe("reconnecting");
    const offline = connection.send("are you there?")!;
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ type: "hello", last_seq: 0 }]); // nothing before ready
    sockets[1]!.receive({ type: "ready", last_seq: 0 });
    expect(sockets[1]!.framesOf("message.send")).toEqual([
      { type: "message.send", client_id: item.client_id, body: "hello" },
      { type: "message.send", client_id: offline.client_id, body: "are you there?" },
    ]);

    // The first was stored before the drop: duplicate. The second is new.
    sockets[1]!.receive({ type: "message.ack", client_id: item.client_id, conversation: 5, seq: 1, id: 11, duplicate: true });
    sockets[1]!.receive({ type: "message.ack", client_id: offline.client_id, conversation: 5, seq: 2, id: 12, duplicate: false });
    expect(connection.pending).toEqual([]);
    expect(connection.messages.map((m) => [m.seq, m.sender, m.body])).toEqual([
      [1, "visitor", "hello"],
      [2, "visitor", "are you there?"],
    ]);
    // The echo of an acknowledged message is a duplicate by seq.
    sockets[1]!.receive({ type: "message.new", message: message(2, { sender: "visitor", client_id: offline.client_id, body: "are you there?" }) });
    expect(connection.messages).toHaveLength(2);

    // Acknowledged messages are not sent again after the next reconnect.
    sockets[1]!.drop();
    vi.advanceTimersByTime(100);
    sockets[2]!.open();
    expect(sockets[2]!.sent[0]).toEqual({ type: "hello", last_seq: 2 });
    sockets[2]!.receive({ type: "ready", last_seq: 2 });
    expect(sockets[2]!.framesOf("message.send")).toEqual([]);
    connection.stop();
  });

  it("a message echoed by the server clears the outbox even without an ack", async () => {
    const { connection, last } = setup();
    await connection.start();
    last().open();
    last().receive({ type: "ready", last_seq: 0 });
    const item = connection.send("hi")!;
    last().receive({ type: "message.new", message: message(1, { sender: "visitor", client_id: item.client_id, body: "hi" }) });
    expect(connection.pending).toEqual([]);
    expect(connection.messages).toHaveLength(1);
    connection.stop();
  });

  it("starts with an outbox restored from storage", async () => {
    const { connection, last } = setup(undefined, {
      outbox: [{ client_id: "11111111-1111-4111-8111-111111111111", body: "before reload", created_at: "2026-03-01T08:00:00Z" }],
    });
    await connection.start();
    last().open();
    last().receive({ type: "ready", last_seq: 0 });
    expect(last().framesOf("message.send")).toEqual([
      { type: "message.send", client_id: "11111111-1111-4111-8111-111111111111", body: "before reload" },
    ]);
    connection.stop();
  });

  it("marks a message refused for good and does not resend it", async () => {
    vi.useFakeTimers();
    const { connection, sockets } = setup();
    await connection.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: "ready", last_seq: 0 });
    const item = connection.send("x")!;
    const errors: string[] = [];
    connection.subscribe((e) => e.type === "error" && errors.push(e.code));
    sockets[0]!.receive({ type: "error", code: "conversation_ended", message: "The chat has ended.", ref: item.client_id });
    expect(connection.pending[0]!.failed).toBe("The chat has ended.");
    expect(errors).toEqual(["conversation_ended"]);
    sockets[0]!.drop();
    vi.advanceTimersByTime(100);
    sockets[1]!.open();
    sockets[1]!.receive({ type: "ready", last_seq: 0 });
    expect(sockets[1]!.framesOf("message.send")).toEqual([]);
    connection.stop();
  });

  it("reloads the history over HTTP on resync", async () => {
    const { connection, last, historyCalls } = setup([
      { results: [message(1)], last_seq: 1 },
      { results: [message(700), message(701)], last_seq: 701 },
    ]);
    await connection.start();
    last().open();
    last().receive({ type: "resync", conversation: 5, reason: "gap too old" });
    await vi.waitFor(() => expect(connection.lastSeq).toBe(701));
    expect(historyCalls).toEqual([0, 1]);
    expect(connection.messages.map((m) => m.seq)).toEqual([1, 700, 701]);
    connection.stop();
  });

  it("pages through a long history", async () => {
    const first = Array.from({ length: 500 }, (_, i) => message(i + 1));
    const { connection, historyCalls } = setup([
      { results: first, last_seq: 600 },
      { results: [message(600)], last_seq: 600 },
    ]);
    await connection.start();
    expect(historyCalls).toEqual([0, 500]);
    expect(connection.lastSeq).toBe(600);
    connection.stop();
  });

  it("reconnects with exponential backoff and jitter, reset once ready", async () => {
    vi.useFakeTimers();
    const { connection, sockets } = setup(undefined, { random: () => 0.5 });
    await connection.start();
    // ceiling 100, 200, 400, 800, 1000 (max); delay = ceiling/2 + random*ceiling/2
    const expected = [75, 150, 300, 600, 750, 750];
    for (const [i, delay] of expected.entries()) {
      sockets[i]!.drop();
      vi.advanceTimersByTime(delay - 1);
      expect(sockets).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(sockets).toHaveLength(i + 2);
    }
    const current = sockets[sockets.length - 1]!;
    current.open();
    current.receive({ type: "ready", last_seq: 0 });
    current.drop();
    vi.advanceTimersByTime(75);
    expect(sockets).toHaveLength(expected.length + 2);
    connection.stop();
  });

  it("gives up when the server refuses the token", async () => {
    vi.useFakeTimers();
    const { connection, sockets } = setup();
    const events: string[] = [];
    connection.subscribe((e) => events.push(e.type === "rejected" ? `rejected ${e.code}` : e.type));
    await connection.start();
    sockets[0]!.drop(4401);
    vi.advanceTimersByTime(60000);
    expect(sockets).toHaveLength(1);
    expect(connection.status).toBe("closed");
    expect(events).toContain("rejected 4401");
  });

  it("sends typing at most every few seconds, and stops after a pause", async () => {
    vi.useFakeTimers();
    let now = 0;
    const { connection, last } = setup(undefined, { now: () => now });
    await connection.start();
    last().open();
    last().receive({ type: "ready", last_seq: 0 });
    connection.typing(true);
    now = 1000;
    connection.typing(true);
    now = 2000;
    connection.typing(true);
    expect(last().framesOf("typing")).toEqual([{ type: "typing", is_typing: true }]);
    now = 3500;
    connection.typing(true);
    expect(last().framesOf("typing")).toHaveLength(2);
    vi.advanceTimersByTime(4000);
    expect(last().framesOf("typing").at(-1)).toEqual({ type: "typing", is_typing: false });
    connection.stop();
  });

  it("sends read for the highest seq shown, once per value, after ready", async () => {
    const { connection, last } = setup([{ results: [message(1), message(2)], last_seq: 2 }]);
    await connection.start();
    last().open();
    connection.markRead(2);
    expect(last().framesOf("read")).toEqual([]);
    last().receive({ type: "ready", last_seq: 2 });
    connection.markRead(2);
    connection.markRead(1);
    expect(last().framesOf("read")).toEqual([{ type: "read", seq: 2 }]);
    connection.markRead(3);
    expect(last().framesOf("read")).toEqual([{ type: "read", seq: 2 }, { type: "read", seq: 3 }]);
    connection.stop();
  });

  it("reports the agent's typing, read marks and conversation changes", async () => {
    vi.useFakeTimers();
    const { connection, last } = setup();
    const events: unknown[] = [];
    connection.subscribe((e) => events.push(e));
    await connection.start();
    last().open();
    last().receive({ type: "typing", conversation: 5, sender: "agent", name: "Alice", is_typing: true });
    expect(connection.agentTyping).toBe("Alice");
    last().receive({ type: "typing", conversation: 5, sender: "visitor", name: "Me", is_typing: true });
    expect(connection.agentTyping).toBe("Alice");
    vi.advanceTimersByTime(8000); // a lost "stopped typing"
    expect(connection.agentTyping).toBeNull();
    last().receive({ type: "read", conversation: 5, reader: "agent", seq: 4 });
    last().receive({ type: "read", conversation: 5, reader: "visitor", seq: 9 });
    expect(connection.agentReadSeq).toBe(4);
    last().receive({ type: "conversation.updated", conversation: { id: 5, state: "active", agent: { id: 7, name: "Alice" }, queue_position: null } });
    expect(events).toContainEqual({ type: "conversation", conversation: { id: 5, state: "active", agent: { id: 7, name: "Alice" }, queue_position: null } });
    connection.stop();
  });
});
