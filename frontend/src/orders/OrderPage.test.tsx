import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, renderPage, stubApi, type Call } from "../customers/testing";
import { chooseOption } from "../shifts/testing";
import { attempt, detail, enquiry, order, orderEvent, tile } from "./fixtures";
import { OrderPage } from "./OrderPage";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

type Answer = { status?: number; body?: unknown } | undefined;

function serve(routes: Record<string, (call: Call) => Answer>) {
  return stubApi((call) => {
    const key = `${call.method} ${call.url.pathname.replace(/^\/api\/v1/, "")}`;
    return routes[key]?.(call);
  });
}

const ok = (body: unknown) => () => ({ body });
const posts = (all: Call[], path: string) => all.filter((c) => c.method === "POST" && c.url.pathname === `/api/v1${path}`);
const conflict = (code: string, message: string) => () => ({ status: 409, body: { code, message, fields: {} } });

const HANDLER = makeMe("order_handler", { id: 9, name: "Olivia Orders" });
const AGENT = makeMe("agent");
const ROUTE = { route: "/orders/:orderId", path: "/orders/31" };
const FAILED = detail({ status: "failed", fail_category: "supplier", channel: { id: 1, name: "alpha" }, finished_at: "2026-11-28T09:00:02Z" }, [attempt()]);

