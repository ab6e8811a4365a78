import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { live } from "../tickets/liveMock";
import { EMPTY_PAGE, ME, mockApi, renderPage, renderWith, ticket, type FakeRoutes } from "../tickets/testing";
import { TicketPage } from "../tickets/TicketPage";
import { AuthProvider } from "../auth/AuthContext";
import { EscalateDialog } from "./EscalateDialog";
import { clock, escalation, itemSla, LEAD, run } from "./fixtures";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeEach(() => {
  window.localStorage.clear();
  setTimeZone("Asia/Shanghai");
});
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

function serve(extra: FakeRoutes = {}, sla = itemSla()) {
  return mockApi({
    "GET /me/": [200, ME],
    "GET /tickets/7/": [200, ticket({ due_at: "2099-01-01T00:00:00Z", sla_warn_at: "2098-12-31T23:00:00Z" })],
    "GET /items/7/events/": [200, EMPTY_PAGE],
    "GET /items/7/sla/": [200, sla],
    ...extra,
  });
}

const user = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

async function fill(u: ReturnType<typeof user>, field: HTMLElement, text: string) {
  await u.click(field);
  await u.paste(text);
}

describe("the ticket's SLA panel", () => {
  it("shows each clock with its business time left, and the countdown in the header", async () => {
    serve(
      {},
      itemSla({
        clocks: [
          clock(),
          clock({ id: 2, kind: "resolution", state: "paused", due_at: null, warn_at: null, used_seconds: 1800, target_seconds: 8 * 3600, remaining_seconds: null }),
          clock({ id: 3, kind: "next_response", state: "breached", breached_at: "2026-11-18T10:00:00Z", remaining_seconds: null }),
          clock({ id: 4, kind: "next_response", state: "running", remaining_seconds: -15 * 60 - 20 }),
        ],
      }),
    );
    renderPage(<TicketPage />, "/tickets/7");

    const first = await screen.findByTestId("sla-clock-1");
    expect(first).toHaveTextContent("First response");
    expect(first).toHaveTextContent("Running");
    expect(first).toHaveTextContent("42 min of business time left");
    expect(first).toHaveTextContent("Due 2026-11-18 20:00"); // Asia/Shanghai
    expect(first).toHaveTextContent("warning from 2026-11-18 19:48");
    expect(screen.getByTestId("sla-clock-2")).toHaveTextContent("Paused: 30 min of 8 h used");
    expect(screen.getByTestId("sla-clock-3")).toHaveTextContent("Breached 2026-11-18 18:00");
    expect(screen.getByTestId("sla-clock-4")).toHaveTextContent("15 min of business time overdue");
    expect(screen.getByTestId("ticket-sla")).toHaveAttribute("data-sla", "normal");
    expect(screen.getByTestId("ticket-sla")).toHaveTextContent(/left$/);
  });

  it("says when no policy applies", async () => {
    serve({}, itemSla({ clocks: [] }));
    renderPage(<TicketPage />, "/tickets/7");
    expect(await screen.findByText("No SLA policy applies to this ticket.")).toBeInTheDocument();
  });

  it("lists an automatic escalation's steps, a skipped one too, and acknowledges it for someone it reached", async () => {
    const api = serve(
      { "POST /escalation-runs/11/acknowledge/": [200, run({ state: "acknowledged" })] },
      itemSla({ runs: [run()] }),
    );
    renderPage(<TicketPage />, "/tickets/7");

    const row = await screen.findByTestId("sla-run-11");
    expect(within(row).getByTestId("run-step-11-0")).toHaveTextContent("The assignee: told Zhang Wei");
    expect(within(row).getByTestId("run-step-11-1")).toHaveTextContent("The supervisor on duty: skipped: nobody on duty");
    expect(row).toHaveTextContent("The managers: next, at 2026-11-18 21:00");
    await user().click(within(row).getByTestId("sla-run-ack-11"));

    await waitFor(() => expect(api.called("POST", "/escalation-runs/11/acknowledge/")).toHaveLength(1));
    expect(await screen.findByText("Acknowledged: the escalation stops.")).toBeInTheDocument();
    await waitFor(() => expect(api.called("GET", "/items/7/sla/").length).toBeGreaterThan(1));
  });

  it("offers no acknowledge to an agent the run did not reach", async () => {
    serve({}, itemSla({ runs: [run({ steps: [] , next_level: 0})] }));
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("sla-run-11");
    expect(screen.queryByTestId("sla-run-ack-11")).not.toBeInTheDocument();
  });

  it("shows the escalations raised, an overdue answer-by in red", async () => {
    serve(
      {},
      itemSla({
        escalations: [
          escalation({ answer_by: "2026-01-01T00:00:00Z" }),
          escalation({ id: 22, state: "deescalated", handled_by: LEAD, handled_at: "2026-11-18T12:00:00Z", note: "Answer the customer first" }),
        ],
      }),
    );
    renderPage(<TicketPage />, "/tickets/7");

    const open = await screen.findByTestId("sla-escalation-21");
    expect(open).toHaveTextContent("Zhang Wei → Li Na");
    expect(open).toHaveTextContent("May we refund the fee?");
    expect(within(open).getByTestId("answer-by")).toHaveAttribute("data-overdue", "true");
    expect(within(open).getByTestId("answer-by")).toHaveTextContent("Answer by 2026-01-01 08:00: overdue");
    const back = screen.getByTestId("sla-escalation-22");
    expect(back).toHaveTextContent("Sent back");
    expect(back).toHaveTextContent("Li Na, 2026-11-18 20:00: Answer the customer first");
  });

  it("refetches on an SLA event or a change of this item, not of others", async () => {
    const api = serve();
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("sla-clock-1");
    const before = api.called("GET", "/items/7/sla/").length;

    act(() => live.emit({ type: "sla.breached", payload: { item: 8, target: "first_response" } }));
    act(() => live.emit({ type: "workitem.changed", payload: { id: 8 } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(api.called("GET", "/items/7/sla/")).toHaveLength(before);

    act(() => live.emit({ type: "sla.warning", payload: { item: 7, target: "first_response" } }));
    await waitFor(() => expect(api.called("GET", "/items/7/sla/")).toHaveLength(before + 1));
    act(() => live.emit({ type: "workitem.changed", payload: { id: 7 } }));
    await waitFor(() => expect(api.called("GET", "/items/7/sla/")).toHaveLength(before + 2));
  });
});

describe("escalating", () => {
  it("sends why, what is asked and the answer-by time, for the assignee", async () => {
    const api = serve({
      "POST /items/7/escalate/": (call) => [201, escalation({ ...(call.json as object) })],
    });
    const u = user();
    renderPage(<TicketPage />, "/tickets/7");
    await u.click(await screen.findByTestId("ticket-escalate"));

    expect(screen.queryByTestId("escalate-to-manager")).not.toBeInTheDocument(); // tickets: no appeal
    await fill(u, screen.getByTestId("escalate-reason"), "Customer threatens to go to the regulator");
    await fill(u, screen.getByTestId("escalate-ask"), "May we refund the fee?");
    const picker = screen.getByTestId("escalate-answer-by");
    fireEvent.mouseDown(picker);
    fireEvent.focus(picker);
    fireEvent.change(picker, { target: { value: "2099-05-01 17:30" } });
    fireEvent.keyDown(picker, { key: "Enter", code: "Enter", keyCode: 13 });
    await u.click(screen.getByTestId("escalate-submit"));

    await waitFor(() => expect(api.called("POST", "/items/7/escalate/")).toHaveLength(1));
    expect(api.called("POST", "/items/7/escalate/")[0]!.json).toEqual({
      reason: "Customer threatens to go to the regulator",
      ask: "May we refund the fee?",
      answer_by: "2099-05-01T09:30:00.000Z", // 17:30 in Asia/Shanghai
    });
    expect(await screen.findByText("Escalated to Li Na.")).toBeInTheDocument();
  });

  it("requires a reason and an ask before sending", async () => {
    const api = serve();
    const u = user();
    renderPage(<TicketPage />, "/tickets/7");
    await u.click(await screen.findByTestId("ticket-escalate"));
    await u.click(screen.getByTestId("escalate-submit"));
    expect(await screen.findAllByText("Required.")).toHaveLength(2);
    expect(api.called("POST", "/items/7/escalate/")).toHaveLength(0);
  });

  it.each([
    [403, "not_holder", "Only the person holding this item may escalate it."],
    [409, "nobody_to_escalate_to", "There is nobody above to escalate to."],
  ])("shows the server's %s %s", async (status, code, text) => {
    serve({ "POST /items/7/escalate/": [status, { code, message: text, fields: {} }] });
    const u = user();
    renderPage(<TicketPage />, "/tickets/7");
    await u.click(await screen.findByTestId("ticket-escalate"));
    await fill(u, screen.getByTestId("escalate-reason"), "Stuck");
    await fill(u, screen.getByTestId("escalate-ask"), "Help");
    await u.click(screen.getByTestId("escalate-submit"));
    expect(await screen.findByRole("alert")).toHaveTextContent(text);
  });

  it("is offered to whoever an open escalation was raised to, and not to others", async () => {
    serve({ "GET /tickets/7/": [200, ticket({ assignee: LEAD })] }, itemSla({ escalations: [escalation({ to_user: { ...LEAD, id: 3 } })] }));
    renderPage(<TicketPage />, "/tickets/7");
    expect(await screen.findByTestId("ticket-escalate")).toBeInTheDocument();
  });

  it("is not offered when someone else holds the ticket", async () => {
    serve({ "GET /tickets/7/": [200, ticket({ assignee: LEAD })] });
    renderPage(<TicketPage />, "/tickets/7");
    await screen.findByTestId("sla-clock-1");
    expect(screen.queryByTestId("ticket-escalate")).not.toBeInTheDocument();
  });

  it("sends a complaint's appeal straight to a manager, and shows a refusal", async () => {
    const message = "This queue's policy does not send appeals straight to a manager.";
    const api = mockApi({
      "GET /me/": [200, ME],
      "POST /items/7/escalate/": [409, { code: "appeal_not_allowed", message, fields: {} }],
    });
    const u = user();
    renderWith(
      <AuthProvider>
        <EscalateDialog item={ticket({ kind: "complaint", reference: "P-000007" })} onClose={() => {}} />
      </AuthProvider>,
    );
    await fill(u, await screen.findByTestId("escalate-reason"), "Customer appeals the decision");
    await fill(u, screen.getByTestId("escalate-ask"), "Please review");
    await u.click(screen.getByTestId("escalate-to-manager"));
    await u.click(screen.getByTestId("escalate-submit"));

    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(api.called("POST", "/items/7/escalate/")[0]!.json).toEqual({
      reason: "Customer appeals the decision",
      ask: "Please review",
      answer_by: null,
      to_manager: true,
    });
  });
});
