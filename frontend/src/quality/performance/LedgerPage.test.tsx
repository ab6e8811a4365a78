import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { ledgerRow, LI, POINTS_TRACE, WANG } from "./fixtures";
import { LedgerPage } from "./LedgerPage";

beforeEach(() => setTimeZone("UTC"));
afterEach(() => {
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

const LEDGER = { period: "2026-11", rows: [ledgerRow(LI), ledgerRow(WANG, { items: 0, points: "0.00", praise: 0 })] };

describe("the performance ledger", () => {
  it("shows every agent's figures for the month in the address", async () => {
    const all = serve({ "GET /quality/ledger/": ok(LEDGER) });
    renderRoutes({ "/quality/ledger": <LedgerPage /> }, { me: makeMe("manager"), path: "/quality/ledger?month=2026-11" });

    const row = await screen.findByTestId("ledger-row-7");
    expect(row).toHaveTextContent("Li Na");
    expect(row).toHaveTextContent("3.50");
    expect(row).toHaveTextContent("86.67");
    expect(calls(all, "GET", "/quality/ledger/")[0]!.url.searchParams.get("month")).toBe("2026-11");
    // Nothing behind a zero: not a button.
    expect(within(screen.getByTestId("ledger-row-8")).getByTestId("figure-8-points").tagName).toBe("SPAN");
  });

  it("opens the items behind a figure, each linking to its page", async () => {
    const all = serve({ "GET /quality/ledger/": ok(LEDGER), "GET /quality/ledger/trace/": ok(POINTS_TRACE) });
    renderRoutes({ "/quality/ledger": <LedgerPage /> }, { me: makeMe("supervisor"), path: "/quality/ledger?month=2026-11" });

    fireEvent.click(await screen.findByTestId("figure-7-points"));

    const drawer = await screen.findByTestId("trace-table");
    expect(await within(drawer).findByText("Top-up failed")).toBeInTheDocument();
    const trace = calls(all, "GET", "/quality/ledger/trace/")[0]!.url.searchParams;
    expect([trace.get("agent"), trace.get("month"), trace.get("figure")]).toEqual(["7", "2026-11", "points"]);
    expect(screen.getByText("Points of Li Na, 2026-11")).toBeInTheDocument();
    expect(within(drawer).getByRole("link", { name: "T-000041" })).toHaveAttribute("href", "/tickets/41");
    expect(within(drawer).getByText("C-000042").tagName).toBe("SPAN"); // a chat has no page
    expect(within(drawer).getByText("1.00 points")).toBeInTheDocument();
  });

  it("offers CSV and XLSX of the month to those who may export", async () => {
    serve({ "GET /quality/ledger/": ok(LEDGER) });
    renderRoutes({ "/quality/ledger": <LedgerPage /> }, { me: makeMe("manager"), path: "/quality/ledger?month=2026-11" });

    expect(await screen.findByTestId("export-csv")).toHaveAttribute("href", "/api/v1/quality/ledger/?month=2026-11&output=csv");
    expect(screen.getByTestId("export-xlsx")).toHaveAttribute("href", "/api/v1/quality/ledger/?month=2026-11&output=xlsx");
  });

  it("asks for another month when one is picked", async () => {
    const all = serve({ "GET /quality/ledger/": ok(LEDGER) });
    renderRoutes({ "/quality/ledger": <LedgerPage /> }, { me: makeMe("manager"), path: "/quality/ledger?month=2026-11" });
    await screen.findByTestId("ledger-row-7");
    const picker = within(screen.getByTestId("month-picker").closest(".ant-picker") as HTMLElement).getByRole("textbox");
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: "2026-10" } });
    fireEvent.keyDown(picker, { key: "Enter", code: "Enter", keyCode: 13 });

    await waitFor(() => expect(calls(all, "GET", "/quality/ledger/").at(-1)!.url.searchParams.get("month")).toBe("2026-10"));
  });

  it("is not for agents", async () => {
    const all = serve({});
    renderRoutes({ "/quality/ledger": <LedgerPage /> }, { me: makeMe("agent"), path: "/quality/ledger" });

    expect(await screen.findByTestId("not-allowed")).toBeInTheDocument();
    expect(all).toHaveLength(0);
  });
});
