import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { order } from "../orders/fixtures";
import { live } from "./liveMock";
import { EMPTY_PAGE, ME, mockApi, renderPage, ticket, type FakeRoutes } from "./testing";
import { TicketPage } from "./TicketPage";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("./liveMock");
  return { useLive: () => mock };
});

beforeEach(() => window.localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

function serve(extra: FakeRoutes = {}) {
  return mockApi({
    "GET /me/": [200, ME],
    "GET /tickets/7/": [200, ticket()],
    "GET /items/7/events/": [
      200,
      {
        ...EMPTY_PAGE,
        count: 1,
        results: [
          {
            id: 1,
            actor: { id: 3, username: "agent1", name: "Zhang Wei" },
            verb: "status_changed",
            verb_display: "status changed",
            data: { from: "new", to: "open" },
            reason: "",
            created_at: "2026-11-18T11:20:00Z",
          },
        ],
      },
    ],
    ...extra,
  });
}

describe("TicketPage", () => {
  it("shows the header, thread and history, without reading the customer file", async () => {
    const api = serve();
    renderPage(<TicketPage />, "/tickets/7");

    const header = await screen.findByTestId("ticket-header");
    expect(within(header).getByText("Wrong invoice title")).toBeInTheDocument();
    expect(within(header).getByTestId("ticket-status")).toHaveAttribute("data-status", "open");
    expect(within(header).getByText("T-000007")).toBeInTheDocument();
    expect(screen.getByTestId("message-3")).toHaveAttribute("data-kind", "internal");
    const events = screen.getByTestId("events");
    expect(await within(events).findByText("New → Open")).toBeInTheDocument();
    expect(api.called("GET", "/customers/4/")).toHaveLength(0);
  });

  it("offers only sensible next statuses and shows the server's refusal", async () => {
    const refusal =
      "A ticket cannot go from Open to Pending (waiting on customer). Allowed next: On hold, Resolved, Closed.";
    const api = serve({
      "POST /tickets/7/status/": [
        409,
        {
          code: "invalid_transition",
          message: refusal,
          fields: { status: [refusal], allowed: ["on_hold", "resolved", "closed"] },
        },
      ],
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("ticket-header");

    expect(screen.queryByTestId("ticket-set-status-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("ticket-set-status-new")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("ticket-set-status-pending"));

    expect(await screen.findByTestId("ticket-action-error")).toHaveTextContent(refusal);
    expect(api.called("POST", "/tickets/7/status/")[0]!.json).toEqual({ status: "pending", reason: "" });
  });

  it("shows a not-found result for a ticket outside the user's queues", async () => {
    serve();
    renderPage(<TicketPage />, "/tickets/99");
    expect(await screen.findByTestId("ticket-not-found")).toHaveTextContent("Ticket not found");
  });

  it("refetches when the inbox socket says this ticket changed", async () => {
    const api = serve();
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("ticket-header");
    const before = api.called("GET", "/tickets/7/").length;

    act(() => live.emit({ type: "workitem.changed", payload: { id: 8 } }));
    act(() => live.emit({ type: "workitem.changed", payload: { id: 7 } }));

    await waitFor(() => expect(api.called("GET", "/tickets/7/")).toHaveLength(before + 1));
  });

  it("goes back to the inbox when a transfer takes the ticket out of sight", async () => {
    const api = serve({
      "GET /queues/": [
        200,
        {
          ...EMPTY_PAGE,
          count: 2,
          results: [
            { id: 1, name: "Support", slug: "support", is_active: true, memberships: [] },
            { id: 2, name: "Complaints", slug: "complaints", is_active: true, memberships: [] },
          ],
        },
      ],
      "POST /items/7/transfer/": [200, { id: 7, queue: 2 }],
    });
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderPage(<TicketPage />, "/tickets/7");
    await user.click(await screen.findByTestId("ticket-transfer"));

    expect(screen.getByTestId("transfer-submit")).toBeDisabled();
    await user.click(screen.getByRole("combobox", { name: "To queue" }));
    await user.click(await screen.findByText("Complaints"));
    await user.click(screen.getByTestId("transfer-reason"));
    await user.paste("Customer is complaining");
    await user.click(screen.getByTestId("transfer-submit"));

    expect(await screen.findByText("Inbox page")).toBeInTheDocument();
    expect(api.called("POST", "/items/7/transfer/")[0]!.json).toEqual({
      queue: 2,
      reason: "Customer is complaining",
    });
    expect(await screen.findByText(/T-000007 was transferred/)).toBeInTheDocument();
  });

  it("focuses the reply box with ?reply=1", async () => {
    serve();
    renderPage(<TicketPage />, "/tickets/7?reply=1");
    const box = await screen.findByTestId("composer-text");
    await waitFor(() => expect(box).toHaveFocus());
  });

  it("shows the orders a customer's enquiry is about, linked to their pages", async () => {
    const api = serve({
      "GET /me/": [200, { ...ME, permissions: [...ME.permissions, "order.read"] }],
      "GET /orders/": [200, { ...EMPTY_PAGE, count: 1, results: [order({ id: 31, status: "failed" })] }],
    });
    renderPage(<TicketPage />, "/tickets/7");

    const card = await screen.findByTestId("item-orders");
    expect(within(card).getByText("Orders asked about")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "R20261128ABCDEFGHJK" })).toHaveAttribute("href", "/orders/31");
    expect(within(card).getByTestId("order-status")).toHaveTextContent("Failed");
    expect(api.called("GET", "/orders/")[0]!.search).toBe("?item=7");
  });

  it("shows no order card for a ticket that is not about an order", async () => {
    const api = serve({
      "GET /me/": [200, { ...ME, permissions: [...ME.permissions, "order.read"] }],
      "GET /orders/": [200, EMPTY_PAGE],
    });
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("ticket-header");
    await waitFor(() => expect(api.called("GET", "/orders/")).toHaveLength(1));
    expect(screen.queryByTestId("item-orders")).not.toBeInTheDocument();
  });
});
