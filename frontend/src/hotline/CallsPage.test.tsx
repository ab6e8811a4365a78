import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone, todayIso } from "../common/time";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { chooseOption, member, queue } from "../shifts/testing";
import { live } from "../tickets/liveMock";
import { ticket } from "../tickets/testing";
import { CallsPage } from "./CallsPage";
import { callDetail, callRow, figures, ringBack } from "./fixtures";
import { daysRange } from "./format";

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
const calls = (all: Call[], method: string, path: string) =>
  all.filter((c) => c.method === method && c.url.pathname === `/api/v1${path}`);

const AGENT = makeMe("agent", {
  id: 3,
  name: "Zhang Wei",
  queues: [{ queue: 1, queue_name: "Hotline", role: "agent" }],
});
const QUEUES = ok(page([queue(1, "Hotline", [member(3, "Zhang Wei"), member(5, "Li Na")]), queue(2, "Support")]));

const ANSWERED = callRow({
  state: "answered",
  answered_at: "2026-11-28T09:00:08Z",
  ended_at: "2026-11-28T09:04:13Z",
  wait_seconds: 8,
  talk_seconds: 245,
  outcome: "resolved",
  outcome_display: "Resolved on the call",
});
const MISSED = callRow({
  id: 22,
  reference: "H-000022",
  state: "missed",
  from_number: "+8613912345678",
  agent: null,
  customer: null,
  matched_customers: [],
  initiated_at: "2026-11-28T09:10:00Z",
  wait_seconds: 30,
  ringback: 40,
});

function showCalls(path = "/calls") {
  return renderPage(<CallsPage />, { me: AGENT, path, route: "/calls/:callId?" });
}

describe("the call list", () => {
  it("shows today's calls, newest first, with who, how long and how it ended", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/calls/": ok(page([MISSED, ANSWERED])) });
    showCalls();
    const answered = await screen.findByTestId("call-row-21");
    expect(answered).toHaveAttribute("data-state", "answered");
    expect(within(answered).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "2026-11-28 09:00",
      "H-000021",
      "Inbound",
      "+86 138 0013 8000",
      "Wang Li",
      "Hotline",
      "Zhang Wei",
      "Answered",
      "0:08",
      "4:05",
      "Resolved on the call",
    ]);
    expect(within(answered).getByRole("link", { name: "Wang Li" })).toHaveAttribute("href", "/customers/4");
    expect(within(answered).getByRole("link", { name: "H-000021" })).toHaveAttribute("href", "/calls/21");
    const missed = screen.getByTestId("call-row-22");
    expect(missed).toHaveTextContent("+86 139 1234 5678");
    expect(missed).toHaveTextContent("Missed");
    expect(screen.getByTestId("call-count")).toHaveTextContent("2 calls");

    // Today, in the user's time zone.
    const asked = calls(all, "GET", "/hotline/calls/")[0]!.url.searchParams;
    const today = daysRange(todayIso(), todayIso());
    expect(asked.get("since")).toBe(today.since);
    expect(asked.get("until")).toBe(today.until);
    expect(asked.get("page_size")).toBe("50");
  });

  it("filters by state, direction, queue, agent and number, and clears the filters", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/calls/": ok(page([ANSWERED])) });
    showCalls();
    await screen.findByTestId("call-row-21");
    await chooseOption("call-state-filter", "Missed");
    await chooseOption("call-direction-filter", "Inbound");
    await chooseOption("call-queue-filter", "Hotline");
    await chooseOption("call-agent-filter", "Li Na");
    const search = screen.getByPlaceholderText("Phone number");
    fireEvent.change(search, { target: { value: " 139 1234 5678 " } });
    fireEvent.keyDown(search, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() => {
      const last = calls(all, "GET", "/hotline/calls/").at(-1)!.url.searchParams;
      expect(last.get("state")).toBe("missed");
      expect(last.get("direction")).toBe("inbound");
      expect(last.get("queue")).toBe("1");
      expect(last.get("agent")).toBe("5");
      expect(last.get("number")).toBe("139 1234 5678");
    });
    fireEvent.click(screen.getByTestId("call-filters-reset"));
    await waitFor(() => {
      const last = calls(all, "GET", "/hotline/calls/").at(-1)!.url.searchParams;
      expect([last.get("state"), last.get("number"), last.get("agent")]).toEqual([null, null, null]);
    });
  });

  it("reads its filters and days from the address", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/calls/": ok(page([])) });
    showCalls("/calls?state=missed,abandoned&direction=outbound&from=2026-11-01&to=2026-11-03&number=13800138000");
    expect(await screen.findByText("No calls match these filters.")).toBeInTheDocument();
    const asked = calls(all, "GET", "/hotline/calls/")[0]!.url.searchParams;
    expect(asked.get("state")).toBe("missed,abandoned");
    expect(asked.get("direction")).toBe("outbound");
    expect(asked.get("number")).toBe("13800138000");
    expect(asked.get("since")).toBe("2026-11-01T00:00:00.000Z");
    expect(asked.get("until")).toBe("2026-11-04T00:00:00.000Z");
  });

  it("refetches when a call changes", async () => {
    let rows = [ANSWERED];
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/calls/": () => ({ body: page(rows) }) });
    showCalls();
    await screen.findByTestId("call-row-21");
    rows = [callRow({ id: 23, reference: "H-000023" }), ANSWERED];
    const before = calls(all, "GET", "/hotline/calls/").length;
    act(() => {
      live.emit({ type: "call.changed", payload: rows[0] });
      live.emit({ type: "call.changed", payload: rows[0] });
    });
    expect(await screen.findByTestId("call-row-23")).toHaveAttribute("data-state", "ringing");
    expect(calls(all, "GET", "/hotline/calls/").length - before).toBe(1); // a burst refetches once
  });

  it("shows the API's error in the shared shape", async () => {
    serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": () => ({
        status: 400,
        body: { code: "invalid", message: "Some fields are invalid.", fields: { number: ["Ensure this field has no more than 40 characters."] } },
      }),
    });
    showCalls();
    expect(await screen.findByTestId("call-list-error")).toHaveTextContent(
      "Some fields are invalid. Ensure this field has no more than 40 characters.",
    );
  });
});

