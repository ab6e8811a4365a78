/** Tests only: a fake API behind `fetch`, a fake chat socket, sample data, the page's providers. */
import "../i18n";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { vi } from "vitest";

import type { ChatConversation, ChatMessage, Me } from "../api/types";
import type { InboxEvent, SocketLike } from "../api/ws";
import { AuthProvider } from "../auth/AuthContext";
import i18n from "../i18n";
import { AgentChatConnection } from "./connection";
import type { ConnectionFactory } from "./useConnection";

export interface Call {
  method: string;
  path: string;
  search: string;
  json: unknown;
}
type Answer = [number, unknown];
export type FakeRoutes = Record<string, Answer | ((call: Call) => Answer)>;

/** `routes` maps "METHOD /path/" (without /api/v1) to an answer; anything else is a 404. */
export function mockApi(routes: FakeRoutes) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const call: Call = {
      method: init.method ?? "GET",
      path: url.pathname.replace(/^\/api\/v1/, ""),
      search: url.search,
      json: typeof init.body === "string" ? JSON.parse(init.body) : null,
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
  return { calls, called: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

/** A socket the test drives by hand. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  frame(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  ofType(type: string) {
    return this.sent.filter((f) => f.type === type);
  }
}

/** A connection factory whose sockets open and say `ready` at once; `socket()` is the latest. */
export function fakeConnection() {
  const sockets: FakeSocket[] = [];
  const factory: ConnectionFactory = (self) =>
    new AgentChatConnection({
      self,
      url: "ws://test/ws/chat/agent/",
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        queueMicrotask(() => {
          s.open();
          s.frame({ type: "ready", conversations: {} });
        });
        return s;
      },
    });
  return { factory, sockets, socket: () => sockets[sockets.length - 1]! };
}

type Listener = (event: InboxEvent) => void;
const liveListeners = new Set<Listener>();
/** A stand-in for `useLive()`. */
export const live = {
  connected: true,
  subscribe(listener: Listener) {
    liveListeners.add(listener);
    return () => {
      liveListeners.delete(listener);
    };
  },
  emit(event: InboxEvent) {
    for (const listener of liveListeners) listener(event);
  },
};

export const AGENT: Me = {
  id: 3,
  username: "agent1",
  name: "Zhang Wei",
  email: "agent1@example.test",
  language: "en",
  time_zone: "Asia/Shanghai",
  extension: "",
  roles: ["agent"],
  queues: [{ queue: 1, queue_name: "Support", role: "agent" }],
  permissions: ["inbox.read", "chat.read", "chat.handle", "canned.read", "customer.read", "queue.read"],
};

export const SUPERVISOR: Me = {
  ...AGENT,
  id: 2,
  username: "supervisor",
  name: "Liu Yang",
  roles: ["supervisor"],
  queues: [{ queue: 1, queue_name: "Support", role: "supervisor" }],
  permissions: [...AGENT.permissions, "chat.supervise"],
};

export function conversation(id: number, overrides: Partial<ChatConversation> = {}): ChatConversation {
  return {
    id,
    state: "active",
    queue: { id: 1, name: "Support", slug: "support" },
    visitor: { id: `5f0c${id}`, name: `Visitor ${id}` },
    contact: "13800000000",
    customer: null,
    agent: { id: 3, name: "Zhang Wei" },
    topic: "Order question",
    created_at: new Date(Date.now() - 90_000).toISOString(),
    last_seq: 0,
    visitor_last_read_seq: 0,
    agent_last_read_seq: 0,
    ...overrides,
  };
}

export function chatMessage(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 1000 + seq,
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

export const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });

export function renderConsole(ui: ReactNode) {
  void i18n.changeLanguage("en");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/chats"]}>
        <AntApp>
          <AuthProvider>
            <Routes>
              <Route path="/chats" element={ui} />
              <Route path="/tickets/:id" element={<p>Ticket page</p>} />
            </Routes>
          </AuthProvider>
        </AntApp>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, client };
}
