import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { live } from "../tickets/liveMock";
import { build, grid, NIGHT, PERIOD } from "./rosterFixtures";
import { RosterPage } from "./RosterPage";
import { elapsedSeconds, type RosterBuild, type RosterGrid } from "./rosters";
import { queue } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

afterEach(() => vi.unstubAllGlobals());

const LEAD = makeMe("supervisor", { id: 1, queues: [{ queue: 10, queue_name: "Support", role: "supervisor" }] });
const AGENT = makeMe("agent", { id: 2, queues: [{ queue: 10, queue_name: "Support", role: "agent" }] });

const ROSTER = "/api/v1/shifts/rosters/5/";
const cell = (user: number, day: string) => screen.getByTestId(`roster-cell-${user}-${day}`);

/** The roster's reads (``grids`` in turn, the last one repeating); ``extra`` answers first. */
function serve(grids: RosterGrid[], extra: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  let reads = 0;
  return stubApi((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.url.pathname === "/api/v1/queues/") return { body: page([queue(10, "Support")]) };
    if (call.method === "GET" && call.url.pathname === ROSTER) {
      return { body: grids[Math.min(reads++, grids.length - 1)] };
    }
    return undefined;
  });
}

const gridReads = (calls: Call[]) => calls.filter((c) => c.method === "GET" && c.url.pathname === ROSTER).length;

function render(me = LEAD) {
  return renderPage(<RosterPage />, { me, path: "/shifts/rosters/5", route: "/shifts/rosters/:periodId" });
}

