import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { setTimeZone } from "../common/time";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { live } from "../tickets/liveMock";
import { MyShiftsPage } from "./MyShiftsPage";
import { EARLY, grid, NIGHT } from "./rosterFixtures";
import type { MyShift, Swap } from "./rosters";
import { chooseOption, queue } from "./testing";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

beforeAll(() => setTimeZone("Asia/Shanghai"));
afterAll(() => setTimeZone(null));
afterEach(() => vi.unstubAllGlobals());

const ALICE = makeMe("agent", { id: 2, name: "Alice Agent", queues: [{ queue: 10, queue_name: "Support", role: "agent" }] });
const SAM = makeMe("supervisor", { id: 1, name: "Sam Supervisor", queues: [{ queue: 10, queue_name: "Support", role: "supervisor" }] });

const people = {
  sam: { id: 1, username: "sam", name: "Sam Supervisor" },
  alice: { id: 2, username: "alice", name: "Alice Agent" },
  bob: { id: 3, username: "bob", name: "Bob Backup" },
};

function shift(id: number, day: string, type = EARLY, startsAt: string, endsAt: string, queueId = 10): MyShift {
  return { id, period: 5, day, shift_type: type, queue: queueId, starts_at: startsAt, ends_at: endsAt };
}

const MINE: MyShift[] = [
  shift(300, "2020-01-06", EARLY, "2020-01-05T22:00:00Z", "2020-01-06T06:00:00Z"), // started: no swap
  shift(301, "2099-07-08", EARLY, "2099-07-07T22:00:00Z", "2099-07-08T06:00:00Z"),
  shift(302, "2099-07-09", NIGHT, "2099-07-09T14:00:00Z", "2099-07-09T22:30:00Z"),
];
const BOBS: MyShift[] = [
  shift(401, "2099-07-10", EARLY, "2099-07-09T22:00:00Z", "2099-07-10T06:00:00Z"),
  shift(402, "2099-07-11", EARLY, "2099-07-10T22:00:00Z", "2099-07-11T06:00:00Z", 11), // not my queue
];

function swap(id: number, overrides: Partial<Swap>): Swap {
  return {
    id,
    period: 5,
    requester: people.bob,
    colleague: people.alice,
    give: 401,
    take: null,
    give_label: "2099-07-10 E",
    take_label: "",
    reason: "",
    status: "requested",
    created_at: "2099-07-01T02:00:00Z",
    decided_by: null,
    decision_note: "",
    ...overrides,
  };
}

const ROSTER = grid({
  people: [
    ...grid().people,
    {
      id: 4,
      username: "carol",
      name: "Carol Sales",
      is_supervisor: false,
      queues: [11],
      leave_days: [],
      unavailable_weekdays: [],
      contracted_minutes_per_week: 2400,
    },
  ],
});

const FEED = "https://desk.example/api/v1/shifts/calendar/abc.ics";

function serve(swaps: Swap[] = [], extra: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return stubApi((call) => {
    const answer = extra(call);
    if (answer) return answer;
    const { method, url } = call;
    if (url.pathname === "/api/v1/queues/") return { body: page([queue(10, "Support")]) };
    if (url.pathname === "/api/v1/shifts/mine/") return { body: url.searchParams.get("user") === "3" ? BOBS : MINE };
    if (url.pathname === "/api/v1/shifts/calendar/") {
      return { body: { url: method === "POST" ? "https://desk.example/api/v1/shifts/calendar/new.ics" : FEED } };
    }
    if (url.pathname === "/api/v1/shifts/swaps/" && method === "GET") return { body: page(swaps) };
    if (url.pathname === "/api/v1/shifts/rosters/5/") return { body: ROSTER };
    return undefined;
  });
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === "POST");