describe("OrderPage", () => {
  it("shows the order, its attempts and its timeline", async () => {
    serve({ "GET /orders/31/": ok(detail()) });
    renderPage(<OrderPage />, { me: HANDLER, ...ROUTE });

    expect(await screen.findByTestId("order-reference")).toHaveTextContent("R20261128ABCDEFGHJK");
    expect(screen.getByTestId("order-status")).toHaveTextContent("Succeeded");
    const facts = screen.getByTestId("order-facts");
    expect(facts).toHaveTextContent("China Mobile 30 (mobile-30)");
    expect(facts).toHaveTextContent("+8613800138000");
    expect(screen.getByTestId("order-amount")).toHaveTextContent("¥30.00");
    expect(facts).toHaveTextContent("Price paid¥29.90");
    expect(facts).toHaveTextContent("Channelbeta");

    const first = screen.getByTestId("attempt-1");
    expect(within(first).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "1",
      "alpha",
      "R20261128ABCDEFGHJK-1",
      "2026-11-28 09:00:00",
      "2026-11-28 09:00:00",
      "Failed",
      "Supplier error",
      "2001 operator platform error",
      "48 ms",
      "Answer",
    ]);
    expect(screen.getByTestId("attempt-2")).toHaveTextContent("Succeeded");
    expect(screen.getByTestId("attempt-2")).toHaveTextContent("R20261128ABCDEFGHJK-2");
    expect(screen.getByTestId("attempt-2")).toHaveAttribute("data-channel", "beta");

    expect(screen.getByTestId("order-event-1")).toHaveTextContent("Created");
    expect(screen.getByTestId("order-event-2")).toHaveTextContent("attempt 1 · alpha");
    expect(screen.getByTestId("order-event-3")).toHaveTextContent("Answered 2026-11-28 09:00attempt 1 · Failed · Supplier error · 2001 · 48 ms");
    expect(screen.getByTestId("order-event-4")).toHaveTextContent("attempt 2 · beta");
    // A succeeded order is neither retried nor refunded.
    expect(screen.queryByTestId("order-retry")).not.toBeInTheDocument();
    expect(screen.queryByTestId("order-refund")).not.toBeInTheDocument();
    expect(screen.getByTestId("order-review")).toBeInTheDocument();
  });

  it("retries on a chosen channel with a reason, and says why the server refuses", async () => {
    let answer: () => Answer = conflict("attempt_unresolved", "The last attempt's result is not known yet.");
    const all = serve({
      "GET /orders/31/": ok(FAILED),
      "GET /orders/channels/": ok([tile(), tile({ id: 2, name: "beta", breaker: { state: "open", forced: "", retry_in: 3, trips: 1 } })]),
      "POST /orders/31/retry/": () => answer(),
    });
    renderPage(<OrderPage />, { me: HANDLER, ...ROUTE });
    fireEvent.click(await screen.findByTestId("order-retry"));
    fireEvent.click(await screen.findByTestId("retry-submit"));
    expect(await screen.findByText("Say why the order is retried.")).toBeInTheDocument();
    expect(posts(all, "/orders/31/retry/")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("retry-reason"), { target: { value: "Customer called back" } });
    fireEvent.click(screen.getByTestId("retry-submit"));
    expect(await screen.findByTestId("retry-error")).toHaveTextContent(
      "The last attempt's result is not known yet; the supplier is being asked. Retry once it is known.",
    );
    expect(posts(all, "/orders/31/retry/")[0]!.body).toEqual({ reason: "Customer called back" });

    answer = conflict("channel_closed", "This channel's breaker is open.");
    await chooseOption("retry-channel", "beta · Open");
    fireEvent.click(screen.getByTestId("retry-submit"));
    await waitFor(() => expect(screen.getByTestId("retry-error")).toHaveTextContent("That channel is closed to traffic"));
    expect(posts(all, "/orders/31/retry/")[1]!.body).toEqual({ channel: 2, reason: "Customer called back" });

    answer = conflict("not_retryable", "This order cannot be retried.");
    fireEvent.click(screen.getByTestId("retry-submit"));
    await waitFor(() => expect(screen.getByTestId("retry-error")).toHaveTextContent("This order cannot be sent again"));

    answer = () => ({ body: order({ status: "dispatching" }) });
    await chooseOption("retry-channel", "alpha · Closed");
    fireEvent.click(screen.getByTestId("retry-submit"));
    expect(await screen.findByText("R20261128ABCDEFGHJK is being sent again.")).toBeInTheDocument();
    expect(posts(all, "/orders/31/retry/").at(-1)!.body).toEqual({ channel: 1, reason: "Customer called back" });
  });

  it("refunds only with a reason and shows a refusal", async () => {
    let answer: () => Answer = conflict("not_refundable", "A supplier may have delivered this order.");
    const all = serve({ "GET /orders/31/": ok(FAILED), "POST /orders/31/refund/": () => answer() });
    renderPage(<OrderPage />, { me: HANDLER, ...ROUTE });
    fireEvent.click(await screen.findByTestId("order-refund"));
    expect(await screen.findByText("¥29.90 goes back to the customer.")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("refund-submit"));
    expect(await screen.findByText("Say why the order is refunded.")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("refund-note"), { target: { value: "Every channel failed" } });
    fireEvent.click(screen.getByTestId("refund-submit"));
    expect(await screen.findByTestId("refund-error")).toHaveTextContent("This order cannot be refunded");
    expect(posts(all, "/orders/31/refund/")[0]!.body).toEqual({ reason: "Every channel failed" });

    answer = () => ({ body: order({ status: "refunded" }) });
    fireEvent.click(screen.getByTestId("refund-submit"));
    expect(await screen.findByText("R20261128ABCDEFGHJK refunded.")).toBeInTheDocument();
  });

  it("marks an order reviewed with an optional note", async () => {
    const all = serve({
      "GET /orders/31/": ok(detail({ status: "needs_review" }, [attempt({ outcome: "unknown", category: "timeout", resolved_by: "" })], [orderEvent()])),
      "POST /orders/31/review/": () => ({ body: order({ status: "needs_review", reviewed_at: "2026-11-28T10:00:00Z" }) }),
    });
    renderPage(<OrderPage />, { me: HANDLER, ...ROUTE });
    fireEvent.click(await screen.findByTestId("order-review"));
    fireEvent.change(await screen.findByTestId("review-note"), { target: { value: "Supplier confirms by phone" } });
    fireEvent.click(screen.getByTestId("review-submit"));
    await waitFor(() => expect(posts(all, "/orders/31/review/")).toHaveLength(1));
    expect(posts(all, "/orders/31/review/")[0]!.body).toEqual({ note: "Supplier confirms by phone" });
    expect(await screen.findByText("R20261128ABCDEFGHJK marked reviewed.")).toBeInTheDocument();
  });

  it("lists the customers' enquiries about the order, linked to their tickets", async () => {
    const withEnquiry = {
      ...detail({}, [attempt({ outcome: "succeeded", category: "ok" })], [
        orderEvent(),
        orderEvent({ id: 5, verb: "enquiry", actor: { id: 3, username: "alice", name: "Alice Agent" }, data: { item: 70 } }),
      ]),
      enquiries: [enquiry()],
    };
    serve({ "GET /orders/31/": ok(withEnquiry) });
    renderPage(<OrderPage />, { me: HANDLER, ...ROUTE });
    const row = await screen.findByTestId("order-enquiry-70");
    expect(row).toHaveTextContent("[R20261128ABCDEFGHJK] Top-up not received");
    expect(row).toHaveTextContent("New");
    expect(within(row).getByRole("link", { name: "T-000070" })).toHaveAttribute("href", "/tickets/70");
    expect(screen.getByTestId("order-event-5")).toHaveTextContent("Customer enquiry");
    expect(screen.getByTestId("order-event-5")).toHaveTextContent("Alice Agent");
    expect(screen.getByTestId("order-event-5")).toHaveTextContent("T-000070");
  });

  it("shows agents the order without supplier details or actions", async () => {
    serve({ "GET /orders/31/": ok({ order: order({ channel: null }), enquiries: [], attempts: [], events: [] }) });
    renderPage(<OrderPage />, { me: AGENT, ...ROUTE });
    expect(await screen.findByTestId("order-reference")).toHaveTextContent("R20261128ABCDEFGHJK");
    expect(screen.queryByTestId("order-attempts")).not.toBeInTheDocument();
    expect(screen.queryByTestId("order-review")).not.toBeInTheDocument();
    expect(screen.getByTestId("order-facts")).not.toHaveTextContent("Channel");
  });
});
