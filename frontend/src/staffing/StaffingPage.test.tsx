import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, renderPage, stubApi } from "../customers/testing";
import { parseSeries, StaffingPage } from "./StaffingPage";

const INTERVAL = {
  contacts: 100,
  traffic_erlangs: 10,
  raw_agents: 14,
  scheduled_agents: 20,
  service_level: 0.8884,
  occupancy: 0.7143,
  probability_of_waiting: 0.1741,
  average_speed_of_answer: 7.84,
};

afterEach(() => vi.unstubAllGlobals());

describe("parseSeries", () => {
  it("reads numbers separated by spaces, commas or Chinese commas", () => {
    expect(parseSeries("100")).toEqual([100]);
    expect(parseSeries(" 0, 20，100  250")).toEqual([0, 20, 100, 250]);
    expect(parseSeries("")).toBeNull();
    expect(parseSeries("10 -3")).toBeNull();
    expect(parseSeries("ten")).toBeNull();
  });
});

describe("StaffingPage", () => {
  it("sends the figures and shows the agents needed per interval", async () => {
    const calls = stubApi(({ method, url }) =>
      method === "POST" && url.pathname === "/api/v1/staffing/erlang-c/"
        ? {
            body: {
              intervals: [INTERVAL, {
                  contacts: 0,
                  traffic_erlangs: 0,
                  raw_agents: 0,
                  scheduled_agents: 0,
                  service_level: 1,
                  occupancy: 0,
                  probability_of_waiting: 0,
                  average_speed_of_answer: 0,
                }],
              peak_scheduled_agents: 20,
              scheduled_agent_hours: 10,
            },
          }
        : undefined,
    );
    renderPage(<StaffingPage />, { me: makeMe("supervisor"), path: "/staffing" });

    fireEvent.change(screen.getByTestId("staffing-contacts"), { target: { value: "100 0" } });
    fireEvent.click(screen.getByTestId("staffing-submit"));

    const summary = await screen.findByTestId("staffing-summary");
    expect(summary).toHaveTextContent("Peak: 20 agents to roster");
    expect(summary).toHaveTextContent("10.0 agent-hours in total");
    const table = screen.getByTestId("staffing-results");
    expect(within(table).getByText("88.8 %")).toBeInTheDocument();
    expect(within(table).getByText("7.8 s")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      series: [100, 0],
      interval_seconds: 1800,
      handling_seconds: 180,
      target_answer_seconds: 20,
      target_service_level: 0.8,
      shrinkage: 0.3,
      max_occupancy: 0.85,
      concurrency: 1,
    });
  });

  it("refuses contacts that are not numbers before asking the server", async () => {
    const calls = stubApi(() => undefined);
    renderPage(<StaffingPage />, { me: makeMe("supervisor"), path: "/staffing" });

    fireEvent.change(screen.getByTestId("staffing-contacts"), { target: { value: "a lot" } });
    fireEvent.click(screen.getByTestId("staffing-submit"));

    expect(await screen.findByText(/Enter numbers of contacts/)).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(0));
  });

  it("shows the server's error", async () => {
    stubApi(({ method }) =>
      method === "POST"
        ? {
            status: 400,
            body: { code: "beyond_capacity", message: "More than 2000 agents would be needed; check the figures.", fields: {} },
          }
        : undefined,
    );
    renderPage(<StaffingPage />, { me: makeMe("manager"), path: "/staffing" });

    fireEvent.click(screen.getByTestId("staffing-submit"));

    expect(await screen.findByRole("alert")).toHaveTextContent("More than 2000 agents");
  });
});
