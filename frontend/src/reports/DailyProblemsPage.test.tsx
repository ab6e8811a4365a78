import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { calls, serve } from "../complaints/testing";
import { makeMe } from "../customers/testing";
import { DailyProblemsPage } from "./daily/DailyProblemsPage";
import { dailyProblems } from "./fixtures";
import { renderReport, stubDownloads } from "./testing";

const NOW = new Date("2026-06-15T04:00:00Z").getTime();
const SUPERVISOR = makeMe("supervisor", { name: "Sun Hui" });

beforeEach(() => {
  setTimeZone("UTC");
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

function serveDaily(answer?: (date: string | null, output: string | null) => { status?: number; body?: unknown } | undefined) {
  return serve({
    "GET /reports/daily-problems/": ({ url }) =>
      answer?.(url.searchParams.get("date"), url.searchParams.get("output")) ??
      (url.searchParams.get("date") === "2026-06-14"
        ? { body: dailyProblems({ date: "2026-06-14", sent_at: "2026-06-14T10:00:00Z", rows: [] }) }
        : { body: dailyProblems() }),
  });
}

const open = (path = "/reports/daily") =>
  renderReport("/reports/daily", <DailyProblemsPage />, { me: SUPERVISOR, path });

describe("the daily problems", () => {
  it("shows today's problems by category with the change against the week", async () => {
    const all = serveDaily();
    open();
    const table = await screen.findByTestId("daily-table");
    expect(calls(all, "GET", "/reports/daily-problems/")[0]!.url.searchParams.get("date")).toBe("2026-06-15");
    expect(screen.getByTestId("daily-heading")).toHaveTextContent("Problems on 2026-06-15");
    expect(screen.getByTestId("daily-sent")).toHaveTextContent("Not mailed yet");
    expect(within(table).getByTestId("category-2")).toHaveTextContent("Late credit");
    expect(within(table).getByTestId("cell-2-created")).toHaveTextContent("9");
    expect(within(table).getByTestId("cell-2-sla_breaches")).toHaveTextContent("2");
    expect(within(table).getByTestId("change-2")).toHaveAttribute("data-direction", "up");
    expect(within(table).getByTestId("change-2")).toHaveTextContent("+5 (125.0%)");
    expect(within(within(table).getByTestId("change-2")).getByLabelText("Up")).toBeInTheDocument();
    expect(within(table).getByTestId("change-none")).toHaveAttribute("data-direction", "down");
    expect(within(table).getByTestId("change-none")).toHaveTextContent("-2 (-66.7%)");
    expect(within(table).getAllByText("Low ratings (below 4)").length).toBeGreaterThan(0);
    const totals = within(table).getByTestId("totals-row");
    expect(within(totals).getByTestId("total-created")).toHaveTextContent("10");
    expect(within(totals).getByTestId("total-reopened")).toHaveTextContent("1");
  });

  it("links the worst items to their pages by kind", async () => {
    serveDaily();
    open();
    await screen.findByTestId("daily-table");
    const ticket = screen.getByTestId("worst-41");
    expect(ticket).toHaveTextContent("Top-up missing");
    expect(ticket).toHaveTextContent("SLA breached");
    expect(ticket).toHaveTextContent("Low rating");
    expect(within(ticket).getByRole("link", { name: "T-000041" })).toHaveAttribute("href", "/tickets/41");
    expect(within(screen.getByTestId("worst-52")).getByRole("link", { name: "P-000052" })).toHaveAttribute("href", "/complaints/52");
    expect(within(screen.getByTestId("worst-33")).getByRole("link", { name: "H-000033" })).toHaveAttribute("href", "/calls/33");
    // Chats have no page of their own: the reference is shown, not linked.
    expect(within(screen.getByTestId("worst-60")).queryByRole("link")).not.toBeInTheDocument();
    fireEvent.click(within(ticket).getByRole("link", { name: "T-000041" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/tickets/41");
  });

  it("asks for another day from the picker", async () => {
    const all = serveDaily();
    open();
    await screen.findByTestId("daily-table");
    const picker = within(screen.getByTestId("daily-problems")).getByRole("textbox");
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: "2026-06-14" } });
    fireEvent.keyDown(picker, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() =>
      expect(calls(all, "GET", "/reports/daily-problems/").at(-1)!.url.searchParams.get("date")).toBe("2026-06-14"),
    );
    expect(await screen.findByText("Mailed at 2026-06-14 10:00")).toBeInTheDocument();
    expect(screen.getByText("No problems that day.")).toBeInTheDocument();
  });

  it("exports the day, and shows a refusal", async () => {
    const { clicks } = stubDownloads();
    const all = serveDaily((_date, output) =>
      output === "xlsx"
        ? { status: 403, body: { code: "forbidden", message: "You may not export reports.", fields: {} } }
        : undefined,
    );
    open("/reports/daily?date=2026-06-10");
    await screen.findByTestId("daily-table");
    fireEvent.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(clicks).toHaveBeenCalledTimes(1));
    const csv = calls(all, "GET", "/reports/daily-problems/").find((c) => c.url.searchParams.get("output") === "csv")!;
    expect(Object.fromEntries(csv.url.searchParams)).toEqual({ date: "2026-06-10", output: "csv" });
    fireEvent.click(screen.getByTestId("export-xlsx"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("You may not export reports.");
  });
});
