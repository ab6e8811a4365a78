import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { calls, serve } from "../complaints/testing";
import { makeMe } from "../customers/testing";
import { monthlyReport } from "./fixtures";
import { MonthlyReportPage } from "./monthly/MonthlyReportPage";
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

function serveMonthly(refuse = false) {
  return serve({
    "GET /reports/monthly/": ({ url }) =>
      refuse && url.searchParams.get("output")
        ? { status: 403, body: { code: "forbidden", message: "You may not export reports.", fields: {} } }
        : { body: monthlyReport({ month: url.searchParams.get("month") ?? "?" }) },
  });
}

const open = (path = "/reports/monthly") =>
  renderReport("/reports/monthly/:month?", <MonthlyReportPage />, { me: MANAGER, path });

describe("the monthly report", () => {
  it("opens last month with its totals, tables and charts", async () => {
    const all = serveMonthly();
    open();
    const totals = await screen.findByTestId("monthly-totals");
    expect(calls(all, "GET", "/reports/monthly/")[0]!.url.searchParams.get("month")).toBe("2026-05");
    expect(screen.getByTestId("monthly-heading")).toHaveTextContent("Monthly report 2026-05");
    expect(screen.getByTestId("monthly-period")).toHaveTextContent("2026-05-01 – 2026-05-31, against 2026-04");
    expect(within(totals).getByTestId("total-current-created")).toHaveTextContent("12");
    expect(within(totals).getByTestId("total-previous-created")).toHaveTextContent("8");
    expect(within(totals).getByTestId("total-current-sla_attainment")).toHaveTextContent("75.0%");
    expect(within(totals).getByText("−5.0 pp")).toBeInTheDocument();
    expect(within(screen.getByTestId("monthly-by-queue")).getByTestId("row-3")).toHaveTextContent("Front desk");
    expect(within(screen.getByTestId("monthly-by-queue")).getByTestId("totals-row")).toHaveTextContent("12");
    expect(within(screen.getByTestId("monthly-by-kind")).getByTestId("row-ticket")).toHaveTextContent("Ticket");
    const agents = screen.getByTestId("monthly-by-agent");
    expect(within(agents).getByTestId("row-7")).toHaveTextContent("Li Na");
    expect(within(agents).getByTestId("points-7")).toHaveTextContent("42.50");
    expect(within(agents).getByTestId("rank-7")).toHaveTextContent("1");
    expect(within(agents).getByTestId("rank-none")).toHaveTextContent("—");
    expect(screen.getByTestId("satisfaction-average")).toHaveTextContent("4.25");
    expect(screen.getByTestId("distribution-chart")).toHaveAttribute("data-points", "5");
    expect(screen.getByTestId("sla-attainment")).toHaveTextContent("75.0%");
    expect(screen.getByTestId("monthly-causes")).toHaveTextContent("Supplier channel");
    expect(screen.getByTestId("monthly-top-categories")).toHaveTextContent("Late credit");
    expect(screen.getByTestId("monthly-ranking-link")).toHaveAttribute("href", "/quality/ranking?quarter=2026-Q2");
    expect(screen.getByTestId("monthly-ledger-link")).toHaveAttribute("href", "/quality/ledger?month=2026-05");
  });

  it("opens the month in the address", async () => {
    const all = serveMonthly();
    open("/reports/monthly/2026-02");
    await screen.findByTestId("monthly-totals");
    expect(calls(all, "GET", "/reports/monthly/")[0]!.url.searchParams.get("month")).toBe("2026-02");
    expect(screen.getByTestId("monthly-ranking-link")).toHaveAttribute("href", "/quality/ranking?quarter=2026-Q1");
  });

  it("prints with the browser", async () => {
    serveMonthly();
    const print = vi.fn();
    vi.stubGlobal("print", print);
    open();
    await screen.findByTestId("monthly-totals");
    fireEvent.click(screen.getByTestId("monthly-print"));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it("downloads the workbook (XLSX only)", async () => {
    const { clicks } = stubDownloads();
    const all = serveMonthly();
    open();
    await screen.findByTestId("monthly-totals");
    fireEvent.click(screen.getByTestId("export-xlsx"));
    await waitFor(() => expect(clicks).toHaveBeenCalledTimes(1));
    const xlsx = calls(all, "GET", "/reports/monthly/").find((c) => c.url.searchParams.get("output"))!;
    expect(Object.fromEntries(xlsx.url.searchParams)).toEqual({ month: "2026-05", output: "xlsx" });
    expect(screen.queryByTestId("export-csv")).not.toBeInTheDocument();
  });

  it("shows the server's refusal of the workbook", async () => {
    stubDownloads();
    serveMonthly(true);
    open();
    await screen.findByTestId("monthly-totals");
    fireEvent.click(screen.getByTestId("export-xlsx"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("You may not export reports.");
  });
});
