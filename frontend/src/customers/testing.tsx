/** Test helpers: a signed-in user, a fresh QueryClient, a router, and a fetch that answers by URL. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { vi } from "vitest";

import "../i18n";
import i18n from "../i18n";
import type { Me, Role } from "../api/types";
import { AuthProvider, ME_KEY } from "../auth/AuthContext";

const PERMISSIONS: Record<string, string[]> = {
  manager: ["inbox.read", "customer.read", "customer.write", "customer.export", "customer.audit_read", "call.read", "call.log", "call.supervise", "queue.manage", "staffing.plan", "shift.read", "leave.request", "leave.decide", "sla.read", "sla.manage", "escalation.raise", "escalation.handle", "complaint.read", "complaint.open", "complaint.handle", "complaint.approve", "complaint.report", "order.read", "order.handle", "channel.manage", "user.read", "quality.read_own", "quality.read_all", "quality.review", "survey.manage", "survey.approve", "report.read", "report.export"],
  supervisor: ["inbox.read", "customer.read", "customer.write", "call.read", "call.log", "call.supervise", "queue.manage", "staffing.plan", "shift.read", "leave.request", "leave.decide", "sla.read", "sla.manage", "escalation.raise", "escalation.handle", "complaint.read", "complaint.open", "complaint.handle", "complaint.report", "order.read", "order.handle", "user.read", "quality.read_own", "quality.read_all", "quality.review", "survey.manage", "report.read", "report.export"],
  agent: ["inbox.read", "customer.read", "customer.write", "call.read", "call.log", "shift.read", "leave.request", "sla.read", "escalation.raise", "complaint.open", "order.read", "quality.read_own"],
  complaint_handler: ["inbox.read", "customer.read", "customer.write", "shift.read", "leave.request", "sla.read", "escalation.raise", "complaint.read", "complaint.open", "complaint.handle", "complaint.report", "order.read", "quality.read_own"],
  order_handler: ["inbox.read", "customer.read", "customer.write", "shift.read", "leave.request", "sla.read", "escalation.raise", "complaint.open", "order.read", "order.handle", "channel.manage", "quality.read_own"],
};

export function makeMe(role: Role, extra: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: role,
    name: role,
    email: "",
    language: "en",
    time_zone: "UTC",
    extension: "",
    roles: [role],
    queues: [],
    permissions: PERMISSIONS[role] ?? [],
    ...extra,
  };
}

export interface Call {
  method: string;
  url: URL;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

/** Stubs ``fetch``: ``handler`` answers each request (status 200 by default); calls are recorded. */
export function stubApi(handler: Handler) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? "GET",
      url: new URL(input, "http://localhost"),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      headers: { ...(init?.headers as Record<string, string> | undefined) },
    };
    calls.push(call);
    const answer = handler(call) ?? { status: 404, body: { code: "not_found", message: "Not found.", fields: {} } };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

export function page<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results };
}

/** Render ``element`` at ``path`` (matched by ``route``), signed in as ``me``, in English. */
export function renderPage(
  element: ReactElement,
  { me, path, route = path.split("?")[0]! }: { me: Me; path: string; route?: string },
) {
  void i18n.changeLanguage("en");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(ME_KEY, me);
  const result = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <AntApp>
            <Routes>
              <Route path={route} element={element} />
              {route !== "/customers/:customerId" && (
                <Route path="/customers/:customerId" element={<div>customer page</div>} />
              )}
              <Route path="/tickets/:ticketId" element={<div>ticket page</div>} />
            </Routes>
          </AntApp>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, client };
}