describe("the missed calls", () => {
  it("lists ring-backs with their folded calls, attempts and due time", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/ringbacks/": ok(page([ringBack()])) });
    showCalls("/calls?tab=ringbacks");
    const row = await screen.findByTestId("ringback-row-40");
    expect(within(row).getByTestId("ringback-number-40")).toHaveTextContent("+86 139 1234 5678");
    expect(within(row).getByTestId("ringback-missed-40")).toHaveTextContent("3 calls");
    expect(within(row).getByTestId("ringback-missed-40")).toHaveAttribute("data-count", "3");
    expect(within(row).getByTestId("ringback-attempts-40")).toHaveTextContent("1");
    expect(within(row).getByTestId("ringback-due-40")).toHaveAttribute("data-sla", "normal");
    expect(row).toHaveTextContent("2026-11-28 08:40");
    expect(calls(all, "GET", "/hotline/ringbacks/")[0]!.url.searchParams.get("state")).toBe("open");

    fireEvent.click(within(row).getByRole("button", { name: /expand row/i }));
    expect(await screen.findByTestId("ringback-call-35")).toHaveTextContent("H-000035");
    expect(screen.getByTestId("ringback-call-35")).toHaveTextContent("waited 0:30");

    fireEvent.click(screen.getByText("Done"));
    await waitFor(() => expect(calls(all, "GET", "/hotline/ringbacks/").at(-1)!.url.searchParams.get("state")).toBe("done"));
  });

  it("calls back against the ring-back: an outbound call logged on its work item", async () => {
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/ringbacks/": ok(page([ringBack()])),
      "GET /queues/1/categories/": ok(page([{ id: 9, name: "Top-up", queue: 1 }])),
      "POST /hotline/calls/": () => ({ status: 201, body: callDetail({ id: 50, reference: "H-000050", direction: "outbound" }) }),
    });
    showCalls("/calls?tab=ringbacks");
    fireEvent.click(await screen.findByTestId("ringback-callback-40"));
    expect(await screen.findByText("Call back +86 139 1234 5678 (R-000040)")).toBeInTheDocument();
    expect(screen.getByTestId("log-number")).toHaveValue("+8613912345678");
    expect(screen.getByTestId("log-number")).toBeDisabled();
    await chooseOption("log-state", "Reached them");
    await chooseOption("log-outcome", "Resolved on the call");
    await chooseOption("log-category", "Top-up");
    fireEvent.change(screen.getByTestId("log-notes"), { target: { value: "  Top-up arrived after all. " } });
    fireEvent.click(screen.getByTestId("log-submit"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/calls/")).toHaveLength(1));
    expect(calls(all, "POST", "/hotline/calls/")[0]!.body).toEqual({
      direction: "outbound",
      to: "+8613912345678",
      state: "answered",
      item: 40,
      outcome: "resolved",
      category: 9,
      notes: "Top-up arrived after all.",
    });
    expect(await screen.findByText("Call H-000050 logged.")).toBeInTheDocument();
    await waitFor(() => expect(calls(all, "GET", "/hotline/ringbacks/").length).toBeGreaterThanOrEqual(2));
  });

  it("closes a ring-back only with a reason", async () => {
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/ringbacks/": ok(page([ringBack()])),
      "POST /hotline/ringbacks/40/close/": () => ({ body: ringBack({ status: "closed" }) }),
    });
    showCalls("/calls?tab=ringbacks");
    fireEvent.click(await screen.findByTestId("ringback-close-40"));
    fireEvent.click(await screen.findByTestId("ringback-close-submit"));
    expect(await screen.findByText("Say why.")).toBeInTheDocument();
    expect(calls(all, "POST", "/hotline/ringbacks/40/close/")).toHaveLength(0);
    fireEvent.change(screen.getByTestId("ringback-close-reason"), { target: { value: " Nuisance caller " } });
    fireEvent.click(screen.getByTestId("ringback-close-submit"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/ringbacks/40/close/")).toHaveLength(1));
    expect(calls(all, "POST", "/hotline/ringbacks/40/close/")[0]!.body).toEqual({ reason: "Nuisance caller" });
    expect(await screen.findByText("Ring-back R-000040 closed.")).toBeInTheDocument();
  });

  it("shows a refusal to close in the dialog", async () => {
    serve({
      "GET /queues/": QUEUES,
      "GET /hotline/ringbacks/": ok(page([ringBack()])),
      "POST /hotline/ringbacks/40/close/": () => ({
        status: 409,
        body: { code: "item_not_active", message: "This item is already resolved or closed.", fields: {} },
      }),
    });
    showCalls("/calls?tab=ringbacks");
    fireEvent.click(await screen.findByTestId("ringback-close-40"));
    fireEvent.change(await screen.findByTestId("ringback-close-reason"), { target: { value: "Called from my mobile" } });
    fireEvent.click(screen.getByTestId("ringback-close-submit"));
    expect(await screen.findByTestId("ringback-close-error")).toHaveTextContent("This item is already resolved or closed.");
  });

  it("refetches when a ring-back's work item changes", async () => {
    let rows = [ringBack()];
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/ringbacks/": () => ({ body: page(rows) }) });
    showCalls("/calls?tab=ringbacks");
    await screen.findByTestId("ringback-row-40");
    rows = [ringBack({ missed_count: 4 })];
    const before = calls(all, "GET", "/hotline/ringbacks/").length;
    act(() => live.emit({ type: "workitem.changed", payload: { id: 7, kind: "ticket" } }));
    act(() => live.emit({ type: "workitem.changed", payload: { id: 40, kind: "callback" } }));
    await waitFor(() => expect(screen.getByTestId("ringback-missed-40")).toHaveTextContent("4 calls"));
    expect(calls(all, "GET", "/hotline/ringbacks/").length - before).toBe(1);
  });
});

