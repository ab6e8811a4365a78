/** Test helpers for the inbox: a fake API, a fake websocket, and the providers the page needs. */
import "../i18n";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import { vi } from "vitest";
import { MemoryRouter, Route, Routes, useLocation, useParams } from "react-router-dom";

import type { Me, Page, Queue, WorkItem } from "../api/types";
import { AuthProvider } from "../auth/AuthContext";
import { LiveProvider } from "../shell/LiveContext";
import { InboxPage } from "./InboxPage";

export const ME: Me = {
  id: 7,
  username: "lead",
  name: "Lead Lu",
  email: "lead@example.com",
  language: "en",
  time_zone: "UTC",
  extension: "",
  roles: ["supervisor"],
  queues: [{ queue: 1, queue_name: "Support", role: "supervisor" }],
  permissions: ["inbox.read", "workitem.take", "workitem.assign"],
};

export const AGENT: Me = {
  ...ME,
  id: 8,
  username: "agent1",
  name: "Agent One",
  roles: ["agent"],
  queues: [{ queue: 1, queue_name: "Support", role: "agent" }],
  permissions: ["inbox.read", "workitem.take"],
};

export const QUEUE: Queue = {
  id: 1,
  name: "Support",
  slug: "support",
  description: "",
  routing_mode: "manual",
  default_capacity: 5,
  is_active: true,
  memberships: [
    {
      id: 1,
      user: { id: 8, username: "agent1", name: "Agent One" },
      role: "agent",
      capacity: null,
      effective_capacity: 5,
      skills: [],
      accepts_routing: true,
    },
    {
      id: 2,
      user: { id: 9, username: "agent2", name: "Agent Two" },
      role: "agent",
      capacity: 1,
      effective_capacity: 1,
      skills: [],
      accepts_routing: true,
    },
  ],
};

export function workItem(id: number, overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id,
    reference: `T-${String(id).padStart(6, "0")}`,
    kind: "ticket",
    kind_display: "Ticket",
    queue: { id: 1, name: "Support", slug: "support" },
    customer: { id: 3, name: "Wang Fang" },
    subject: `Subject ${id}`,
    status: "open",
    status_display: "Open",
    priority: 2,
    priority_display: "Normal",
    assignee: null,
    category: null,
    tags: [],
    skill: "",
    created_at: "2026-03-01T08:30:00Z",
    updated_at: "2026-03-01T08:30:00Z",
    assigned_at: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    first_response_due: null,
    next_response_due: null,
    resolution_due: null,
    due_at: null,
    sla_warn_at: null,
    ...overrides,
  };
}

export function page<T>(results: T[], count = results.length): Page<T> {
  return { count, next: null, previous: null, results };
}

function json(status: number, body: unknown) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export type Handler = (url: URL, init: RequestInit) => unknown;

/**
 * A fake API: `routes` maps "METHOD /path/" to a body or a function of the request; a function
 * may return `[status, body]` to answer with an error.
 */
export function fakeApi(routes: Record<string, unknown>) {
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const key = `${init.method ?? "GET"} ${url.pathname.replace(/^\/api\/v1/, "")}`;
    if (!(key in routes)) return json(404, { code: "not_found", message: key, fields: {} });
    const route = routes[key];
    const answer = typeof route === "function" ? (route as Handler)(url, init) : route;
    if (Array.isArray(answer) && typeof answer[0] === "number") return json(answer[0], answer[1]);
    return json(200, answer);
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetchMock,
    /** The inbox requests made so far, as URLs. */
    inboxCalls: () =>
      fetchMock.mock.calls
        .map(([input]) => new URL(input, "http://localhost"))
        .filter((url) => url.pathname === "/api/v1/inbox/"),
  };
}

/** A stand-in for the browser's WebSocket; the test drives its events. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static get last(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error("no socket opened");
    return socket;
  }

  send() {}

  close() {
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  receive(data: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(data) }));
  }

  drop() {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code: 1006 }));
  }
}

function TicketStub() {
  const { ticketId } = useParams();
  const location = useLocation();
  return (
    <p>
      ticket page {ticketId}
      {location.search}
    </p>
  );
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderInbox(initialPath = "/inbox") {
  FakeWebSocket.instances = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[initialPath]}>
        <AuthProvider>
          <AntApp>
            <LiveProvider>
              <Routes>
                <Route path="/inbox" element={<InboxPage />} />
                <Route path="/tickets/:ticketId" element={<TicketStub />} />
              </Routes>
              <LocationProbe />
            </LiveProvider>
          </AntApp>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
