/** Tests only: a fake API behind `fetch`, sample data, and rendering with the app's providers. */
import "../i18n";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { vi } from "vitest";

import type { Me, TicketDetail, TicketMessage } from "../api/types";
import { AuthProvider } from "../auth/AuthContext";
import i18n from "../i18n";

export interface Call {
  method: string;
  path: string;
  search: string;
  json: unknown;
  form: FormData | null;
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
      form: init.body instanceof FormData ? init.body : null,
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

export const ME: Me = {
  id: 3,
  username: "agent1",
  name: "Zhang Wei",
  email: "agent1@example.test",
  language: "en",
  time_zone: "Asia/Shanghai",
  extension: "",
  roles: ["agent"],
  queues: [{ queue: 1, queue_name: "Support", role: "agent" }],
  permissions: [
    "inbox.read",
    "workitem.take",
    "workitem.release",
    "workitem.transfer",
    "workitem.edit",
    "workitem.link",
    "ticket.reply",
    "ticket.note",
    "ticket.status",
    "ticket.merge",
    "queue.read",
    "canned.read",
    "customer.read",
    "sla.read",
    "escalation.raise",
  ],
};

export function message(id: number, kind: TicketMessage["kind"], body: string): TicketMessage {
  return {
    id,
    kind,
    kind_display: { customer: "Customer message", public: "Public reply", internal: "Internal note" }[kind],
    author: kind === "customer" ? null : { id: 3, username: "agent1", name: "Zhang Wei" },
    body,
    created_at: "2026-11-18T11:15:00Z",
    attachments: [],
  };
}

export function ticket(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: 7,
    reference: "T-000007",
    kind: "ticket",
    kind_display: "Ticket",
    queue: { id: 1, name: "Support", slug: "support" },
    customer: { id: 4, name: "Wang Li" },
    subject: "Wrong invoice title",
    status: "open",
    status_display: "Open",
    priority: 3,
    priority_display: "High",
    assignee: { id: 3, username: "agent1", name: "Zhang Wei" },
    category: null,
    tags: ["invoice"],
    skill: "",
    created_at: "2026-11-18T11:00:00Z",
    updated_at: "2026-11-18T11:00:00Z",
    assigned_at: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    first_response_due: null,
    next_response_due: null,
    resolution_due: null,
    due_at: null,
    sla_warn_at: null,
    channel: "email",
    channel_display: "Email",
    requester_name: "Wang Li",
    requester_email: "wang.li@example.com",
    merged_into: null,
    created_by: null,
    messages: [
      message(1, "customer", "Please fix my invoice title."),
      message(2, "public", "We are on it."),
      message(3, "internal", "Finance says tomorrow."),
    ],
    attachments: [],
    links_out: [],
    links_in: [],
    ...overrides,
  };
}

export const EMPTY_PAGE = { count: 0, next: null, previous: null, results: [] };

export function newClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** A component with a fresh QueryClient, Ant Design's App context and a router. */
export function renderWith(ui: ReactNode, { path = "/" }: { path?: string } = {}) {
  void i18n.changeLanguage("en");
  const client = newClient();
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AntApp>{ui}</AntApp>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, client };
}

/** The whole ticket page at `path`, signed in (the fake API must answer `GET /me/`). */
export function renderPage(page: ReactNode, path: string) {
  return renderWith(
    <AuthProvider>
      <Routes>
        <Route path="/tickets/:ticketId" element={page} />
        <Route path="/inbox" element={<p>Inbox page</p>} />
        <Route path="/login" element={<p>Login page</p>} />
      </Routes>
    </AuthProvider>,
    { path },
  );
}