describe("the figures", () => {
  it("shows today's answered, missed, abandoned, average wait and talk, per queue and per agent", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/figures/": ok(figures()) });
    showCalls("/calls?tab=figures");
    expect(await screen.findByTestId("figures-total")).toHaveTextContent("12");
    expect(screen.getByTestId("figures-answered")).toHaveTextContent("8");
    expect(screen.getByTestId("figures-missed")).toHaveTextContent("2");
    expect(screen.getByTestId("figures-abandoned")).toHaveTextContent("1");
    expect(screen.getByTestId("figures-avg-wait")).toHaveTextContent("0:19");
    expect(screen.getByTestId("figures-avg-talk")).toHaveTextContent("4:05");
    expect(within(screen.getByTestId("figures-queue-1")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "Hotline",
      "12",
      "8",
      "2",
      "1",
      "1",
      "0:19",
      "4:05",
    ]);
    expect(within(screen.getByTestId("figures-agent-3")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "Zhang Wei",
      "5",
      "4",
      "1",
      "0",
      "0",
      "0:12",
      "1:02:05",
    ]);
    expect(within(screen.getByTestId("figures-agent-5")).getAllByRole("cell").map((c) => c.textContent).slice(-2)).toEqual([
      "—",
      "—",
    ]);
    const asked = calls(all, "GET", "/hotline/figures/")[0]!.url.searchParams;
    expect(asked.get("since")).toBe(daysRange(todayIso(), todayIso()).since);
  });

  it("shows the API's error", async () => {
    serve({
      "GET /queues/": QUEUES,
      "GET /hotline/figures/": () => ({
        status: 403,
        body: { code: "permission_denied", message: "You do not have permission to perform this action.", fields: {} },
      }),
    });
    showCalls("/calls?tab=figures");
    expect(await screen.findByTestId("figures-error")).toHaveTextContent("You do not have permission to perform this action.");
  });

  it("offers a supervisor the figures as CSV or XLSX with the page's filters, not an agent", async () => {
    const all = serve({ "GET /queues/": QUEUES, "GET /hotline/figures/": ok(figures()) });
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:figures"), revokeObjectURL: vi.fn() });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const shown = showCalls("/calls?tab=figures");
    await screen.findByTestId("figures-total");
    expect(screen.queryByTestId("figures-export-csv")).not.toBeInTheDocument();
    shown.unmount();

    renderPage(<CallsPage />, { me: makeMe("supervisor", { queues: AGENT.queues }), path: "/calls?tab=figures", route: "/calls/:callId?" });
    await screen.findByTestId("figures-total");
    fireEvent.click(screen.getByTestId("figures-export-xlsx"));
    await waitFor(() => expect(saved).toEqual(["hotline-figures.xlsx"]));
    fireEvent.click(screen.getByTestId("figures-agents-export-csv"));
    await waitFor(() => expect(saved).toHaveLength(2));
    const files = calls(all, "GET", "/hotline/figures/").filter((c) => c.url.searchParams.has("output"));
    const since = daysRange(todayIso(), todayIso()).since;
    expect(files.map((c) => [c.url.searchParams.get("output"), c.url.searchParams.get("table"), c.url.searchParams.get("since")])).toEqual([
      ["xlsx", null, since],
      ["csv", "agents", since],
    ]);
    expect(screen.queryByTestId("figures-agents-export-xlsx")).not.toBeInTheDocument();
  });
});

