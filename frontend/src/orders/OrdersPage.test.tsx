import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { chooseOption } from "../shifts/testing";
import { live } from "../tickets/liveMock";
import { GAME, order, PRODUCT, reportRow, sparkline, tile } from "./fixtures";
import { OrdersPage } from "./OrdersPage";

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

const HANDLER = makeMe("order_handler", { id: 9, name: "Olivia Orders" });
const SUPERVISOR = makeMe("supervisor");
const AGENT = makeMe("agent");

const TILES = [
  tile(),
  tile({
    id: 2,
    name: "beta",
    breaker: { state: "half_open", forced: "", retry_in: null, trips: 1 },
    success_rate: 0.5,
    answered: 4,
    errors: { timeout: 1, busy: 1 },
    balance: 50_000,
    low_balance: true,
  }),
  tile({
    id: 3,
    name: "gamma",
    breaker: { state: "open", forced: "", retry_in: 12.4, trips: 2 },
    success_rate: 0,
    answered: 6,
    latency_p50_ms: null,
    latency_p95_ms: null,
    in_flight: 0,
    balance: null,
    balance_read_at: null,
    errors: { supplier: 4, transport: 2 },
    sparkline: sparkline([{ failed: 4 }, { failed: 2 }]),
  }),
  tile({
    id: 4,
    name: "delta",
    breaker: { state: "open", forced: "open", retry_in: null, trips: 0 },
    forced_reason: "Supplier maintenance until 18:00",
    success_rate: null,
    answered: 0,
    errors: {},
    sparkline: sparkline(),
  }),
];

