import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Customer, CustomerAuditEntry, WorkItem } from "../api/types";
import { CustomerPage } from "./CustomerPage";
import { withContactAdded, withContactRemoved } from "./queries";
import { makeMe, page, renderPage, stubApi, type Call } from "./testing";

const CUSTOMER: Customer = {
  id: 7,
  name: "Li Wei",
  company: "Acme Trading",
  website: "https://acme.example.com",
  credit_standing: "hold",
  credit_standing_display: "On hold",
  custodian: { id: 3, username: "agent1", name: "Agent One" },
  notes: "Prefers calls after 6 pm.",
  contacts: [
    { id: 1, kind: "phone", value: "+8613800138000", label: "mobile", is_primary: true },
    { id: 2, kind: "email", value: "li.wei@example.com", label: "", is_primary: true },
  ],
  created_at: "2026-01-05T02:00:00Z",
  updated_at: "2026-01-06T02:00:00Z",
};

function item(id: number, kind: WorkItem["kind"], kindDisplay: string): WorkItem {
  return {
    id,
    reference: `#${id}`,
    kind,
    kind_display: kindDisplay,
    queue: { id: 1, name: "Support", slug: "support" },
    customer: { id: 7, name: "Li Wei" },
    subject: `Subject ${id}`,
    status: "open",
    status_display: "Open",
    priority: 2,
    priority_display: "Normal",
    assignee: null,
    category: null,
    tags: [],
    skill: "",
    created_at: "2026-02-01T08:30:00Z",
    updated_at: "2026-02-01T08:30:00Z",
    assigned_at: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    first_response_due: null,
    next_response_due: null,
    resolution_due: null,
    due_at: null,
    sla_warn_at: null,
  };
}

const AUDIT: CustomerAuditEntry[] = [
  {
    id: 99,
    actor: { id: 3, username: "agent1", name: "Agent One" },
    customer: { id: 7, name: "Li Wei" },
    action: "update",
    action_display: "updated",
    detail: { changes: { credit_standing: { from: "good", to: "hold" } } },
    ip_address: "10.0.0.5",
    created_at: "2026-02-02T09:00:00Z",
  },
];

function api({ method, url }: Call) {
  if (method !== "GET") return undefined;
  switch (url.pathname) {
    case "/api/v1/customers/7/":
      return { body: CUSTOMER };
    case "/api/v1/customers/7/timeline/":
      return { body: page([item(12, "ticket", "Ticket"), item(11, "call", "Call")]) };
    case "/api/v1/customers/7/audit/":
      return { body: page(AUDIT) };
    default:
      return undefined;
  }
}

afterEach(() => vi.unstubAllGlobals());

const at = { path: "/customers/7", route: "/customers/:customerId" };

describe("CustomerPage", () => {
  it("shows the file, the audit note and the timeline with ticket links", async () => {
    const calls = stubApi(api);
    renderPage(<CustomerPage />, { me: makeMe("agent"), ...at });

    expect(await screen.findByTestId("customer-file-name")).toHaveTextContent("Li Wei");
    expect(screen.getByTestId("customer-file-credit")).toHaveTextContent("On hold");
    expect(screen.getByText("Acme Trading")).toBeInTheDocument();
    expect(screen.getByText("Agent One")).toBeInTheDocument();
    expect(screen.getByText("+8613800138000")).toBeInTheDocument();
    expect(screen.getByText("Prefers calls after 6 pm.")).toBeInTheDocument();
    expect(screen.getByText("Opening this file is recorded in the audit log.")).toBeInTheDocument();

    const timeline = screen.getByTestId("customer-timeline");
    const ticket = await within(timeline).findByTestId("timeline-row-12");
    expect(within(ticket).getByRole("link", { name: "#12" })).toHaveAttribute("href", "/tickets/12");
    expect(within(ticket).getByText("Ticket")).toBeInTheDocument();
    expect(within(ticket).getByText("Subject 12")).toBeInTheDocument();
    expect(within(ticket).getByText("Support")).toBeInTheDocument();
    expect(within(ticket).getByText("2026-02-01 08:30")).toBeInTheDocument();
    const call = within(timeline).getByTestId("timeline-row-11");
    expect(within(call).queryByRole("link")).not.toBeInTheDocument();

    // No audit tab for an agent, and the file was read once.
    expect(screen.queryByTestId("customer-audit-tab")).not.toBeInTheDocument();
    expect(calls.filter((c) => c.url.pathname === "/api/v1/customers/7/")).toHaveLength(1);
    expect(calls.some((c) => c.url.pathname.endsWith("/audit/"))).toBe(false);
  });

  it("gives managers the audit log in a tab", async () => {
    stubApi(api);
    renderPage(<CustomerPage />, { me: makeMe("manager"), ...at });

    await userEvent.click(await screen.findByTestId("customer-audit-tab"));

    const row = await screen.findByTestId("audit-row-99");
    expect(within(row).getByText("Agent One")).toBeInTheDocument();
    expect(within(row).getByText("updated")).toBeInTheDocument();
    expect(within(row).getByText("changed: credit_standing")).toBeInTheDocument();
    expect(within(row).getByText("2026-02-02 09:00")).toBeInTheDocument();
  });

  it("says not found when the file is outside the user's rule", async () => {
    stubApi(() => ({ status: 404, body: { code: "not_found", message: "Not found.", fields: {} } }));
    renderPage(<CustomerPage />, { me: makeMe("agent"), ...at });

    expect(
      await screen.findByText("This customer file does not exist, or you may not open it."),
    ).toBeInTheDocument();
  });

  it("saves only the changed fields and keeps the answer without reading the file again", async () => {
    const calls = stubApi((call) => {
      if (call.method === "PATCH") return { body: { ...CUSTOMER, company: "Acme Ltd" } };
      return api(call);
    });
    renderPage(<CustomerPage />, { me: makeMe("agent"), ...at });

    await userEvent.click(await screen.findByTestId("customer-edit"));
    const company = await screen.findByTestId("customer-company");
    await userEvent.clear(company);
    await userEvent.type(company, "Acme Ltd");
    await userEvent.click(screen.getByTestId("customer-save"));

    await waitFor(() => expect(screen.getAllByText("Acme Ltd").length).toBeGreaterThan(0));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.body).toEqual({ company: "Acme Ltd" });
    expect(calls.filter((c) => c.method === "GET" && c.url.pathname === "/api/v1/customers/7/")).toHaveLength(1);
  });
});

describe("contact bookkeeping", () => {
  const contacts = CUSTOMER.contacts;

  it("a new primary demotes the old one of its kind", () => {
    const next = withContactAdded(contacts, {
      id: 3,
      kind: "phone",
      value: "+8613900139000",
      label: "",
      is_primary: true,
    });
    expect(next.filter((c) => c.is_primary).map((c) => c.id).sort()).toEqual([2, 3]);
  });

  it("removing the primary promotes the oldest of its kind", () => {
    const three = [...contacts, { id: 5, kind: "phone" as const, value: "+861065529988", label: "", is_primary: false }];
    const next = withContactRemoved(three, 1);
    expect(next.find((c) => c.id === 5)?.is_primary).toBe(true);
    expect(next).toHaveLength(2);
  });
});