describe("logging a call by hand", () => {
  it("sends the call's fields, and puts the server's refusals under them", async () => {
    let refuse = true;
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([])),
      "GET /queues/1/categories/": ok(page([])),
      "POST /hotline/calls/": () =>
        refuse
          ? {
              status: 400,
              body: { code: "invalid_number", message: "Not a valid phone number.", fields: { from: ["Not a valid phone number."] } },
            }
          : { status: 201, body: callDetail({ id: 51, reference: "H-000051", source: "manual", state: "missed" }) },
    });
    showCalls();
    fireEvent.click(await screen.findByTestId("call-log-open"));
    fireEvent.click(await screen.findByTestId("log-submit"));
    expect(await screen.findByText("Required.")).toBeInTheDocument();
    expect(calls(all, "POST", "/hotline/calls/")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("log-number"), { target: { value: "12345" } });
    await chooseOption("log-state", "Missed (nobody answered)");
    fireEvent.click(screen.getByTestId("log-submit"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/calls/")).toHaveLength(1));
    expect(calls(all, "POST", "/hotline/calls/")[0]!.body).toEqual({
      direction: "inbound",
      from: "12345",
      state: "missed",
      queue: 1,
      notes: "",
    });
    const number = screen.getByTestId("log-number").closest(".ant-form-item") as HTMLElement;
    expect(await within(number).findByText("Not a valid phone number.")).toBeInTheDocument();

    refuse = false;
    fireEvent.click(screen.getByTestId("log-direction-outbound"));
    expect(await screen.findByText("Number called")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("log-number"), { target: { value: "13800138000" } });
    fireEvent.click(screen.getByTestId("log-submit"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/calls/")).toHaveLength(2));
    expect(calls(all, "POST", "/hotline/calls/")[1]!.body).toMatchObject({ direction: "outbound", to: "13800138000" });
    expect(await screen.findByText("Call H-000051 logged.")).toBeInTheDocument();
  });
});

describe("a call's detail", () => {
  const DETAIL = callDetail({
    ...ANSWERED,
    customer: null,
    matched_customers: [
      { id: 4, name: "Wang Li" },
      { id: 5, name: "Wang Lei" },
    ],
    links: [
      {
        kind: "relates",
        direction: "in",
        item: { id: 77, reference: "T-000077", kind: "ticket", subject: "Phone call from Wang Li", status: "open" },
        created_at: "2026-11-28T09:05:00Z",
      },
    ],
    orders: [{ reference: "R20261128ABCDEFGHJK", created_at: "2026-11-28T09:06:00Z" }],
  });

  it("opens over the list with its facts, links and orders, and saves the wrap-up", async () => {
    let current = DETAIL;
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([ANSWERED])),
      "GET /hotline/calls/21/": () => ({ body: current }),
      "GET /queues/1/categories/": ok(page([{ id: 9, name: "Top-up", queue: 1 }])),
      "GET /orders/": ok(page([{ id: 31, reference: "R20261128ABCDEFGHJK" }])),
      "POST /hotline/calls/21/wrap-up/": () => {
        current = { ...current, outcome: "follow_up", notes: "Call back tomorrow.", wrapped_up_at: "2026-11-28T09:07:00Z" };
        return { body: current };
      },
      "POST /hotline/calls/21/customer/": () => {
        current = { ...current, customer: { id: 5, name: "Wang Lei" } };
        return { body: current };
      },
    });
    showCalls("/calls/21");
    expect(await screen.findByText("Call H-000021")).toBeInTheDocument();
    expect(screen.getByTestId("call-detail-state")).toHaveTextContent("Answered");
    expect(screen.getByTestId("call-detail-from")).toHaveTextContent("+86 138 0013 8000");
    expect(screen.getByTestId("call-detail-facts")).toHaveTextContent("Zhang Wei (8001)");
    expect(screen.getByTestId("call-detail-link-item-77")).toHaveAttribute("href", "/tickets/77");
    await waitFor(() => expect(screen.getByTestId("call-detail-order-R20261128ABCDEFGHJK")).toHaveAttribute("href", "/orders/31"));
    expect(screen.getByTestId("call-detail-customer")).toHaveTextContent("Several customer files match this number");

    fireEvent.click(screen.getByTestId("call-detail-link-5"));
    expect(await screen.findByTestId("call-detail-customer-link")).toHaveTextContent("Wang Lei");
    expect(calls(all, "POST", "/hotline/calls/21/customer/")[0]!.body).toEqual({ customer: 5 });

    await chooseOption("wrap-up-outcome", "Follow-up needed");
    fireEvent.change(screen.getByTestId("wrap-up-notes"), { target: { value: "Call back tomorrow. " } });
    fireEvent.click(screen.getByTestId("wrap-up-save"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/calls/21/wrap-up/")).toHaveLength(1));
    expect(calls(all, "POST", "/hotline/calls/21/wrap-up/")[0]!.body).toEqual({
      outcome: "follow_up",
      notes: "Call back tomorrow.",
      category: null,
    });
    expect(await screen.findByText("Wrap-up saved.")).toBeInTheDocument();
    expect(await screen.findByTestId("wrap-up-when")).toHaveTextContent("Wrapped up 2026-11-28 09:07");
  });

  it("offers the categories of the queue the work was transferred to", async () => {
    const moved = { ...DETAIL, item: { ...DETAIL.item, queue: { id: 2, name: "Support", slug: "support" } } };
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([ANSWERED])),
      "GET /hotline/calls/21/": ok(moved),
      "GET /queues/2/categories/": ok(page([{ id: 12, name: "Refund", queue: 2 }])),
      "GET /orders/": ok(page([])),
      "POST /hotline/calls/21/wrap-up/": ok(moved),
    });
    showCalls("/calls/21");
    expect(await screen.findByText("Call H-000021")).toBeInTheDocument();
    await screen.findByTestId("wrap-up-category");
    await waitFor(() => expect(calls(all, "GET", "/queues/2/categories/")).toHaveLength(1));
    await chooseOption("wrap-up-category", "Refund");
    fireEvent.click(screen.getByTestId("wrap-up-save"));
    await waitFor(() => expect(calls(all, "POST", "/hotline/calls/21/wrap-up/")).toHaveLength(1));
    expect(calls(all, "POST", "/hotline/calls/21/wrap-up/")[0]!.body).toMatchObject({ category: 12 });
    expect(calls(all, "GET", "/queues/1/categories/")).toHaveLength(0);
  });

  it("shows who may not wrap up the call why", async () => {
    serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([ANSWERED])),
      "GET /hotline/calls/21/": ok(DETAIL),
      "GET /queues/1/categories/": ok(page([])),
      "GET /orders/": ok(page([])),
      "POST /hotline/calls/21/wrap-up/": () => ({
        status: 403,
        body: { code: "not_yours", message: "Only the call's agent or a lead of its queue can change it.", fields: {} },
      }),
    });
    showCalls("/calls/21");
    fireEvent.click(await screen.findByTestId("wrap-up-save"));
    expect(await screen.findByTestId("wrap-up-error")).toHaveTextContent("Only the call's agent or a lead of its queue can change it.");
  });

  it("creates a ticket from the call", async () => {
    const all = serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([ANSWERED])),
      "GET /hotline/calls/21/": ok(DETAIL),
      "GET /queues/1/categories/": ok(page([])),
      "GET /orders/": ok(page([])),
      "POST /hotline/calls/21/ticket/": () => ({ status: 201, body: ticket({ id: 78, reference: "T-000078" }) }),
    });
    showCalls("/calls/21");
    fireEvent.click(await screen.findByTestId("call-detail-ticket"));
    expect(await screen.findByText("ticket page")).toBeInTheDocument();
    expect(calls(all, "POST", "/hotline/calls/21/ticket/")).toHaveLength(1);
  });

  it("says when the call is not one the user may see", async () => {
    serve({
      "GET /queues/": QUEUES,
      "GET /hotline/calls/": ok(page([])),
      "GET /hotline/calls/99/": () => ({ status: 404, body: { code: "not_found", message: "Not found.", fields: {} } }),
    });
    showCalls("/calls/99");
    expect(await screen.findByTestId("call-detail-error")).toHaveTextContent("Not found.");
  });
});