describe("MyShiftsPage", () => {
  it("lists my shifts in my time zone, a night ending the next day; started shifts cannot be swapped", async () => {
    serve();
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });

    const early = await screen.findByTestId("my-shift-301");
    expect(early).toHaveTextContent("2099-07-08 Wed");
    expect(early).toHaveTextContent("E");
    expect(early).toHaveTextContent("Early");
    expect(early).toHaveTextContent("06:00–14:00");
    expect(early).toHaveTextContent("Support");
    expect(screen.getByTestId("my-shift-302")).toHaveTextContent("22:00–06:30 (next day)");
    expect(within(screen.getByTestId("my-shift-302")).getByLabelText("Night shift")).toBeInTheDocument();
    expect(screen.getByTestId("my-shift-swap-301")).toBeInTheDocument();
    expect(screen.queryByTestId("my-shift-swap-300")).not.toBeInTheDocument();
  });

  it("copies the calendar link and makes a new one after asking", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const calls = serve();
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });

    await waitFor(() => expect(screen.getByTestId("calendar-url")).toHaveValue(FEED));
    fireEvent.click(screen.getByTestId("calendar-copy"));
    expect(await screen.findByText("Link copied.")).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(FEED);

    fireEvent.click(screen.getByTestId("calendar-rotate"));
    expect(await screen.findByText(/The old one stops working/)).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);
    fireEvent.click(screen.getByTestId("calendar-rotate-confirm"));
    await waitFor(() =>
      expect(screen.getByTestId("calendar-url")).toHaveValue("https://desk.example/api/v1/shifts/calendar/new.ics"),
    );
    expect(posts(calls).map((c) => c.url.pathname)).toEqual(["/api/v1/shifts/calendar/"]);
  });

  it("asks a colleague of the shift's queue on the same roster to swap, for one of their shifts", async () => {
    const calls = serve([], ({ method, url }) =>
      method === "POST" && url.pathname === "/api/v1/shifts/swaps/"
        ? { status: 201, body: swap(9, { requester: people.alice, colleague: people.bob, give: 301, take: 401 }) }
        : undefined,
    );
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });

    fireEvent.click(await screen.findByTestId("my-shift-swap-301"));
    expect(await screen.findByTestId("swap-give")).toHaveTextContent("Your shift: 2099-07-08 Wed · E Early 06:00–14:00");

    await chooseOption("swap-colleague", "Bob Backup");
    const offered = [...document.querySelectorAll(".ant-select-item-option")].map((o) => o.textContent);
    expect(offered).toEqual(["Sam Supervisor", "Bob Backup"]); // not me, not Carol (another queue)

    // Bob's shifts of the roster are read; the choice opens once he is chosen.
    const theirs = () => calls.find((c) => c.url.pathname === "/api/v1/shifts/mine/" && c.url.searchParams.get("user"));
    await waitFor(() => expect(theirs()).toBeDefined());
    const take = screen.getByTestId("swap-take").closest(".ant-select") as HTMLElement;
    await waitFor(() => expect(take).not.toHaveClass("ant-select-disabled"));
    await chooseOption("swap-take", "2099-07-10 Fri · E Early 06:00–14:00");
    expect(document.body).not.toHaveTextContent("2099-07-11 Sat"); // Bob's shift in a queue I do not work
    const bobs = theirs();
    expect(Object.fromEntries(bobs!.url.searchParams)).toEqual({ user: "3", first: "2025-07-07", last: "2025-07-13" });

    fireEvent.change(screen.getByTestId("swap-reason"), { target: { value: " Family visit " } });
    fireEvent.click(screen.getByTestId("swap-submit"));

    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.body).toEqual({ give: 301, colleague: 3, take: 401, reason: "Family visit" });
    expect(await screen.findByText("Swap asked of Bob Backup.")).toBeInTheDocument();
  });

  it("names the rules a refused swap would break", async () => {
    serve([], ({ method, url }) =>
      method === "POST" && url.pathname === "/api/v1/shifts/swaps/"
        ? {
            status: 409,
            body: {
              code: "swap_breaks_rule",
              message: "The swap would break a rule: rest.",
              fields: { rules: ["rest", "consecutive_days"] },
            },
          }
        : undefined,
    );
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });

    fireEvent.click(await screen.findByTestId("my-shift-swap-302"));
    await chooseOption("swap-colleague", "Bob Backup");
    fireEvent.click(screen.getByTestId("swap-submit"));

    expect(await screen.findByTestId("swap-error")).toHaveTextContent(
      "The swap would break rules: Less than 11 hours' rest between shifts, Too many days in a row.",
    );
  });

  it("lets the colleague accept or refuse, and the requester cancel", async () => {
    const swaps = [
      swap(1, { status: "requested", reason: "Dentist" }),
      swap(2, { requester: people.alice, colleague: people.bob, status: "accepted", give_label: "2099-07-08 E" }),
      swap(3, { requester: people.sam, colleague: people.bob, status: "accepted" }),
      swap(4, { status: "refused" }),
    ];
    const calls = serve(swaps, ({ method, url }) =>
      method === "POST" && url.pathname.startsWith("/api/v1/shifts/swaps/") ? { body: swap(1, { status: "accepted" }) } : undefined,
    );
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });

    const asked = await screen.findByTestId("swap-row-1");
    expect(asked).toHaveTextContent("Bob Backup");
    expect(asked).toHaveTextContent("2099-07-10 E");
    expect(asked).toHaveTextContent("Nothing in return");
    expect(asked).toHaveTextContent("Waiting for the colleague");
    expect(screen.getByTestId("swap-status-2")).toHaveTextContent("Waiting for a supervisor");
    // Only what the person may do.
    expect(screen.queryByTestId("swap-cancel-1")).not.toBeInTheDocument();
    expect(screen.queryByTestId("swap-accept-2")).not.toBeInTheDocument();
    expect(screen.queryByTestId("swap-approve-3")).not.toBeInTheDocument();
    expect(screen.queryByTestId("swap-accept-4")).not.toBeInTheDocument();

    fireEvent.click(screen.getByTestId("swap-accept-1"));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.url.pathname).toBe("/api/v1/shifts/swaps/1/answer/");
    expect(posts(calls)[0]!.body).toEqual({ accept: true });
    expect(await screen.findByText("Swap accepted; a supervisor decides now.")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("swap-refuse-1"));
    await waitFor(() => expect(posts(calls)).toHaveLength(2));
    expect(posts(calls)[1]!.body).toEqual({ accept: false });

    fireEvent.click(screen.getByTestId("swap-cancel-2"));
    fireEvent.click(await screen.findByTestId("swap-cancel-confirm-2"));
    await waitFor(() => expect(posts(calls)).toHaveLength(3));
    expect(posts(calls)[2]!.url.pathname).toBe("/api/v1/shifts/swaps/2/cancel/");
  });

  it("reads my shifts and swaps again when the roster or a swap changes", async () => {
    const calls = serve([swap(1, {})]);
    renderPage(<MyShiftsPage />, { me: ALICE, path: "/shifts/mine" });
    await screen.findByTestId("swap-row-1");
    const reads = (path: string) => calls.filter((c) => c.method === "GET" && c.url.pathname === path).length;
    expect(reads("/api/v1/shifts/swaps/")).toBe(1);

    act(() => live.emit({ type: "roster.swap", payload: { swap: 1, status: "approved" } }));
    await waitFor(() => expect(reads("/api/v1/shifts/swaps/")).toBe(2));
    await waitFor(() => expect(reads("/api/v1/shifts/mine/")).toBe(2));
    act(() => live.emit({ type: "inbox.item", payload: {} }));
    act(() => live.emit({ type: "roster.changed", payload: { period: 5, day: "2099-07-08", after: "" } }));
    await waitFor(() => expect(reads("/api/v1/shifts/mine/")).toBe(3));
  });

  it("lets a planner approve an accepted swap, or decline it with a note", async () => {
    const swaps = [
      swap(5, { requester: people.alice, colleague: people.bob, status: "accepted" }),
      swap(6, { requester: people.bob, colleague: people.alice, status: "accepted", take_label: "2099-07-08 E" }),
    ];
    const calls = serve(swaps, ({ method, url }) =>
      method === "POST" && url.pathname.endsWith("/decide/") ? { body: swap(5, { status: "approved" }) } : undefined,
    );
    renderPage(<MyShiftsPage />, { me: SAM, path: "/shifts/mine" });

    fireEvent.click(await screen.findByTestId("swap-approve-5"));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.url.pathname).toBe("/api/v1/shifts/swaps/5/decide/");
    expect(posts(calls)[0]!.body).toEqual({ approve: true });
    expect(await screen.findByText("Swap approved: the roster has changed.")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("swap-decline-6"));
    expect(await screen.findByText("Bob Backup gives 2099-07-10 E to Alice Agent, for 2099-07-08 E.")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("swap-decline-submit"));
    expect(await screen.findByText("Say why the swap is declined.")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("swap-decline-note"), { target: { value: "Nobody would cover the early." } });
    fireEvent.click(screen.getByTestId("swap-decline-submit"));
    await waitFor(() => expect(posts(calls)).toHaveLength(2));
    expect(posts(calls)[1]!.body).toEqual({ approve: false, note: "Nobody would cover the early." });
  });
});
