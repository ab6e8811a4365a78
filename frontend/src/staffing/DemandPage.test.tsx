import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi } from "../customers/testing";
import type { DemandDay } from "../shifts/api";
import { member, queue } from "../shifts/testing";
import { DemandPage } from "./DemandPage";

afterEach(() => vi.unstubAllGlobals());

// Leads queue 3 (Support); only works in queue 4 (Billing), whose demand is not theirs to plan.
const SUPERVISOR = makeMe("supervisor", {
  id: 1,
  queues: [
    { queue: 4, queue_name: "Billing", role: "agent" },
    { queue: 3, queue_name: "Support", role: "supervisor" },
  ],
});
const QUEUES = [queue(4, "Billing", [member(1, "supervisor")]), queue(3, "Support", [member(1, "supervisor", "supervisor")])];

function day(date: string, source: DemandDay["source"], fill: Record<number, number> = {}): DemandDay {
  const contacts = Array.from({ length: 48 }, (_, slot) => fill[slot] ?? 0);
  return { day: date, source, contacts };
}

const demandGets = (calls: ReturnType<typeof stubApi>) =>
  calls.filter((c) => c.method === "GET" && c.url.pathname === "/api/v1/staffing/demand/");

describe("DemandPage", () => {
  it("shows each day's half-hours with where the figures came from, for a queue the user leads", async () => {
    const calls = stubApi(({ method, url }) => {
      if (url.pathname === "/api/v1/queues/") return { body: page(QUEUES) };
      if (method === "GET" && url.pathname === "/api/v1/staffing/demand/") {
        return { body: [day("2025-03-03", "manual", { 16: 12, 17: 2.25 }), day("2025-03-04", null)] };
      }
      return undefined;
    });
    renderPage(<DemandPage />, {
      me: SUPERVISOR,
      path: "/staffing/demand?kind=chat&from=2025-03-03&to=2025-03-04",
    });

    const first = await screen.findByTestId("demand-row-2025-03-03");
    expect(within(first).getByText("2025-03-03 Mon")).toBeInTheDocument();
    expect(within(first).getByText("Entered")).toBeInTheDocument();
    expect(within(first).getByText("14.3")).toBeInTheDocument(); // the day's total
    expect(within(first).getByText("12")).toBeInTheDocument();
    expect(within(first).getByTitle("08:30: 2.25")).toHaveTextContent("2.3");
    const second = screen.getByTestId("demand-row-2025-03-04");
    expect(within(second).getByText("None")).toBeInTheDocument();
    expect(screen.getAllByRole("columnheader", { name: "08:00" }).length).toBeGreaterThan(0);
    expect(screen.getByTestId("demand-legend")).toHaveTextContent("14.3 contacts in all");

    // The queue it leads (Support), not the first it works in (Billing).
    expect(screen.getByTestId("demand-queue").closest(".ant-select")).toHaveTextContent("Support");
    const [get] = demandGets(calls);
    expect(Object.fromEntries(get!.url.searchParams)).toEqual({
      queue: "3",
      kind: "chat",
      from: "2025-03-03",
      to: "2025-03-04",
    });
  });

  it("enters one day's 48 half-hours by hand and shows the day as entered", async () => {
    const pasted = Array.from({ length: 48 }, (_, slot) => (slot >= 16 && slot < 36 ? 10 : 0));
    const calls = stubApi(({ method, url, body }) => {
      if (url.pathname === "/api/v1/queues/") return { body: page(QUEUES) };
      if (url.pathname !== "/api/v1/staffing/demand/") return undefined;
      if (method === "GET") return { body: [day("2025-03-03", null), day("2025-03-04", "forecast", { 20: 3 })] };
      if (method === "PUT") {
        const b = body as { day: string; contacts: number[] };
        return { body: { day: b.day, source: "manual", contacts: b.contacts } };
      }
      return undefined;
    });
    renderPage(<DemandPage />, {
      me: SUPERVISOR,
      path: "/staffing/demand?queue=3&kind=call&from=2025-03-03&to=2025-03-04",
    });

    fireEvent.click(await screen.findByTestId("demand-edit-2025-03-04"));
    const box = await screen.findByTestId("demand-day-contacts");
    expect((box as HTMLTextAreaElement).value.split(" ")).toHaveLength(48);

    // One figure short: refused before asking the server.
    fireEvent.change(box, { target: { value: pasted.slice(1).join("\t") } });
    fireEvent.click(screen.getByTestId("demand-day-save"));
    expect(await screen.findByText("Enter 48 numbers, one per half-hour; there are 47.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(0);

    // A row pasted from a spreadsheet (tabs).
    fireEvent.change(box, { target: { value: pasted.join("\t") } });
    fireEvent.click(screen.getByTestId("demand-day-save"));

    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      queue: 3,
      kind: "call",
      day: "2025-03-04",
      contacts: pasted,
    });
    const row = screen.getByTestId("demand-row-2025-03-04");
    await waitFor(() => expect(within(row).getByText("Entered")).toBeInTheDocument());
    expect(within(row).getByText("200")).toBeInTheDocument();
    expect(await screen.findByText("Demand on 2025-03-04 saved.")).toBeInTheDocument();
  });

  it("forecasts the days shown from past weeks and refreshes the table", async () => {
    const calls = stubApi(({ method, url }) => {
      if (url.pathname === "/api/v1/queues/") return { body: page(QUEUES) };
      if (method === "GET" && url.pathname === "/api/v1/staffing/demand/") {
        return { body: [day("2025-03-03", "manual", { 18: 4 }), day("2025-03-04", null)] };
      }
      if (method === "POST" && url.pathname === "/api/v1/staffing/demand/forecast/") {
        return {
          body: {
            days_written: 1,
            days: [day("2025-03-03", "manual", { 18: 4 }), day("2025-03-04", "forecast", { 18: 7.5 })],
          },
        };
      }
      return undefined;
    });
    renderPage(<DemandPage />, {
      me: makeMe("manager"),
      path: "/staffing/demand?queue=3&kind=call&from=2025-03-03&to=2025-03-04",
    });
    await screen.findByTestId("demand-row-2025-03-04");

    fireEvent.change(screen.getByTestId("demand-weeks"), { target: { value: "6" } });
    fireEvent.click(screen.getByTestId("demand-forecast"));
    const confirm = await screen.findByText(/Forecast 2025-03-03 to 2025-03-04 from the same weekdays of the last 6 weeks/);
    const popup = confirm.closest(".ant-popover") as HTMLElement;
    fireEvent.click(within(popup).getByRole("button", { name: "Forecast from history" }));

    expect(await screen.findByText(/Forecast written for 1 day; days entered by hand were kept/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      queue: 3,
      kind: "call",
      first: "2025-03-03",
      last: "2025-03-04",
      weeks: 6,
    });
    const row = screen.getByTestId("demand-row-2025-03-04");
    expect(within(row).getByText("Forecast")).toBeInTheDocument();
    expect(within(row).getAllByText("7.5")).toHaveLength(2); // the half-hour and the day's total
    expect(demandGets(calls)).toHaveLength(1); // the answer fills the table; no second read
  });

  it("refuses more than 62 days without asking the server", async () => {
    const calls = stubApi(({ url }) => (url.pathname === "/api/v1/queues/" ? { body: page(QUEUES) } : undefined));
    renderPage(<DemandPage />, {
      me: makeMe("manager"),
      path: "/staffing/demand?queue=3&from=2025-01-01&to=2025-03-31",
    });

    expect(await screen.findByText("Choose at most 62 days.")).toBeInTheDocument();
    expect(screen.getByTestId("demand-forecast")).toBeDisabled();
    expect(demandGets(calls)).toHaveLength(0);
  });

  it("says so when the user leads no queue", async () => {
    stubApi(({ url }) => (url.pathname === "/api/v1/queues/" ? { body: page([queue(4, "Billing")]) } : undefined));
    renderPage(<DemandPage />, {
      me: makeMe("supervisor", { queues: [{ queue: 4, queue_name: "Billing", role: "agent" }] }),
      path: "/staffing/demand",
    });

    expect(await screen.findByText(/You plan no queues/)).toBeInTheDocument();
  });
});
