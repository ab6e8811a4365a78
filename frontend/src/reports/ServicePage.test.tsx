import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { serve, calls } from "../complaints/testing";
import { makeMe, page } from "../customers/testing";
import { chooseOption } from "../shifts/testing";
import type { ServiceReport } from "./api";
import { AGENT_REPORT, serviceReport } from "./fixtures";
import { ServicePage } from "./service/ServicePage";
import { renderReport, stubDownloads } from "./testing";

const NOW = new Date("2026-06-15T04:00:00Z").getTime();
const MANAGER = makeMe("manager", { name: "Ma Li" });

beforeEach(() => {
  setTimeZone("UTC");
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

function serveService(extra: Parameters<typeof serve>[0] = {}) {
  return serve({
    "GET /reports/service/": ({ url }) => ({
      body:
        url.searchParams.get("by") === "agent"
          ? AGENT_REPORT
          : serviceReport({ by: (url.searchParams.get("by") ?? "queue") as ServiceReport["by"] }),
    }),
    "GET /queues/": () => ({ body: page([{ id: 3, name: "Front desk" }, { id: 5, name: "Accounts" }]) }),
    "GET /users/": () => ({ body: page([{ id: 7, username: "li", name: "Li Na", email: "", is_active: true, roles: ["agent"] }]) }),
    ...extra,
  });
}

const open = (path = "/reports") => renderReport("/reports", <ServicePage />, { me: MANAGER, path });
const serviceCalls = (all: ReturnType<typeof serve>) => calls(all, "GET", "/reports/service/");

describe("the service report", () => {
  it("shows every figure of every row and the totals, formatted", async () => {
    const all = serveService();
    open();
    const table = await screen.findByTestId("service-table");
    const first = serviceCalls(all)[0]!.url.searchParams;
    expect(Object.fromEntries(first)).toEqual({ from: "2026-06-01", to: "2026-06-15", by: "queue" });
    expect(within(table).getByTestId("row-3")).toHaveTextContent("Front desk");
    expect(within(table).getByTestId("cell-3-created")).toHaveTextContent("10");
    expect(within(table).getByTestId("cell-3-first_response_median")).toHaveTextContent("2m 6s");
    expect(within(table).getByTestId("cell-3-first_response_p90")).toHaveTextContent("1h 2m 5s");
    expect(within(table).getByTestId("cell-3-resolution_p90")).toHaveTextContent("25h 1m 1s");
    expect(within(table).getByTestId("cell-3-handle_avg")).toHaveTextContent("45s");
    expect(within(table).getByTestId("cell-3-sla_attainment")).toHaveTextContent("75.0%");
    expect(within(table).getByTestId("cell-3-rating_avg")).toHaveTextContent("4.25");
    expect(within(table).getByTestId("cell-5-first_response_median")).toHaveTextContent("—");
    expect(within(table).getByTestId("cell-5-satisfaction_rate")).toHaveTextContent("—");
    const totals = within(table).getByTestId("totals-row");
    expect(totals).toHaveTextContent("Total");
    expect(within(totals).getByTestId("total-created")).toHaveTextContent("12");
    expect(within(totals).getByTestId("total-resolution_median")).toHaveTextContent("1h 0m 0s");
    expect(within(totals).getByTestId("total-satisfaction_rate")).toHaveTextContent("75.0%");
    expect(screen.getAllByText("Resolution (90th pct.)").length).toBeGreaterThan(0);
    expect(screen.getByTestId("volume-chart")).toHaveAttribute("data-points", "2");
  });

  it("links a queue's row to its items in the inbox", async () => {
    serveService();
    open();
    const link = await screen.findByTestId("row-link-3");
    expect(link).toHaveAttribute("href", "/inbox?queue=3&status=");
    fireEvent.click(link);
    expect(await screen.findByTestId("location")).toHaveTextContent("/inbox?queue=3&status=");
  });

  it("refetches for another grouping and period; an agent row leads to the month's ledger", async () => {
    const all = serveService();
    open();
    await screen.findByTestId("service-table");
    await chooseOption("period-preset", "Last month");
    await waitFor(() =>
      expect(Object.fromEntries(serviceCalls(all).at(-1)!.url.searchParams)).toEqual({
        from: "2026-05-01",
        to: "2026-05-31",
        by: "queue",
      }),
    );
    await chooseOption("by-select", "By: Agent");
    await waitFor(() => expect(serviceCalls(all).at(-1)!.url.searchParams.get("by")).toBe("agent"));
    expect(serviceCalls(all).at(-1)!.url.searchParams.get("from")).toBe("2026-05-01");
    const link = await screen.findByTestId("row-link-7");
    expect(link).toHaveTextContent("Ledger 2026-05");
    expect(screen.queryByTestId("row-link-none")).not.toBeInTheDocument();
    fireEvent.click(link);
    expect(await screen.findByTestId("location")).toHaveTextContent("/quality/ledger?month=2026-05");
  });

  it("lists the records behind a counted figure, each item opening its page", async () => {
    const all = serveService({
      "GET /reports/service/items/": () => ({
        body: {
          figure: "sla_breached",
          key: "3",
          record: "clock",
          count: 2,
          next: null,
          previous: null,
          results: [41, 42].map((id) => ({
            item: {
              id,
              reference: `T-0000${id}`,
              kind: "ticket",
              subject: `Top-up ${id}`,
              status: "resolved",
              queue: { id: 3, name: "Front desk" },
              category: null,
              assignee: { id: 7, name: "Li Na" },
              created_at: "2026-06-02T02:00:00Z",
              first_response_at: null,
              resolved_at: "2026-06-03T02:00:00Z",
            },
            clock: { kind: "resolution", state: "breached", due_at: null, stopped_at: null, breached_at: "2026-06-02T10:00:00Z" },
            rating: null,
          })),
        },
      }),
    });
    open();
    const table = await screen.findByTestId("service-table");
    // Times and rates are not counts: no list behind them; zero has nothing behind it.
    expect(within(table).getByTestId("cell-3-first_response_median").tagName).toBe("SPAN");
    expect(within(table).getByTestId("cell-5-sla_breached").tagName).toBe("SPAN");
    fireEvent.click(within(table).getByTestId("cell-3-sla_breached"));
    expect(await screen.findByTestId("trace-count")).toHaveTextContent("2 records");
    const asked = calls(all, "GET", "/reports/service/items/")[0]!.url.searchParams;
    expect(Object.fromEntries(asked)).toEqual({
      from: "2026-06-01",
      to: "2026-06-15",
      by: "queue",
      key: "3",
      figure: "sla_breached",
      page: "1",
      page_size: "50",
    });
    expect(screen.getByText("SLA breached: Front desk")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "T-000041" })).toHaveAttribute("href", "/tickets/41");
    expect(screen.getAllByText("resolution · breached")).toHaveLength(2);
    fireEvent.click(within(table).getByTestId("totals-row").querySelector("[data-testid=total-created]")!);
    await waitFor(() => expect(calls(all, "GET", "/reports/service/items/").at(-1)!.url.searchParams.get("key")).toBe("total"));
  });

  it("passes the filters and draws a line over time", async () => {
    const all = serveService();
    open("/reports?from=2026-06-01&to=2026-06-15&by=day&queue=3&kind=chat&agent=7");
    await screen.findByTestId("service-table");
    expect(Object.fromEntries(serviceCalls(all)[0]!.url.searchParams)).toEqual({
      from: "2026-06-01",
      to: "2026-06-15",
      by: "day",
      queue: "3",
      kind: "chat",
      agent: "7",
    });
    expect(screen.getByTestId("trend-chart")).toBeInTheDocument();
    await chooseOption("kind-filter", "Call");
    await waitFor(() => expect(serviceCalls(all).at(-1)!.url.searchParams.get("kind")).toBe("call"));
  });

  it("exports the same report as CSV or XLSX, and shows the server's refusal", async () => {
    const { created, clicks } = stubDownloads();
    let refuse = false;
    const all = serveService({
      "GET /reports/service/": ({ url }) =>
        url.searchParams.get("output") && refuse
          ? { status: 403, body: { code: "forbidden", message: "Exports need report.export.", fields: {} } }
          : { body: serviceReport() },
    });
    open();
    await screen.findByTestId("service-table");
    fireEvent.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(clicks).toHaveBeenCalledTimes(1));
    const csv = serviceCalls(all).find((c) => c.url.searchParams.get("output") === "csv")!;
    expect(Object.fromEntries(csv.url.searchParams)).toEqual({ from: "2026-06-01", to: "2026-06-15", by: "queue", output: "csv" });
    expect(created).toHaveBeenCalledTimes(1);

    refuse = true;
    fireEvent.click(screen.getByTestId("export-xlsx"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("Export refused: Exports need report.export.");
    expect(serviceCalls(all).some((c) => c.url.searchParams.get("output") === "xlsx")).toBe(true);
    expect(clicks).toHaveBeenCalledTimes(1);
  });

  it("is closed to those who do not read reports", async () => {
    serveService();
    renderReport("/reports", <ServicePage />, { me: makeMe("agent"), path: "/reports" });
    expect(screen.getByTestId("reports-not-allowed")).toBeInTheDocument();
  });

  it("hides the exports from a reader who may not export", async () => {
    serveService();
    const reader = makeMe("supervisor", { permissions: makeMe("supervisor").permissions.filter((p) => p !== "report.export") });
    renderReport("/reports", <ServicePage />, { me: reader, path: "/reports" });
    await screen.findByTestId("service-table");
    expect(screen.queryByTestId("export-csv")).not.toBeInTheDocument();
  });
});