describe("the channel panel", () => {
  it("shows each channel's breaker, success rate, latency, balance and errors", async () => {
    serve({ "GET /orders/channels/": ok(TILES) });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });

    const alpha = await screen.findByTestId("channel-tile-1");
    expect(within(alpha).getByTestId("channel-state-1")).toHaveTextContent("Closed");
    expect(within(alpha).getByTestId("channel-state-1")).toHaveAttribute("data-state", "closed");
    expect(within(alpha).getByTestId("channel-state-1")).toHaveClass("ant-tag-green");
    expect(within(alpha).getByTestId("channel-rate-1")).toHaveTextContent("96% (25 answers)");
    expect(within(alpha).getByTestId("channel-latency-1")).toHaveTextContent("p50 42 ms · p95 180 ms");
    expect(within(alpha).getByTestId("channel-in-flight-1")).toHaveTextContent("2");
    expect(within(alpha).getByTestId("channel-balance-1")).toHaveTextContent("¥100,000.00 read 2m ago");
    expect(within(alpha).getByTestId("channel-errors-1")).toHaveTextContent("Supplier error: 1");
    const spark = within(alpha).getByTestId("channel-spark-1");
    expect(spark).toHaveAttribute("data-ok", "24");
    expect(spark).toHaveAttribute("data-failed", "1");
    expect(spark).toHaveAccessibleName("Last 30 minutes: 24 succeeded, 1 failed");

    const beta = screen.getByTestId("channel-tile-2");
    expect(within(beta).getByTestId("channel-state-2")).toHaveTextContent("Half-open");
    expect(within(beta).getByTestId("channel-state-2")).toHaveClass("ant-tag-orange");
    expect(within(beta).getByTestId("channel-rate-2")).toHaveTextContent("50% (4 answers)");
    expect(within(beta).getByTestId("channel-balance-2")).toHaveTextContent("¥500.00");
    expect(within(beta).getByTestId("channel-low-balance-2")).toHaveTextContent("Low balance");
    expect(within(beta).getByTestId("channel-errors-2")).toHaveTextContent("Supplier busy: 1No answer in time: 1");

    const gamma = screen.getByTestId("channel-tile-3");
    expect(within(gamma).getByTestId("channel-state-3")).toHaveTextContent("Open");
    expect(within(gamma).getByTestId("channel-state-3")).toHaveClass("ant-tag-red");
    expect(within(gamma).getByTestId("channel-retry-3")).toHaveTextContent("No traffic; tries again in 13s · tripped 2 times in a row");
    expect(within(gamma).getByTestId("channel-rate-3")).toHaveTextContent("0% (6 answers)");
    expect(within(gamma).getByTestId("channel-latency-3")).toHaveTextContent("p50 — · p95 —");
    expect(within(gamma).getByTestId("channel-balance-3")).toHaveTextContent("Not read yet");
    expect(within(gamma).getByTestId("channel-errors-3")).toHaveTextContent("Supplier error: 4Connection failed: 2");

    const delta = screen.getByTestId("channel-tile-4");
    expect(within(delta).getByTestId("channel-state-4")).toHaveTextContent("Forced open");
    expect(within(delta).getByTestId("channel-state-4")).toHaveAttribute("data-forced", "open");
    expect(within(delta).getByTestId("channel-rate-4")).toHaveTextContent("— (0 answers)");
    expect(within(delta).queryByTestId("channel-retry-4")).not.toBeInTheDocument();
    expect(screen.getByTestId("panel-updated")).toHaveTextContent(/^Updated \d+ s ago$/);
  });

  it("says who forced a channel and why", async () => {
    serve({
      "GET /orders/channels/": ok(TILES),
      "GET /orders/channels/4/events/": ok(
        page([
          {
            id: 8,
            kind: "forced",
            from_state: "",
            to_state: "open",
            data: {},
            reason: "Supplier maintenance until 18:00",
            actor: { id: 9, username: "olivia", name: "Olivia Orders" },
            created_at: "2026-11-28T08:30:00Z",
          },
        ]),
      ),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });
    fireEvent.mouseEnter(await screen.findByTestId("channel-state-4"));
    const tip = await screen.findByTestId("channel-forced-4");
    expect(tip).toHaveTextContent("Why: Supplier maintenance until 18:00");
    await waitFor(() => expect(tip).toHaveTextContent("By Olivia Orders, 2026-11-28 08:30"));
  });

  it("polls the tiles every 3 seconds and on order events", async () => {
    let rate = 0.96;
    const all = serve({ "GET /orders/channels/": () => ({ body: [tile({ success_rate: rate })] }) });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });
    expect(await screen.findByTestId("channel-rate-1")).toHaveTextContent("96%");

    rate = 0.5;
    await waitFor(() => expect(screen.getByTestId("channel-rate-1")).toHaveTextContent("50%"), { timeout: 5_000 });
    expect(calls(all, "GET", "/orders/channels/").length).toBeGreaterThanOrEqual(2);

    // A burst of events (an order sent, failed, sent elsewhere, a breaker opening) refetches once.
    rate = 0.25;
    const before = calls(all, "GET", "/orders/channels/").length;
    act(() => {
      live.emit({ type: "orders.order", payload: { id: 7, reference: "R1", status: "dispatching", channel: 1 } });
      live.emit({ type: "orders.order", payload: { id: 7, reference: "R1", status: "dispatching", channel: 1 } });
      live.emit({ type: "orders.channel", payload: { id: 1, state: "open", reason: "failure_rate" } });
      live.emit({ type: "orders.order", payload: { id: 7, reference: "R1", status: "dispatching", channel: 2 } });
      live.emit({ type: "orders.order", payload: { id: 7, reference: "R1", status: "succeeded", channel: 2 } });
    });
    await waitFor(() => expect(screen.getByTestId("channel-rate-1")).toHaveTextContent("25%"), { timeout: 1_500 });
    expect(calls(all, "GET", "/orders/channels/").length - before).toBeLessThanOrEqual(2); // and perhaps a poll
  });

  it("forces a channel open only with a reason, and sends it", async () => {
    const all = serve({
      "GET /orders/channels/": ok(TILES),
      "POST /orders/channels/1/force/": () => ({
        body: [tile({ breaker: { state: "open", forced: "open", retry_in: null, trips: 0 }, forced_reason: "Complaints about slow top-ups" })],
      }),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });
    fireEvent.click(await screen.findByTestId("channel-force-open-1"));
    expect(await screen.findByText("Force alpha open")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("force-submit"));
    expect(await screen.findByText("Say why.")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("force-reason"), { target: { value: "   " } });
    fireEvent.click(screen.getByTestId("force-submit"));
    await screen.findByText("Say why.");
    expect(calls(all, "POST", "/orders/channels/1/force/")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("force-reason"), { target: { value: " Complaints about slow top-ups " } });
    fireEvent.click(screen.getByTestId("force-submit"));
    await waitFor(() => expect(calls(all, "POST", "/orders/channels/1/force/")).toHaveLength(1));
    expect(calls(all, "POST", "/orders/channels/1/force/")[0]!.body).toEqual({ state: "open", reason: "Complaints about slow top-ups" });
    expect(await screen.findByText("alpha forced open.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("channel-state-1")).toHaveTextContent("Forced open"));
  });

  it("gives a forced channel back to automatic, and forces one closed", async () => {
    const all = serve({
      "GET /orders/channels/": ok(TILES),
      "POST /orders/channels/4/force/": ok(TILES),
      "POST /orders/channels/2/force/": ok(TILES),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });
    const delta = await screen.findByTestId("channel-tile-4");
    expect(within(delta).queryByTestId("channel-force-open-4")).not.toBeInTheDocument();
    fireEvent.click(within(delta).getByTestId("channel-force-auto-4"));
    fireEvent.change(await screen.findByTestId("force-reason"), { target: { value: "Maintenance over" } });
    fireEvent.click(screen.getByTestId("force-submit"));
    await waitFor(() => expect(calls(all, "POST", "/orders/channels/4/force/")).toHaveLength(1));
    expect(calls(all, "POST", "/orders/channels/4/force/")[0]!.body).toEqual({ state: "", reason: "Maintenance over" });
    expect(await screen.findByText("delta is back to automatic.")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("channel-force-closed-2"));
    fireEvent.change(await screen.findByTestId("force-reason"), { target: { value: "Only channel with stock" } });
    fireEvent.click(screen.getByTestId("force-submit"));
    await waitFor(() => expect(calls(all, "POST", "/orders/channels/2/force/")).toHaveLength(1));
    expect(calls(all, "POST", "/orders/channels/2/force/")[0]!.body).toEqual({ state: "closed", reason: "Only channel with stock" });
  });

  it("shows a channel's history", async () => {
    serve({
      "GET /orders/channels/": ok(TILES),
      "GET /orders/channels/3/events/": ok(
        page([
          { id: 12, kind: "breaker", from_state: "half_open", to_state: "open", data: { wait_seconds: 4.2 }, reason: "probe_failed", actor: null, created_at: "2026-11-28T09:05:00Z" },
          { id: 11, kind: "breaker", from_state: "closed", to_state: "open", data: { wait_seconds: 2 }, reason: "failure_rate", actor: null, created_at: "2026-11-28T09:00:00Z" },
        ]),
      ),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders" });
    fireEvent.click(await screen.findByTestId("channel-history-3"));
    expect(await screen.findByText("gamma: history")).toBeInTheDocument();
    const latest = await screen.findByTestId("channel-event-12");
    expect(latest).toHaveTextContent("Breaker Half-open → Open");
    expect(latest).toHaveTextContent("Why: A probe order failed");
    expect(latest).toHaveTextContent("Cooling wait 4s");
    expect(screen.getByTestId("channel-event-11")).toHaveTextContent("Why: Too many failures");
  });

  it("offers forcing only to those who manage channels", async () => {
    serve({ "GET /orders/channels/": ok(TILES) });
    renderPage(<OrdersPage />, { me: SUPERVISOR, path: "/orders" });
    await screen.findByTestId("channel-tile-1");
    expect(screen.queryByTestId("channel-force-open-1")).not.toBeInTheDocument();
    expect(screen.getByTestId("channel-history-1")).toBeInTheDocument();
  });
});

describe("order search", () => {
  it("finds orders by reference or phone number and status", async () => {
    const all = serve({
      "GET /orders/": ({ url }) => ({
        body: page(
          url.searchParams.get("q")
            ? [order({ status: "failed", channel: { id: 1, name: "alpha" } })]
            : [order(), order({ id: 32, reference: "R20261128ZZZZZZZZZZ", status: "refunded", channel: null })],
        ),
      }),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=orders" });
    const row = await screen.findByTestId("order-row-31");
    expect(row).toHaveTextContent("R20261128ABCDEFGHJK");
    expect(row).toHaveTextContent("+8613800138000");
    expect(row).toHaveTextContent("China Mobile 30");
    expect(row).toHaveTextContent("¥30.00");
    expect(row).toHaveTextContent("Succeeded");
    expect(row).toHaveTextContent("beta");
    expect(row).toHaveTextContent("2026-11-28 09:00");
    expect(within(row).getByRole("link", { name: "R20261128ABCDEFGHJK" })).toHaveAttribute("href", "/orders/31");
    expect(screen.getByTestId("order-row-32")).toHaveTextContent("Refunded");
    expect(screen.getByTestId("order-count")).toHaveTextContent("2 orders");

    fireEvent.change(screen.getByPlaceholderText("Reference or phone number"), { target: { value: " 13800138000 " } });
    fireEvent.keyDown(screen.getByPlaceholderText("Reference or phone number"), { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() => expect(screen.queryByTestId("order-row-32")).not.toBeInTheDocument());
    expect(screen.getByTestId("order-row-31")).toHaveTextContent("Failed");
    await chooseOption("order-status-filter", "Failed");
    await waitFor(() => {
      const last = calls(all, "GET", "/orders/").at(-1)!;
      expect(last.url.searchParams.get("q")).toBe("13800138000");
      expect(last.url.searchParams.get("status")).toBe("failed");
    });
  });

  it("shows agents the orders only, without channels", async () => {
    const all = serve({ "GET /orders/": ok(page([order({ channel: null })])) });
    renderPage(<OrdersPage />, { me: AGENT, path: "/orders" });
    await screen.findByTestId("order-row-31");
    expect(screen.queryByRole("tab", { name: "Channels" })).not.toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Channel report" })).not.toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: "Channel" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("order-place")).not.toBeInTheDocument();
    expect(calls(all, "GET", "/orders/channels/")).toHaveLength(0);
  });

  it("places a test order for the product's face value, and shows refusals under the fields", async () => {
    let refuse = true;
    const all = serve({
      "GET /orders/": ok(page([])),
      "GET /orders/products/": ok([PRODUCT, GAME]),
      "POST /orders/": () =>
        refuse
          ? {
              status: 400,
              body: {
                code: "invalid_account",
                message: "Not a valid mainland mobile number (or account) for this product.",
                fields: { account: ["Not a valid mainland mobile number (or account) for this product."] },
              },
            }
          : { status: 201, body: order({ status: "created", channel: null }) },
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=orders" });
    fireEvent.click(await screen.findByTestId("order-place"));
    await chooseOption("place-product", "China Mobile 30 (mobile-30) · ¥30.00");
    expect(screen.getByTestId("place-amount")).toHaveValue("30.00");
    expect(await screen.findByText("The product's face value: ¥30.00")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("place-account"), { target: { value: "12345" } });
    fireEvent.click(screen.getByTestId("place-submit"));

    await waitFor(() => expect(calls(all, "POST", "/orders/")).toHaveLength(1));
    expect(calls(all, "POST", "/orders/")[0]!.body).toEqual({ product: 5, account: "12345", amount: 3000 });
    const account = screen.getByTestId("place-account").closest(".ant-form-item") as HTMLElement;
    expect(await within(account).findByText("Not a valid mainland mobile number (or account) for this product.")).toBeInTheDocument();

    refuse = false;
    fireEvent.change(screen.getByTestId("place-account"), { target: { value: "13800138000" } });
    fireEvent.click(screen.getByTestId("place-submit"));
    await waitFor(() => expect(calls(all, "POST", "/orders/")).toHaveLength(2));
    expect(calls(all, "POST", "/orders/")[1]!.body).toEqual({ product: 5, account: "13800138000", amount: 3000 });
    // One Idempotency-Key for the dialog: a resend cannot place a second order.
    const keys = calls(all, "POST", "/orders/").map((c) => c.headers["Idempotency-Key"]);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await screen.findByText("Order R20261128ABCDEFGHJK placed.")).toBeInTheDocument();
  });

  it("says an order was already placed from the form when its key was used for another", async () => {
    serve({
      "GET /orders/": ok(page([])),
      "GET /orders/products/": ok([PRODUCT, GAME]),
      "POST /orders/": () => ({
        status: 409,
        body: { code: "idempotency_key_reused", message: "This Idempotency-Key was used for a different order.", fields: {} },
      }),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=orders" });
    fireEvent.click(await screen.findByTestId("order-place"));
    await chooseOption("place-product", "China Mobile 30 (mobile-30) · ¥30.00");
    fireEvent.change(screen.getByTestId("place-account"), { target: { value: "13800138000" } });
    fireEvent.click(screen.getByTestId("place-submit"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "An order was already placed from this form (its answer may have been lost): see the order list before placing another.",
    );
  });

  it("shows an amount that is not the face value as refused under the amount", async () => {
    const all = serve({
      "GET /orders/": ok(page([])),
      "GET /orders/products/": ok([PRODUCT]),
      "POST /orders/": () => ({
        status: 400,
        body: {
          code: "amount_mismatch",
          message: "The amount does not match the product's face value (3000 fen).",
          fields: { amount: ["The amount does not match the product's face value (3000 fen)."] },
        },
      }),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=orders" });
    fireEvent.click(await screen.findByTestId("order-place"));
    await chooseOption("place-product", "China Mobile 30 (mobile-30) · ¥30.00");
    fireEvent.change(screen.getByTestId("place-account"), { target: { value: "13800138000" } });
    fireEvent.change(screen.getByTestId("place-amount"), { target: { value: "29.5" } });
    fireEvent.click(screen.getByTestId("place-submit"));
    await waitFor(() => expect(calls(all, "POST", "/orders/")).toHaveLength(1));
    expect(calls(all, "POST", "/orders/")[0]!.body).toEqual({ product: 5, account: "13800138000", amount: 2950 });
    const amount = screen.getByTestId("place-amount").closest(".ant-form-item") as HTMLElement;
    expect(await within(amount).findByText("The amount does not match the product's face value (3000 fen).")).toBeInTheDocument();
  });
});

describe("the channel report", () => {
  it("shows the day's figures per channel and a success-rate chart", async () => {
    const all = serve({
      "GET /orders/report/": ok([
        reportRow(),
        reportRow({ channel: "beta", sent: 40, succeeded: 40, failed: 0, success_rate: 1, errors: {}, incidents: 0, balance: null }),
      ]),
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=report" });
    const alpha = await screen.findByTestId("report-row-alpha");
    const cells = within(alpha).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual([
      "alpha",
      "120",
      "110",
      "10",
      "91.7%",
      "45 ms",
      "210 ms",
      "Supplier error: 8Supplier busy: 2",
      "2",
      "¥96,400.00",
    ]);
    expect(within(screen.getByTestId("report-row-beta")).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "beta",
      "40",
      "40",
      "0",
      "100%",
      "45 ms",
      "210 ms",
      "—",
      "0",
      "—",
    ]);
    const today = calls(all, "GET", "/orders/report/")[0]!.url.searchParams.get("day")!;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screen.getByTestId("report-chart-alpha")).toHaveAttribute("data-value", "0.9167");
    expect(screen.getByTestId("report-chart-beta")).toHaveTextContent("100%");
  });

  it("exports the day's report as CSV or XLSX and shows a refusal in the page", async () => {
    const all = serve({
      "GET /orders/report/": ({ url }) =>
        url.searchParams.get("output") === "xlsx"
          ? { status: 403, body: { code: "forbidden", message: "Exporting this report needs the order.handle permission.", fields: {} } }
          : { body: [reportRow()] },
    });
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:report"), revokeObjectURL: vi.fn() });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderPage(<OrdersPage />, { me: HANDLER, path: "/orders?tab=report" });
    await screen.findByTestId("report-row-alpha");

    fireEvent.click(screen.getByTestId("report-export-csv"));
    await waitFor(() => expect(saved).toEqual(["orders-report.csv"]));
    const today = calls(all, "GET", "/orders/report/")[0]!.url.searchParams.get("day");
    const csv = calls(all, "GET", "/orders/report/").find((c) => c.url.searchParams.get("output") === "csv")!;
    expect(csv.url.searchParams.get("day")).toBe(today);

    fireEvent.click(screen.getByTestId("report-export-xlsx"));
    expect(await screen.findByTestId("report-export-error")).toHaveTextContent(
      "Export refused: Exporting this report needs the order.handle permission.",
    );
    expect(saved).toHaveLength(1);
  });
});
