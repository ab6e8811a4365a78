import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { live } from "../tickets/liveMock";
import { ticket } from "../tickets/testing";
import { CallPopups } from "./CallPopups";
import { callDetail, callRow, openItem, popup } from "./fixtures";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
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
const calls = (all: Call[], method: string, path: string) =>
  all.filter((c) => c.method === method && c.url.pathname === `/api/v1${path}`);

const AGENT = makeMe("agent", { id: 3, name: "Zhang Wei", extension: "8001" });
const NOTHING_RINGING = { "GET /hotline/calls/": ok(page([])) };

function showPopups() {
  return renderPage(<CallPopups />, { me: AGENT, path: "/inbox" });
}

function ring(data = popup()) {
  act(() => live.emit({ type: "call.ringing", payload: data }));
}

describe("the incoming-call pop-up", () => {
  it("appears on call.ringing with the caller, their customer file, open work and recent orders", async () => {
    const all = serve(NOTHING_RINGING);
    showPopups();
    await waitFor(() => expect(calls(all, "GET", "/hotline/calls/")).toHaveLength(1));
    const asked = calls(all, "GET", "/hotline/calls/")[0]!.url.searchParams;
    expect(asked.get("state")).toBe("ringing");
    expect(asked.get("mine")).toBe("true");
    expect(screen.queryByTestId("call-popups")).not.toBeInTheDocument();

    ring();
    const card = await screen.findByTestId("call-popup-21");
    expect(card).toHaveAttribute("role", "dialog");
    expect(card).toHaveAccessibleName("Incoming call");
    expect(within(card).getByTestId("call-popup-number-21")).toHaveTextContent("+86 138 0013 8000");
    expect(within(card).getByTestId("call-popup-state-21")).toHaveTextContent("Ringing");
    expect(card).toHaveTextContent("Hotline · 2026-11-28 09:00");
    expect(within(card).getByTestId("call-popup-customer-link-4")).toHaveAttribute("href", "/customers/4");
    expect(within(card).getByTestId("call-popup-customer-4")).toHaveTextContent("Wang Li · Li Trading");
    expect(within(card).getByTestId("call-popup-customer-4")).toHaveTextContent("Linked to the call");
    expect(card).toHaveTextContent("1 open work item");
    expect(within(card).getByTestId("call-popup-item-7")).toHaveAttribute("href", "/tickets/7");
    expect(within(card).getByTestId("call-popup-items-21")).toHaveTextContent("Top-up of 50 yuan not arrived");
    expect(within(card).getByTestId("call-popup-order-31")).toHaveAttribute("href", "/orders/31");
    expect(within(card).getByTestId("call-popup-orders-21")).toHaveTextContent("China Mobile 30 · ¥30.00");
    expect(within(card).getByTestId("call-popup-open-21")).toHaveAttribute("href", "/calls/21");
    // The pop-up came with the event: it is not fetched (that read would be audited again).
    expect(calls(all, "GET", "/hotline/calls/21/popup/")).toHaveLength(0);
  });

  it("follows its call: answered, then ended", async () => {
    serve(NOTHING_RINGING);
    showPopups();
    ring();
    const state = await screen.findByTestId("call-popup-state-21");
    act(() =>
      live.emit({ type: "call.changed", payload: callRow({ state: "answered", answered_at: "2026-11-28T09:00:08Z" }) }),
    );
    await waitFor(() => expect(state).toHaveTextContent("Answered"));
    expect(screen.getByTestId("call-popup-21")).toHaveAttribute("data-state", "answered");
    // Another call's change leaves it alone.
    act(() => live.emit({ type: "call.changed", payload: callRow({ id: 22, state: "missed" }) }));
    expect(state).toHaveTextContent("Answered");
    expect(screen.queryByTestId("call-popup-22")).not.toBeInTheDocument();
  });

  it("creates a ticket from the call in one step and opens it", async () => {
    const all = serve({
      ...NOTHING_RINGING,
      "POST /hotline/calls/21/ticket/": () => ({ status: 201, body: ticket({ id: 77, reference: "T-000077" }) }),
    });
    showPopups();
    ring();
    fireEvent.click(await screen.findByTestId("call-popup-ticket-21"));
    expect(await screen.findByText("ticket page")).toBeInTheDocument();
    expect(calls(all, "POST", "/hotline/calls/21/ticket/")).toHaveLength(1);
    expect(calls(all, "POST", "/hotline/calls/21/ticket/")[0]!.body).toEqual({});
    expect(await screen.findByText("Ticket T-000077 created from the call.")).toBeInTheDocument();
  });

  it("lists every customer file the number matches and links the call to the one chosen", async () => {
    const both = [
      { id: 4, name: "Wang Li", company: "Li Trading", credit_standing: "good" as const, primary_phone: "+8613800138000" },
      { id: 5, name: "Wang Lei", company: "", credit_standing: "hold" as const, primary_phone: "+8613800138000" },
    ];
    const unlinked = callRow({ customer: null, matched_customers: both.map(({ id, name }) => ({ id, name })) });
    const all = serve({
      ...NOTHING_RINGING,
      "POST /hotline/calls/21/customer/": () => ({ body: callDetail({ ...unlinked, customer: { id: 5, name: "Wang Lei" } }) }),
    });
    showPopups();
    ring(popup({ call: unlinked, customers: both, open_items: [], recent_orders: [] }));
    const card = await screen.findByTestId("call-popup-21");
    expect(card).toHaveTextContent("2 customer files match this number");
    expect(within(card).getByTestId("call-popup-customer-5")).toHaveTextContent("On hold");
    expect(within(card).getByTestId("call-popup-customer-link-5")).toHaveAttribute("href", "/customers/5");
    expect(within(card).queryByText("Linked to the call")).not.toBeInTheDocument();

    fireEvent.click(within(card).getByTestId("call-popup-link-21-5"));
    await waitFor(() => expect(within(card).getByTestId("call-popup-customer-5")).toHaveAttribute("data-linked", "true"));
    expect(calls(all, "POST", "/hotline/calls/21/customer/")[0]!.body).toEqual({ customer: 5 });
    expect(within(card).getByTestId("call-popup-customer-4")).toHaveAttribute("data-linked", "false");
    expect(within(card).getByTestId("call-popup-link-21-4")).toBeInTheDocument();
  });

  it("says so when no customer file matches", async () => {
    serve(NOTHING_RINGING);
    showPopups();
    ring(popup({ call: callRow({ customer: null, matched_customers: [] }), customers: [], open_items: [], recent_orders: [] }));
    expect(await screen.findByTestId("call-popup-no-customer-21")).toHaveTextContent("No customer file matches this number.");
  });

  it("shows the server's refusal in the pop-up", async () => {
    serve({
      ...NOTHING_RINGING,
      "POST /hotline/calls/21/ticket/": () => ({
        status: 400,
        body: { code: "queue_not_found", message: "Unknown queue.", fields: { queue: ["Not a queue you work in."] } },
      }),
    });
    showPopups();
    ring();
    fireEvent.click(await screen.findByTestId("call-popup-ticket-21"));
    const alert = await screen.findByTestId("call-popup-error-21");
    expect(alert).toHaveTextContent("Unknown queue. Not a queue you work in.");
    expect(screen.queryByText("ticket page")).not.toBeInTheDocument();
  });

  it("is dismissed, and does not come back while the call rings on", async () => {
    const all = serve(NOTHING_RINGING);
    showPopups();
    ring();
    fireEvent.click(await screen.findByTestId("call-popup-dismiss-21"));
    await waitFor(() => expect(screen.queryByTestId("call-popup-21")).not.toBeInTheDocument());
    ring();
    act(() => live.emit({ type: "connected" }));
    await waitFor(() => expect(calls(all, "GET", "/hotline/calls/").length).toBeGreaterThanOrEqual(2));
    expect(screen.queryByTestId("call-popup-21")).not.toBeInTheDocument();
  });

  it("finds a ringing call whose event it missed, and fetches its pop-up", async () => {
    const all = serve({
      "GET /hotline/calls/": ok(page([callRow({ id: 23, reference: "H-000023" })])),
      "GET /hotline/calls/23/popup/": ok(popup({ call: callRow({ id: 23, reference: "H-000023" }), open_items: [openItem({ id: 8, kind: "call", reference: "H-000008" })] })),
    });
    showPopups();
    expect(await screen.findByTestId("call-popup-customer-link-4")).toHaveTextContent("Wang Li");
    const card = screen.getByTestId("call-popup-23");
    expect(within(card).getByTestId("call-popup-item-8")).toHaveAttribute("href", "/calls/8");
    expect(calls(all, "GET", "/hotline/calls/23/popup/")).toHaveLength(1);
  });

  it("closes by itself a minute after its call ended unanswered", async () => {
    serve(NOTHING_RINGING);
    showPopups();
    ring();
    await screen.findByTestId("call-popup-21");
    vi.useFakeTimers({ shouldAdvanceTime: true });
    act(() => live.emit({ type: "call.changed", payload: callRow({ state: "missed", ended_at: "2026-11-28T09:00:30Z" }) }));
    expect(await screen.findByText("Nobody answered: a ring-back is waiting in the missed calls.")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(61_000));
    await waitFor(() => expect(screen.queryByTestId("call-popup-21")).not.toBeInTheDocument());
  });

  it("does not offer actions to those who cannot log calls", async () => {
    serve(NOTHING_RINGING);
    renderPage(<CallPopups />, { me: { ...AGENT, permissions: ["call.read"] }, path: "/inbox" });
    ring();
    await screen.findByTestId("call-popup-21");
    expect(screen.queryByTestId("call-popup-ticket-21")).not.toBeInTheDocument();
    expect(screen.queryByTestId("call-popup-link-21-4")).not.toBeInTheDocument();
  });
});
