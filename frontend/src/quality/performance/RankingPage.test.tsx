import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { calls, ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { LI, rankingRow, WANG } from "./fixtures";
import { RankingPage } from "./RankingPage";

afterEach(() => vi.unstubAllGlobals());

const RANKING = { period: "2026-Q4", rows: [rankingRow(1, WANG, { points: "40.00" }), rankingRow(2, LI, { points: "21.00" })] };

describe("the quarterly ranking", () => {
  it("lists the agents in rank order for the quarter in the address, with exports", async () => {
    const all = serve({ "GET /quality/ranking/": ok(RANKING) });
    renderRoutes({ "/quality/ranking": <RankingPage /> }, { me: makeMe("manager"), path: "/quality/ranking?quarter=2026-Q4" });

    const first = await screen.findByTestId("ranking-row-8");
    expect(first).toHaveTextContent("1Wang Lei");
    expect(first).toHaveTextContent("40.00");
    expect(screen.getByTestId("ranking-row-7")).toHaveTextContent("2Li Na");
    const rows = screen.getAllByTestId(/^ranking-row-/).map((r) => r.getAttribute("data-testid"));
    expect(rows).toEqual(["ranking-row-8", "ranking-row-7"]);
    await waitFor(() => expect(calls(all, "GET", "/quality/ranking/")[0]!.url.searchParams.get("quarter")).toBe("2026-Q4"));
    expect(screen.getByTestId("export-xlsx")).toHaveAttribute("href", "/api/v1/quality/ranking/?quarter=2026-Q4&output=xlsx");
  });

  it("hides the exports from those without report.export", async () => {
    serve({ "GET /quality/ranking/": ok(RANKING) });
    const me = makeMe("supervisor");
    me.permissions = me.permissions.filter((p) => p !== "report.export");
    renderRoutes({ "/quality/ranking": <RankingPage /> }, { me, path: "/quality/ranking?quarter=2026-Q4" });

    await screen.findByTestId("ranking-row-8");
    expect(screen.queryByTestId("export-csv")).not.toBeInTheDocument();
  });

  it("is not for agents", async () => {
    serve({});
    renderRoutes({ "/quality/ranking": <RankingPage /> }, { me: makeMe("agent"), path: "/quality/ranking" });
    expect(await screen.findByTestId("not-allowed")).toBeInTheDocument();
  });
});
