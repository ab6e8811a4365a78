import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../../common/time";
import { ok, renderRoutes, serve } from "../../complaints/testing";
import { makeMe } from "../../customers/testing";
import { live } from "../../tickets/liveMock";
import type { Wallboard } from "./api";
import { WallboardPage } from "./WallboardPage";

vi.mock("../../shell/LiveContext", async () => {
  const { live: mock } = await import("../../tickets/liveMock");
  return { useLive: () => mock };
});

const NOW = new Date("2026-12-01T10:00:00Z").getTime();

function figures(over: Partial<Wallboard["totals"]> = {}): Wallboard["totals"] {
  return {
    waiting_chats: 2,
    calls_ringing: 1,
    ringbacks_open: 2,
    waiting_calls: 3,
    waiting_other: 4,
    waiting_total: 9,
    longest_wait_seconds: 90,
    longest_wait_since: "2026-12-01T09:58:30Z",
    agents_online: 5,
    agents_on_shift: 6,
    sla_at_risk: 1,
    sla_breached_open: 2,
    ...over,
  };
}

function board(over: Partial<Wallboard["totals"]> = {}): Wallboard {
  return {
    generated_at: "2026-12-01T10:00:00Z",
    presence_known: true,
    queues: [{ id: 1, name: "Support", slug: "support", ...figures(over) }],
    totals: figures(over),
    agents: [
      { id: 7, name: "Li Na", online: true, on_shift: true, open_items: 3, queues: [1] },
      { id: 8, name: "Wang Wei", online: false, on_shift: false, open_items: 0, queues: [1] },
    ],
  };
}

beforeEach(() => {
  setTimeZone("UTC");
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setTimeZone(undefined);
});

function open() {
  serve({ "GET /reports/wallboard/": ok(board()) });
  return renderRoutes({ "/wallboard": <WallboardPage /> }, { me: makeMe("supervisor"), path: "/wallboard" });
}

describe("WallboardPage", () => {
  it("shows the big numbers, the queues and the agents", async () => {
    open();

    expect(await screen.findByTestId("wb-waiting-chats")).toHaveTextContent("2");
    expect(screen.getByTestId("wb-waiting-calls")).toHaveTextContent("3");
    expect(screen.getByText("1 ringing · 2 to ring back")).toBeInTheDocument();
    expect(screen.getByTestId("wb-waiting-other")).toHaveTextContent("4");
    expect(screen.getByTestId("wb-agents-online")).toHaveTextContent("5");
    expect(screen.getByTestId("wb-agents-on-shift")).toHaveTextContent("6");
    expect(screen.getByTestId("wb-sla-at-risk")).toHaveTextContent("1");
    expect(screen.getByTestId("wb-sla-breached")).toHaveTextContent("2");
    expect(screen.getByTestId("wb-longest-wait")).toHaveTextContent("1m");
    const rows = screen.getAllByRole("row");
    expect(rows.some((r) => within(r).queryByText("Support"))).toBe(true);
    const li = screen.getByText("Li Na").closest("tr")!;
    expect(within(li).getByText("Online")).toBeInTheDocument();
    expect(within(li).getByText("On shift")).toBeInTheDocument();
    expect(within(li).getByText("3")).toBeInTheDocument();
    expect(screen.getByTestId("wallboard-live")).toHaveAttribute("data-connected", "true");
    expect(screen.getByRole("button", { name: /Full screen/ })).toBeInTheDocument();
  });

  it("replaces the figures with each wallboard.updated and ignores other events", async () => {
    open();
    expect(await screen.findByTestId("wb-waiting-chats")).toHaveTextContent("2");

    act(() => live.emit({ type: "workitem.created", payload: { id: 5 } }));
    act(() => live.emit({ type: "wallboard.updated", payload: board({ waiting_chats: 7 }) }));

    await waitFor(() => expect(screen.getByTestId("wb-waiting-chats")).toHaveTextContent("7"));
  });

  it("ticks the longest wait between updates", async () => {
    open();
    expect(await screen.findByTestId("wb-longest-wait")).toHaveTextContent("1m");

    act(() => {
      vi.setSystemTime(NOW + 5 * 60_000);
      vi.advanceTimersByTime(1000);
    });

    await waitFor(() => expect(screen.getByTestId("wb-longest-wait")).toHaveTextContent("6m"));
  });

  it("says nobody waits when nothing waits", async () => {
    serve({ "GET /reports/wallboard/": ok(board({ longest_wait_seconds: null, longest_wait_since: null })) });
    renderRoutes({ "/wallboard": <WallboardPage /> }, { me: makeMe("manager"), path: "/wallboard" });

    expect(await screen.findByTestId("wb-longest-wait")).toHaveTextContent("Nobody waiting");
  });
});
