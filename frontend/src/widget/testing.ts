/** Tests only: a fake websocket and a fake visitor API behind `fetch`. */
import { vi } from "vitest";

import type { SocketLike } from "../api/ws";
import type { ChatMessage } from "./types";

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: Array<Record<string, unknown>> = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closedWith = code;
  }
  /** The server accepts the connection. */
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  /** A frame from the server. */
  receive(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  /** The connection drops (or the server closes it with `code`). */
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  framesOf(type: string) {
    return this.sent.filter((frame) => frame.type === type);
  }
}

export function socketFactory() {
  const sockets: FakeSocket[] = [];
  const connect = (url: string) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  };
  return { sockets, connect, last: () => sockets[sockets.length - 1]! };
}

export function message(seq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 100 + seq,
    seq,
    client_id: null,
    sender: "agent",
    author: { id: 7, name: "Alice" },
    body: `message ${seq}`,
    attachment: null,
    created_at: "2026-03-01T08:00:00Z",
    ...extra,
  };
}

export interface Call {
  method: string;
  path: string;
  search: string;
  json: unknown;
  form: FormData | null;
  headers: Record<string, string>;
}
type Answer = [number, unknown];
export type FakeRoutes = Record<string, Answer | ((call: Call) => Answer)>;

/** `routes` maps "METHOD /path/" (after /api/v1/chat) to an answer; anything else is a 404. */
export function mockChatApi(routes: FakeRoutes) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const call: Call = {
      method: init.method ?? "GET",
      path: url.pathname.replace(/^\/api\/v1\/chat/, ""),
      search: url.search,
      json: typeof init.body === "string" ? JSON.parse(init.body) : null,
      form: init.body instanceof FormData ? init.body : null,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    const [status, body] = route
      ? typeof route === "function"
        ? route(call)
        : route
      : [404, { code: "not_found", message: "Not found.", fields: {} }];
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}