describe("RosterPage: the grid", () => {
  it("shows people by days with shift codes, supervisors, leave, weekdays off, weekends, nights and pins", async () => {
    serve([grid()]);
    render();

    expect(await screen.findByTestId("roster-grid")).toBeInTheDocument();
    expect(screen.getByTestId("roster-status")).toHaveTextContent("Draft");
    expect(screen.getByText("Queues: Support.")).toBeInTheDocument();
    expect(screen.getByTestId("roster-person-1")).toHaveTextContent("Sam Supervisor");
    expect(screen.getByTestId("roster-supervisor-1")).toHaveTextContent("Supervisor");
    expect(screen.queryByTestId("roster-supervisor-2")).not.toBeInTheDocument();

    expect(cell(1, "2025-07-07")).toHaveAttribute("data-shift", "E");
    expect(cell(3, "2025-07-08")).toHaveAttribute("data-shift", "N");
    expect(cell(3, "2025-07-08")).toHaveAttribute("data-pinned", "true");
    expect(within(cell(3, "2025-07-08")).getByLabelText("Night shift")).toBeInTheDocument();
    expect(within(cell(3, "2025-07-08")).getByLabelText("Set by hand")).toBeInTheDocument();
    expect(cell(1, "2025-07-08")).toHaveAttribute("data-shift", "");

    expect(cell(2, "2025-07-09")).toHaveClass("roster-leave");
    expect(cell(2, "2025-07-09")).toHaveTextContent("Leave");
    expect(cell(2, "2025-07-13")).toHaveClass("roster-unavailable"); // Sundays off
    expect(cell(1, "2025-07-13")).not.toHaveClass("roster-unavailable");
    expect(cell(1, "2025-07-12")).toHaveClass("roster-weekend");
    expect(cell(1, "2025-07-11")).not.toHaveClass("roster-weekend");
    expect(screen.getByTestId("roster-day-2025-07-12")).toHaveClass("roster-weekend");
    expect(screen.getByTestId("roster-hours-3")).toHaveTextContent("16.5 h");
  });

  it("marks the rules broken at the cells, the day and the person, with the rules in words and a list", async () => {
    serve([grid()]);
    render();
    await screen.findByTestId("roster-grid");

    const rest = cell(3, "2025-07-10");
    expect(rest).toHaveClass("roster-violation");
    expect(rest).toHaveAttribute("data-violations", "rest");
    expect(cell(3, "2025-07-08")).not.toHaveClass("roster-violation");
    const day = screen.getByTestId("roster-day-2025-07-08");
    expect(day).toHaveClass("roster-violation");
    expect(day).toHaveAttribute("data-violations", "supervisor_on_shift");

    fireEvent.mouseEnter(rest.querySelector(".roster-cell-tip")!);
    expect(await screen.findByText("Less than 11 hours' rest between shifts (8h00 rest)")).toBeInTheDocument();
    fireEvent.mouseEnter(day);
    expect(await screen.findByText("A shift with no supervisor on it (N)")).toBeInTheDocument();

    const list = screen.getByTestId("roster-violations");
    expect(list).toHaveAttribute("data-count", "3");
    expect(list).toHaveTextContent("The day · 2025-07-08 Tue · A shift with no supervisor on it (N)");
    expect(list).toHaveTextContent("Bob Backup · 2025-07-10 Thu · Less than 11 hours' rest between shifts (8h00 rest)");
    expect(list).toHaveTextContent(
      "Bob Backup · 2025-07-07 Mon · Weekly hours outside the contract's band: week of 2025-07-07 Mon (16.5 h)",
    );
    // The week's rule is marked at the person.
    expect(screen.getByTestId("roster-person-3").querySelector("th")).toHaveClass("roster-violation");
  });

  it("sets a cell from its menu (one PUT) and shows the grid the server answers", async () => {
    const after = grid({
      assignments: [...grid().assignments, { id: 105, user: 2, day: "2025-07-08", shift_type: 2, queue: 10, pinned: true }],
      violations: [],
    });
    const calls = serve([grid()], ({ method, url }) =>
      method === "PUT" && url.pathname === `${ROSTER}cells/` ? { body: after } : undefined,
    );
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.click(within(cell(2, "2025-07-08")).getByRole("button"));
    fireEvent.click(await screen.findByTestId(`roster-menu-${NIGHT.id}`));

    await waitFor(() => expect(cell(2, "2025-07-08")).toHaveAttribute("data-shift", "N"));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      cells: [{ user: 2, day: "2025-07-08", shift_type: 2 }],
    });
    expect(cell(2, "2025-07-08")).toHaveAttribute("data-pinned", "true");
    expect(screen.getByTestId("roster-violations")).toHaveTextContent("No rules broken.");
    expect(screen.getByTestId("roster-day-2025-07-08")).not.toHaveClass("roster-violation");
  });

  it("gives a day off from the menu", async () => {
    const calls = serve([grid()], ({ method }) => (method === "PUT" ? { body: grid() } : undefined));
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.click(within(cell(3, "2025-07-10")).getByRole("button"));
    fireEvent.click(await screen.findByTestId("roster-menu-off"));

    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      cells: [{ user: 3, day: "2025-07-10", shift_type: null }],
    });
  });

  it("swaps two cells dragged one onto the other, in one PUT", async () => {
    const calls = serve([grid()], ({ method }) => (method === "PUT" ? { body: grid() } : undefined));
    render();
    await screen.findByTestId("roster-grid");

    // Bob's night onto Alice's free day, the same day.
    const from = cell(3, "2025-07-08");
    const to = cell(2, "2025-07-08");
    expect(from).toHaveAttribute("draggable", "true");
    fireEvent.dragStart(from);
    fireEvent.dragOver(to);
    expect(to).toHaveClass("roster-drop-target");
    fireEvent.drop(to);

    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      cells: [
        { user: 3, day: "2025-07-08", shift_type: null },
        { user: 2, day: "2025-07-08", shift_type: 2, queue: 10 },
      ],
    });

    // Sam's early on Monday onto Bob's early on Thursday: both shifts change hands.
    fireEvent.dragStart(cell(1, "2025-07-07"));
    fireEvent.dragOver(cell(3, "2025-07-10"));
    fireEvent.drop(cell(3, "2025-07-10"));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(2));
    expect(calls.filter((c) => c.method === "PUT")[1]!.body).toEqual({
      cells: [
        { user: 1, day: "2025-07-07", shift_type: 1, queue: 10 },
        { user: 3, day: "2025-07-10", shift_type: 1, queue: 10 },
      ],
    });
  });

  it("shows the server's refusal of an edit", async () => {
    serve([grid()], ({ method }) =>
      method === "PUT"
        ? { status: 409, body: { code: "build_running", message: "The roster is being built; wait or cancel the build.", fields: {} } }
        : undefined,
    );
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.click(within(cell(1, "2025-07-09")).getByRole("button"));
    fireEvent.click(await screen.findByTestId("roster-menu-1"));
    expect(await screen.findByText("The roster is being built; wait or cancel the build.")).toBeInTheDocument();
  });

  it("is read-only for an agent on a published roster: no menus, no build, no publish", async () => {
    serve([grid({ may_plan: false, violations: [], period: { ...PERIOD, status: "published" } })], ({ url }) =>
      url.pathname === `${ROSTER}changes/` ? { body: page([]) } : undefined,
    );
    render(AGENT);
    await screen.findByTestId("roster-grid");

    expect(screen.getByTestId("roster-status")).toHaveTextContent("Published");
    expect(within(cell(1, "2025-07-07")).queryByRole("button")).not.toBeInTheDocument();
    expect(cell(1, "2025-07-07")).not.toHaveAttribute("draggable", "true");
    expect(screen.queryByTestId("roster-build")).not.toBeInTheDocument();
    expect(screen.queryByTestId("roster-publish")).not.toBeInTheDocument();
    expect(screen.queryByTestId("roster-violations")).not.toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Coverage" })).not.toBeInTheDocument();
  });
});

