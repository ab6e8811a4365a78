import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { PERIOD } from "./rosterFixtures";
import type { RosterPeriod } from "./rosters";
import { RostersPage } from "./RostersPage";
import { chooseOption, member, queue, typeIntoPicker } from "./testing";

afterEach(() => vi.unstubAllGlobals());

// Leads Support (10) and Sales (11); only works in Billing (12).
const LEAD = makeMe("supervisor", {
  id: 1,
  queues: [
    { queue: 10, queue_name: "Support", role: "supervisor" },
    { queue: 11, queue_name: "Sales", role: "supervisor" },
    { queue: 12, queue_name: "Billing", role: "agent" },
  ],
});
const QUEUES = [
  queue(10, "Support", [member(1, "Sam", "supervisor")]),
  queue(11, "Sales", [member(1, "Sam", "supervisor")]),
  queue(12, "Billing", [member(1, "Sam")]),
];
const PUBLISHED: RosterPeriod = {
  ...PERIOD,
  id: 4,
  first_day: "2025-06-09",
  last_day: "2025-07-06",
  status: "published",
  published_at: "2025-06-01T02:00:00Z",
  published_by: { id: 1, username: "sam", name: "Sam Supervisor" },
};

const LIST = "/api/v1/shifts/rosters/";

function serve(extra: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return stubApi((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.url.pathname === "/api/v1/queues/") return { body: page(QUEUES) };
    if (call.method === "GET" && call.url.pathname === LIST) return { body: page([PERIOD, PUBLISHED]) };
    return undefined;
  });
}

describe("RostersPage", () => {
  it("lists the rosters with their days, queues and status, linked to their grids", async () => {
    serve();
    renderPage(<RostersPage />, { me: LEAD, path: "/shifts/rosters" });

    const draft = await screen.findByTestId("roster-row-5");
    expect(within(draft).getByTestId("roster-open-5")).toHaveTextContent("2025-07-07 Mon – 2025-07-13 Sun");
    expect(within(draft).getByTestId("roster-open-5")).toHaveAttribute("href", "/shifts/rosters/5");
    expect(draft).toHaveTextContent("7 days");
    expect(draft).toHaveTextContent("Support");
    expect(draft).toHaveTextContent("Draft");
    const published = screen.getByTestId("roster-row-4");
    expect(published).toHaveTextContent("28 days");
    expect(published).toHaveTextContent("Published");
    expect(published).toHaveTextContent("Published by Sam Supervisor");
  });

  it("shows agents the published rosters without the form", async () => {
    stubApi(({ url }) =>
      url.pathname === LIST
        ? { body: page([PUBLISHED]) }
        : url.pathname === "/api/v1/queues/"
          ? { body: page([]) }
          : undefined,
    );
    renderPage(<RostersPage />, {
      me: makeMe("agent", { queues: [{ queue: 10, queue_name: "Support", role: "agent" }] }),
      path: "/shifts/rosters",
    });

    expect(await screen.findByTestId("roster-row-4")).toHaveTextContent("Support");
    expect(screen.queryByTestId("roster-form")).not.toBeInTheDocument();
  });

  it("creates a roster of some weeks for queues the user leads", async () => {
    const calls = serve(({ method, url }) =>
      method === "POST" && url.pathname === LIST ? { status: 201, body: { ...PERIOD, id: 8 } } : undefined,
    );
    renderPage(
      <Routes>
        <Route index element={<RostersPage />} />
        <Route path=":periodId" element={<div>the grid of roster 8</div>} />
      </Routes>,
      { me: LEAD, path: "/shifts/rosters", route: "/shifts/rosters/*" },
    );
    await screen.findByTestId("roster-row-5");

    await chooseOption("roster-form-queues", "Support");
    await chooseOption("roster-form-queues", "Sales");
    // Billing is only worked in, not led: it is not offered.
    expect([...document.querySelectorAll(".ant-select-item-option")].map((o) => o.textContent)).not.toContain("Billing");
    typeIntoPicker(screen.getByTestId("roster-form-first"), "2025-08-04");
    fireEvent.change(screen.getByTestId("roster-form-weeks"), { target: { value: "4" } });
    expect(await screen.findByTestId("roster-form-summary")).toHaveTextContent(
      "2025-08-04 Mon to 2025-08-31 Sun: 28 days.",
    );
    fireEvent.click(screen.getByTestId("roster-form-submit"));

    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      first_day: "2025-08-04",
      last_day: "2025-08-31",
      queues: [10, 11],
    });
    expect(await screen.findByText("Roster created.")).toBeInTheDocument();
    expect(await screen.findByText("the grid of roster 8")).toBeInTheDocument();
  });

  it("creates a roster up to a last day, and shows an overlap", async () => {
    const calls = serve(({ method, url }) =>
      method === "POST" && url.pathname === LIST
        ? {
            status: 409,
            body: {
              code: "period_overlaps",
              message: "Another roster (2025-07-07 – 2025-07-13) already covers some of these days.",
              fields: {},
            },
          }
        : undefined,
    );
    renderPage(<RostersPage />, { me: makeMe("supervisor", { id: 1, queues: [{ queue: 10, queue_name: "Support", role: "supervisor" }] }), path: "/shifts/rosters" });
    await screen.findByTestId("roster-row-5");

    // One queue led: it is chosen already.
    await waitFor(() =>
      expect(screen.getByTestId("roster-form-queues").closest(".ant-select")).toHaveTextContent("Support"),
    );
    typeIntoPicker(screen.getByTestId("roster-form-first"), "2025-07-10");
    fireEvent.click(screen.getByText("Last day", { selector: "span" }));
    typeIntoPicker(await screen.findByTestId("roster-form-last"), "2025-07-20");
    fireEvent.click(screen.getByTestId("roster-form-submit"));

    expect(await screen.findByText("Another roster (2025-07-07 – 2025-07-13) already covers some of these days.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      first_day: "2025-07-10",
      last_day: "2025-07-20",
      queues: [10],
    });
  });
});
