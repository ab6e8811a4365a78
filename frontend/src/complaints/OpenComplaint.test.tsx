import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe } from "../customers/testing";
import { detail as orderDetail } from "../orders/fixtures";
import { OrderPage } from "../orders/OrderPage";
import { EMPTY_PAGE, ME, ticket } from "../tickets/testing";
import { TicketPage } from "../tickets/TicketPage";
import { card } from "./fixtures";
import { calls, ok, renderRoutes, serve } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const TICKET_ROUTES = {
  "GET /tickets/7/": ok(ticket()),
  "GET /items/7/events/": ok(EMPTY_PAGE),
};
const SUPERVISOR = { ...ME, roles: ["supervisor" as const], permissions: [...ME.permissions, "complaint.open", "complaint.read"] };
const AGENT = { ...ME, permissions: [...ME.permissions, "complaint.open"] };

describe("opening a complaint in one step", () => {
  it("from a ticket: one request with the ticket, then the new complaint", async () => {
    const all = serve({
      ...TICKET_ROUTES,
      "POST /complaints/": () => ({ status: 201, body: card({ id: 46, reference: "P-000046", stage: "received" }) }),
    });
    renderRoutes({ "/tickets/:ticketId": <TicketPage /> }, { me: SUPERVISOR, path: "/tickets/7" });

    fireEvent.click(await screen.findByTestId("ticket-open-complaint"));
    expect(await screen.findByText("Open a complaint from T-000007?")).toBeInTheDocument();
    expect(screen.getByText("Its messages and files become the complaint's evidence.")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("ticket-open-complaint-confirm"));

    expect(await screen.findByTestId("location")).toHaveTextContent("/complaints/46");
    expect(calls(all, "POST", "/complaints/")).toHaveLength(1);
    expect(calls(all, "POST", "/complaints/")[0]!.body).toEqual({ source_item: 7 });
  });

  it("tells an agent who does not work complaints that it was opened, and keeps them on the ticket", async () => {
    serve({
      ...TICKET_ROUTES,
      "POST /complaints/": () => ({ status: 201, body: card({ id: 46, reference: "P-000046", stage: "received" }) }),
    });
    renderRoutes({ "/tickets/:ticketId": <TicketPage /> }, { me: AGENT, path: "/tickets/7" });
    fireEvent.click(await screen.findByTestId("ticket-open-complaint"));
    fireEvent.click(await screen.findByTestId("ticket-open-complaint-confirm"));
    expect(await screen.findByText("Complaint P-000046 opened; the complaint handlers take it from here.")).toBeInTheDocument();
    expect(screen.getByTestId("ticket-header")).toBeInTheDocument();
    expect(screen.queryByTestId("location")).not.toBeInTheDocument();
  });

  it("shows the refusal among the ticket's action errors", async () => {
    serve({
      ...TICKET_ROUTES,
      "POST /complaints/": () => ({
        status: 409,
        body: { code: "complaint_exists", message: "P-000042 is already open about this.", fields: { complaint: ["42"] } },
      }),
    });
    renderRoutes({ "/tickets/:ticketId": <TicketPage /> }, { me: AGENT, path: "/tickets/7" });
    fireEvent.click(await screen.findByTestId("ticket-open-complaint"));
    fireEvent.click(await screen.findByTestId("ticket-open-complaint-confirm"));
    expect(await screen.findByTestId("ticket-action-error")).toHaveTextContent("P-000042 is already open about this.");
  });

  it("takes those who work complaints to the complaint already open", async () => {
    serve({
      ...TICKET_ROUTES,
      "POST /complaints/": () => ({
        status: 409,
        body: { code: "complaint_exists", message: "P-000042 is already open about this.", fields: { complaint: ["42"] } },
      }),
    });
    renderRoutes({ "/tickets/:ticketId": <TicketPage /> }, { me: SUPERVISOR, path: "/tickets/7" });
    fireEvent.click(await screen.findByTestId("ticket-open-complaint"));
    fireEvent.click(await screen.findByTestId("ticket-open-complaint-confirm"));
    expect(await screen.findByTestId("location")).toHaveTextContent("/complaints/42");
  });

  it("is not offered without complaint.open", async () => {
    serve(TICKET_ROUTES);
    renderRoutes({ "/tickets/:ticketId": <TicketPage /> }, { me: ME, path: "/tickets/7" });
    await screen.findByTestId("ticket-header");
    expect(screen.queryByTestId("ticket-open-complaint")).not.toBeInTheDocument();
  });

  it("from an order of a customer: one request with the order", async () => {
    const all = serve({
      "GET /orders/31/": ok(orderDetail({ status: "failed", customer: { id: 8, name: "Zhou Jie" } })),
      "GET /orders/channels/": ok([]),
      "POST /complaints/": () => ({ status: 201, body: card({ id: 47, reference: "P-000047", stage: "received" }) }),
    });
    renderRoutes({ "/orders/:orderId": <OrderPage /> }, { me: makeMe("complaint_handler"), path: "/orders/31" });
    fireEvent.click(await screen.findByTestId("order-open-complaint"));
    expect(await screen.findByText("Open a complaint from R20261128ABCDEFGHJK?")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("order-open-complaint-confirm"));
    expect(await screen.findByTestId("location")).toHaveTextContent("/complaints/47");
    await waitFor(() => expect(calls(all, "POST", "/complaints/")[0]!.body).toEqual({ source_order: 31 }));
  });
});