describe("RosterPage: building", () => {
  it("builds with the time limit and follows the build's progress from its polls until the grid reloads", async () => {
    const started = new Date().toISOString();
    const polls: RosterBuild[] = [
      build({ status: "running", started_at: started, solutions: 1, objective: 5200, bound: 900, progress: [{ seconds: 120, objective: 5200, bound: 900 }] }),
      build({ status: "running", started_at: started, solutions: 3, objective: 4100.4, bound: 950, progress: [{ seconds: 300, objective: 4100.4, bound: 950 }] }),
      build({
        status: "done",
        started_at: started,
        solutions: 4,
        objective: 4000,
        bound: 1000,
        progress: [{ seconds: 310, objective: 4000, bound: 1000 }],
        uncovered: [
          { queue: 10, day: "2025-07-07", slot: 18, missing: 1 },
          { queue: 10, day: "2025-07-07", slot: 19, missing: 1 },
        ],
        uncovered_count: 2,
        violations: 0,
      }),
    ];
    let poll = 0;
    const built = grid({
      assignments: [{ id: 201, user: 2, day: "2025-07-11", shift_type: 1, queue: 10, pinned: false }],
      violations: [],
    });
    const calls = serve([grid({ assignments: [], violations: [] }), built], ({ method, url }) => {
      if (method === "POST" && url.pathname === `${ROSTER}builds/`) return { status: 202, body: build() };
      if (method === "GET" && url.pathname === "/api/v1/shifts/builds/77/") {
        return { body: polls[Math.min(poll++, polls.length - 1)] };
      }
      return undefined;
    });
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.change(screen.getByTestId("roster-build-limit"), { target: { value: "600" } });
    fireEvent.click(screen.getByTestId("roster-build"));

    const progress = await screen.findByTestId("roster-build-progress");
    await waitFor(() => expect(progress).toHaveAttribute("data-percent", "20"));
    expect(progress).toHaveAttribute("data-status", "running");
    expect(screen.getByTestId("roster-build-stats")).toHaveTextContent(
      "120 s of 600 s · 1 roster found · best score 5,200 (bound 900)",
    );
    expect(screen.getByTestId("roster-build")).toBeDisabled();
    expect(within(cell(1, "2025-07-07")).queryByRole("button")).not.toBeInTheDocument(); // no edits meanwhile

    await waitFor(() => expect(progress).toHaveAttribute("data-percent", "50"));
    expect(screen.getByTestId("roster-build-stats")).toHaveTextContent("300 s of 600 s · 3 rosters found · best score 4,100.4");

    await waitFor(() => expect(screen.getByTestId("roster-build-progress")).toHaveAttribute("data-status", "done"));
    expect(screen.getByTestId("roster-build-progress")).toHaveAttribute("data-percent", "100");
    expect(screen.getByTestId("roster-build-status")).toHaveTextContent("Built");
    expect(screen.getByTestId("roster-build-stats")).toHaveTextContent(
      "took 310 s (limit 600 s) · 4 rosters found · best score 4,000 (bound 1,000)",
    );
    expect(screen.getByTestId("roster-build-done")).toHaveTextContent(
      "Built in 310 s: the best of 4 rosters found is on the grid.",
    );
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ time_limit_seconds: 600 });

    // The grid is read again and shows the built roster; the short half-hours are listed.
    await waitFor(() => expect(cell(2, "2025-07-11")).toHaveAttribute("data-shift", "E"));
    expect(gridReads(calls)).toBe(2);
    const uncovered = screen.getByTestId("roster-uncovered");
    expect(uncovered).toHaveAttribute("data-count", "2");
    expect(uncovered).toHaveTextContent("2 half-hours are short of people.");
    expect(uncovered).toHaveTextContent("Support, 2025-07-07 Mon 09:00–10:00: 1 person short");
    expect(screen.queryByTestId("roster-build-cancel")).not.toBeInTheDocument();
  });

  it("asks before building over shifts, and follows live events; Cancel stops the build", async () => {
    const started = new Date().toISOString();
    let state = build({ status: "running", started_at: started, solutions: 1, progress: [{ seconds: 60, objective: 900, bound: 100 }] });
    const calls = serve([grid({ latest_build: state })], ({ method, url }) => {
      if (method === "GET" && url.pathname === "/api/v1/shifts/builds/77/") return { body: state };
      if (method === "POST" && url.pathname === "/api/v1/shifts/builds/77/cancel/") return { body: state };
      return undefined;
    });
    render();

    // A build already running when the page opens is followed.
    const progress = await screen.findByTestId("roster-build-progress");
    expect(progress).toHaveAttribute("data-percent", "10");
    expect(screen.getByTestId("roster-build")).toBeDisabled();

    state = build({ status: "running", started_at: started, solutions: 4, objective: 1234, bound: 1000, progress: [{ seconds: 240, objective: 1234, bound: 1000 }] });
    act(() =>
      live.emit({
        type: "roster.build",
        payload: {
          id: 77,
          period: 5,
          status: "running",
          time_limit_seconds: 600,
          solutions: 4,
          objective: 1234,
          bound: 1000,
          first_solution_seconds: 0.5,
          elapsed_seconds: 240,
        },
      }),
    );
    await waitFor(() => expect(progress).toHaveAttribute("data-percent", "40"));
    expect(screen.getByTestId("roster-build-stats")).toHaveTextContent("4 rosters found · best score 1,234 (bound 1,000)");

    fireEvent.click(screen.getByTestId("roster-build-cancel"));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")!.url.pathname).toBe("/api/v1/shifts/builds/77/cancel/");
    state = build({ status: "cancelled", started_at: started, solutions: 4, progress: [{ seconds: 250, objective: 1200, bound: 1000 }] });
    await waitFor(() => expect(screen.getByTestId("roster-build-progress")).toHaveAttribute("data-status", "cancelled"));
    expect(screen.getByTestId("roster-build-error")).toHaveTextContent(
      "The build was stopped; the best roster it had found is on the grid.",
    );

    // Building again over the shifts on the grid asks first.
    fireEvent.click(screen.getByTestId("roster-build"));
    expect(await screen.findByText("Build again? Shifts not set by hand are replaced.")).toBeInTheDocument();
    expect(screen.getByTestId("roster-build-confirm")).toBeInTheDocument();
  });

  it("shows why a build failed", async () => {
    serve([
      grid({
        latest_build: build({
          status: "failed",
          error: "The rules cannot all be met by the people of this roster.",
          problems: ["Queue 10 has no supervisor for every shift."],
        }),
      }),
    ]);
    render();

    const error = await screen.findByTestId("roster-build-error");
    expect(error).toHaveTextContent("The rules cannot all be met by the people of this roster.");
    expect(error).toHaveTextContent("Queue 10 has no supervisor for every shift.");
    expect(screen.getByTestId("roster-build-progress")).toHaveAttribute("data-status", "failed");
    expect(screen.getByTestId("roster-build")).toBeEnabled();
  });

  it("counts elapsed time by the clock while a build runs, up to its limit", () => {
    const running = build({ status: "running", started_at: "2025-07-01T08:00:00Z", time_limit_seconds: 30, progress: [{ seconds: 2, objective: 1, bound: 0 }] });
    expect(elapsedSeconds(running, Date.parse("2025-07-01T08:00:10Z"))).toBe(10);
    expect(elapsedSeconds(running, Date.parse("2025-07-01T08:05:00Z"))).toBe(30);
    expect(elapsedSeconds({ ...running, status: "done" }, Date.parse("2025-07-01T08:05:00Z"))).toBe(2);
  });
});

