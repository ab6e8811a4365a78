import { afterEach, describe, expect, it, vi } from "vitest";

import { backoffDelay, CLOSE_UNAUTHENTICATED, InboxSocket, type SocketLike } from "./ws";

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.onclose?.({ code: 1000 } as CloseEvent);
  }
  open() {
    this.onopen?.(new Event("open"));
  }
  message(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  drop(code = 1006) {
    this.onclose?.({ code } as CloseEvent);
  }
}

afterEach(() => vi.useRealTimers());

describe("InboxSocket", () => {
  it("forwards events and reconnects with backoff after a drop", () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const socket = new InboxSocket({
      url: "ws://test/ws/inbox/",
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      minDelayMs: 100,
      random: () => 1,
    });
    const events: string[] = [];
    socket.subscribe((e) => events.push(e.type));

    socket.start();
    sockets[0]!.open();
    sockets[0]!.message({ type: "workitem.created", payload: { id: 1 } });
    sockets[0]!.drop();
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);

    expect(sockets).toHaveLength(2);
    expect(events).toEqual(["connected", "workitem.created", "disconnected"]);
    socket.stop();
  });

  it("does not reconnect when the server says the user is not signed in", () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const socket = new InboxSocket({
      url: "ws://test/",
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
    });
    socket.start();
    sockets[0]!.drop(CLOSE_UNAUTHENTICATED);
    vi.advanceTimersByTime(60_000);

    expect(sockets).toHaveLength(1);
  });

  it("ignores frames that are not JSON", () => {
    const s = new FakeSocket();
    const socket = new InboxSocket({ url: "ws://t/", connect: () => s });
    const events: string[] = [];
    socket.subscribe((e) => events.push(e.type));
    socket.start();
    s.onmessage?.({ data: "not json" } as MessageEvent);
    expect(events).toEqual([]);
    socket.stop();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially up to the ceiling, with jitter in the upper half", () => {
    expect(backoffDelay(0, 500, 15000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 15000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 15000, () => 1)).toBe(4000);
    expect(backoffDelay(10, 500, 15000, () => 1)).toBe(15000);
  });
});