describe("RosterPage: publishing and changes", () => {
  async function publish() {
    fireEvent.click(screen.getByTestId("roster-publish"));
    fireEvent.click(await screen.findByTestId("roster-publish-confirm"));
  }

  it("names the rules broken when publishing is refused", async () => {
    serve([grid()], ({ method, url }) =>
      method === "POST" && url.pathname === `${ROSTER}publish/`
        ? {
            status: 409,
            body: {
              code: "rule_broken",
              message: "The roster breaks rules (rest, supervisor_on_shift); fix them before publishing.",
              fields: { rules: ["rest", "supervisor_on_shift", "weekly_hours"] },
            },
          }
        : undefined,
    );
    render();
    await screen.findByTestId("roster-grid");

    await publish();
    expect(await screen.findByTestId("roster-publish-error")).toHaveTextContent(
      "The roster breaks rules: Less than 11 hours' rest between shifts, A shift with no supervisor on it, Weekly hours outside the contract's band. Fix them before publishing.",
    );
    expect(screen.getByTestId("roster-status")).toHaveTextContent("Draft");
  });

  it("publishes: the roster reads as published and Build and Publish go away", async () => {
    const published = grid({ violations: [], period: { ...PERIOD, status: "published", published_at: "2025-07-01T02:00:00Z", published_by: { id: 1, username: "sam", name: "Sam Supervisor" } } });
    const calls = serve([grid({ violations: [] }), published], ({ method, url }) => {
      if (method === "POST" && url.pathname === `${ROSTER}publish/`) return { body: published.period };
      if (url.pathname === `${ROSTER}changes/`) return { body: page([]) };
      return undefined;
    });
    render();
    await screen.findByTestId("roster-grid");

    await publish();
    await waitFor(() => expect(screen.getByTestId("roster-status")).toHaveAttribute("data-status", "published"));
    expect(await screen.findByText("Roster published.")).toBeInTheDocument();
    expect(screen.queryByTestId("roster-build")).not.toBeInTheDocument();
    expect(screen.queryByTestId("roster-publish")).not.toBeInTheDocument();
    expect(screen.getByText(/Published by Sam Supervisor/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual([`${ROSTER}publish/`]);
  });

  it("asks why before changing a published roster, sends the reason, and lists the changes", async () => {
    const published = grid({ violations: [], period: { ...PERIOD, status: "published" } });
    const calls = serve([published], ({ method, url }) => {
      if (method === "PUT") return { body: published };
      if (url.pathname === `${ROSTER}changes/`) {
        return {
          body: page([
            {
              id: 9,
              kind: "override",
              user: { id: 3, username: "bob", name: "Bob Backup" },
              day: "2025-07-10",
              before: "2025-07-10 E",
              after: "",
              reason: "Bob is at a training day.",
              changed_by: { id: 1, username: "sam", name: "Sam Supervisor" },
              changed_at: "2025-07-02T03:00:00Z",
            },
          ]),
        };
      }
      return undefined;
    });
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.click(within(cell(3, "2025-07-10")).getByRole("button"));
    fireEvent.click(await screen.findByTestId("roster-menu-off"));
    expect(await screen.findByTestId("roster-reason-changes")).toHaveTextContent("Bob Backup, 2025-07-10 Thu: E → Day off");

    fireEvent.click(screen.getByTestId("roster-reason-submit"));
    expect(await screen.findByText("Say why the published roster changes.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("roster-reason"), { target: { value: " Bob is at a training day. " } });
    fireEvent.click(screen.getByTestId("roster-reason-submit"));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      cells: [{ user: 3, day: "2025-07-10", shift_type: null }],
      reason: "Bob is at a training day.",
    });
    await waitFor(() => expect(screen.queryByTestId("roster-reason")).not.toBeInTheDocument());

    fireEvent.click(screen.getByRole("tab", { name: "Changes" }));
    const change = await screen.findByTestId("roster-change-9");
    expect(change).toHaveTextContent("Bob Backup");
    expect(change).toHaveTextContent("2025-07-10 E → Day off");
    expect(change).toHaveTextContent("Bob is at a training day.");
    expect(change).toHaveTextContent("Override");
  });

  it("shows coverage as a heat map per queue: short, met and over, with the numbers in tooltips", async () => {
    const need = Array.from({ length: 48 }, (_, slot) => (slot >= 18 && slot < 20 ? 2 : 0));
    const onShift = Array.from({ length: 48 }, (_, slot) => (slot === 18 ? 1 : slot === 19 ? 2 : slot === 20 ? 1 : 0));
    serve([grid()], ({ url }) =>
      url.pathname === `${ROSTER}coverage/`
        ? { body: [{ queue: 10, day: "2025-07-07", need, on_shift: onShift }] }
        : undefined,
    );
    render();
    await screen.findByTestId("roster-grid");

    fireEvent.click(screen.getByRole("tab", { name: "Coverage" }));
    const short = await screen.findByTestId("coverage-10-2025-07-07-18");
    expect(short).toHaveAttribute("title", "07-07 09:00: 2 needed, 1 on shift");
    expect(short).toHaveTextContent("-1");
    expect(short.style.background).toContain("rgba(245, 34, 45");
    const met = screen.getByTestId("coverage-10-2025-07-07-19");
    expect(met).toHaveAttribute("title", "07-07 09:30: 2 needed, 2 on shift");
    expect(met.style.background).toContain("rgba(82, 196, 26");
    const over = screen.getByTestId("coverage-10-2025-07-07-20");
    expect(over).toHaveTextContent("+1");
    expect(over.style.background).toContain("rgba(22, 119, 255");
    expect(screen.getByTestId("coverage-10-2025-07-07-30").style.background).toBe("");
    expect(screen.getByTestId("coverage-short-10")).toHaveTextContent("1 half-hour short");
    expect(screen.getByTestId("coverage-queue-10")).toHaveTextContent("Support");
  });

  it("says so when the roster does not exist", async () => {
    stubApi(({ url }) => (url.pathname === "/api/v1/queues/" ? { body: page([]) } : undefined));
    render();
    expect(await screen.findByTestId("roster-not-found")).toHaveTextContent("This roster does not exist");
  });
});
