import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { chooseOption, queue, typeIntoPicker } from "../shifts/testing";
import type { BusinessCalendar, Chain, Policy } from "./api";
import { SlaSettingsPage } from "./SlaSettingsPage";

afterEach(() => vi.unstubAllGlobals());

const MANAGER = makeMe("manager");

const OFFICE: BusinessCalendar = {
  id: 1,
  name: "Beijing office",
  time_zone: "Asia/Shanghai",
  country: "",
  hours: [
    { weekday: 0, start: "09:00", end: "12:00" },
    { weekday: 0, start: "13:00", end: "18:00" },
  ],
  special_days: [
    { id: 5, day: "2026-10-01", kind: "closed", name: "国庆节", hours_of_weekday: 0, source: "imported" },
    { id: 6, day: "2026-10-10", kind: "workday", name: "调休", hours_of_weekday: 0, source: "manual" },
  ],
  updated_at: "2026-11-01T00:00:00Z",
};

const POLICY: Policy = {
  id: 3,
  queue: 1,
  priority: 4,
  kind: "",
  first_response_minutes: 30,
  next_response_minutes: null,
  resolution_minutes: 480,
  warn_percent: 75,
  escalation: 2,
  appeal_to_manager: false,
  updated_at: "2026-11-01T00:00:00Z",
};

const FAST: Chain = {
  id: 2,
  name: "Fast",
  levels: [
    { target: "assignee", after_minutes: 0 },
    { target: "manager", after_minutes: 15 },
  ],
  updated_at: "2026-11-01T00:00:00Z",
};

type Answer = { status?: number; body?: unknown } | undefined;

function serve(routes: Record<string, (call: Call) => Answer> = {}) {
  return stubApi((call) => {
    const key = `${call.method} ${call.url.pathname.replace(/^\/api\/v1/, "")}`;
    const defaults: Record<string, (call: Call) => Answer> = {
      "GET /sla/calendars/": () => ({ body: [OFFICE] }),
      "GET /sla/policies/": () => ({ body: [POLICY] }),
      "GET /sla/chains/": () => ({ body: [FAST] }),
      "GET /queues/": () => ({ body: page([queue(1, "Support"), queue(2, "Billing")]) }),
    };
    return (routes[key] ?? defaults[key])?.(call);
  });
}

/** Like `chooseOption`, in the dropdown opened last (other selects' stay in the page). */
async function chooseLatest(testId: string, label: string) {
  const select = screen.getByTestId(testId).closest(".ant-select") as HTMLElement;
  const before = document.querySelectorAll(".ant-select-dropdown").length;
  fireEvent.mouseDown(within(select).getByRole("combobox"));
  const option = await waitFor(() => {
    const dropdowns = document.querySelectorAll<HTMLElement>(".ant-select-dropdown");
    if (dropdowns.length <= before) throw new Error("no new dropdown");
    const found = [...dropdowns[dropdowns.length - 1]!.querySelectorAll<HTMLElement>(".ant-select-item-option")].find(
      (o) => o.getAttribute("title") === label || o.textContent === label,
    );
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  fireEvent.click(option);
}

const sent = (calls: Call[], method: string, path: string) =>
  calls.filter((c) => c.method === method && c.url.pathname === `/api/v1${path}`);
const change = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe("SlaSettingsPage: calendars", () => {
  it("lists calendars with their hours and creates one with two intervals a day", async () => {
    const calls = serve({
      "POST /sla/calendars/": (call) => ({ status: 201, body: { ...OFFICE, id: 9, ...(call.body as object) } }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla?tab=calendars" });
    const row = await screen.findByTestId("calendar-row-1");
    expect(row).toHaveTextContent("Mon 09:00–12:00, 13:00–18:00");
    expect(row).toHaveTextContent("Tue Closed");
    expect(row).toHaveTextContent("2 days");

    fireEvent.click(screen.getByTestId("calendar-new"));
    change("calendar-name", " Shanghai hotline ");
    change("calendar-end-0-0", "12:00");
    fireEvent.click(screen.getByTestId("calendar-add-0"));
    expect(screen.getByTestId("calendar-start-0-1")).toHaveValue("12:00");
    change("calendar-start-0-1", "13:00");
    change("calendar-end-0-1", "18:00");
    fireEvent.click(screen.getByTestId("calendar-remove-4-0")); // Friday closed
    fireEvent.click(screen.getByTestId("calendar-add-5")); // Saturday 09:00–18:00
    change("calendar-end-5-0", "12:30");
    fireEvent.click(screen.getByTestId("calendar-save"));

    await waitFor(() => expect(sent(calls, "POST", "/sla/calendars/")).toHaveLength(1));
    expect(sent(calls, "POST", "/sla/calendars/")[0]!.body).toEqual({
      name: "Shanghai hotline",
      time_zone: "Asia/Shanghai",
      hours: [
        { weekday: 0, start: "09:00", end: "12:00" },
        { weekday: 0, start: "13:00", end: "18:00" },
        { weekday: 1, start: "09:00", end: "18:00" },
        { weekday: 2, start: "09:00", end: "18:00" },
        { weekday: 3, start: "09:00", end: "18:00" },
        { weekday: 5, start: "09:00", end: "12:30" },
      ],
    });
    expect(await screen.findByText("Calendar Shanghai hotline saved.")).toBeInTheDocument();
  });

  it("checks the hours before sending, and shows the server's invalid_hours at the right weekday", async () => {
    const message = "Opening hours of one day must not overlap.";
    const calls = serve({
      "PUT /sla/calendars/1/": () => ({
        status: 400,
        body: { code: "invalid_hours", message: "The business hours are not valid.", fields: { "hours.2": [message] } },
      }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla?tab=calendars" });
    fireEvent.click(await screen.findByTestId("calendar-edit-1"));
    expect(screen.getByTestId("calendar-name")).toHaveValue("Beijing office");

    fireEvent.click(screen.getByTestId("calendar-add-3"));
    change("calendar-start-3-0", "18:00");
    change("calendar-end-3-0", "09:00");
    fireEvent.click(screen.getByTestId("calendar-save"));
    expect(await screen.findByTestId("calendar-day-error-3")).toHaveTextContent(
      "A closing time must come after its opening time.",
    );
    expect(sent(calls, "PUT", "/sla/calendars/1/")).toHaveLength(0);

    fireEvent.click(screen.getByTestId("calendar-remove-3-0"));
    fireEvent.click(screen.getByTestId("calendar-add-2"));
    fireEvent.click(screen.getByTestId("calendar-save"));
    expect(await screen.findByTestId("calendar-day-error-2")).toHaveTextContent(message);
    expect(screen.getByTestId("calendar-day-2")).toHaveAttribute("data-invalid", "true");
    expect(screen.getByTestId("calendar-day-0")).toHaveAttribute("data-invalid", "false");
    expect(screen.getByText("The business hours are not valid.")).toBeInTheDocument();
  });

  it("imports public holidays, and adds and removes a day", async () => {
    const calls = serve({
      "POST /sla/calendars/1/import-holidays/": () => ({ body: { days_written: 12 } }),
      "POST /sla/calendars/1/days/": (call) => ({ status: 201, body: { id: 7, source: "manual", ...(call.body as object) } }),
      "DELETE /sla/calendars/1/days/6/": () => ({ status: 204 }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla?tab=calendars" });
    fireEvent.click(await screen.findByTestId("calendar-days-1"));
    const drawer = await screen.findByTestId("days-drawer");
    expect(within(drawer).getByTestId("day-row-5")).toHaveTextContent("Holiday (closed)");
    expect(within(drawer).getByTestId("day-row-6")).toHaveTextContent("Working day, Monday's hours");

    change("import-country", "cn");
    change("import-year", "2026");
    fireEvent.click(screen.getByTestId("import-submit"));
    expect(await screen.findByTestId("import-result")).toHaveTextContent("12 days written.");
    expect(sent(calls, "POST", "/sla/calendars/1/import-holidays/")[0]!.body).toEqual({ country: "CN", year: 2026 });

    typeIntoPicker(screen.getByTestId("day-date"), "2026-12-31");
    await chooseOption("day-kind", "Make-up working day");
    await screen.findByTestId("day-hours-of");
    await chooseOption("day-hours-of", "Friday");
    change("day-name", "Year-end");
    fireEvent.click(screen.getByTestId("day-submit"));
    await waitFor(() => expect(sent(calls, "POST", "/sla/calendars/1/days/")).toHaveLength(1));
    expect(sent(calls, "POST", "/sla/calendars/1/days/")[0]!.body).toEqual({
      day: "2026-12-31",
      kind: "workday",
      name: "Year-end",
      hours_of_weekday: 4,
    });

    fireEvent.click(screen.getByTestId("day-remove-6"));
    await waitFor(() => expect(sent(calls, "DELETE", "/sla/calendars/1/days/6/")).toHaveLength(1));
  });

  it("sets the calendar a queue runs on, or none", async () => {
    const calls = serve({
      "GET /sla/queues/": () => ({
        body: [
          { queue: 1, calendar: null },
          { queue: 2, calendar: 1 },
        ],
      }),
      "PUT /sla/queues/1/calendar/": () => ({ status: 204 }),
      "PUT /sla/queues/2/calendar/": () => ({ status: 204 }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla?tab=queues" });
    await screen.findByTestId("queue-row-2");
    // What the server has now: queue 2 runs on the Beijing calendar, queue 1 around the clock.
    await waitFor(() =>
      expect(screen.getByTestId("queue-row-2")).toHaveTextContent("Beijing office (Asia/Shanghai)"),
    );
    expect(screen.getByTestId("queue-row-1")).toHaveTextContent("None: around the clock");
    await chooseOption("queue-calendar-1", "Beijing office (Asia/Shanghai)");
    await waitFor(() => expect(sent(calls, "PUT", "/sla/queues/1/calendar/")).toHaveLength(1));
    expect(sent(calls, "PUT", "/sla/queues/1/calendar/")[0]!.body).toEqual({ calendar: 1 });
    expect(await screen.findByText("Support now runs on Beijing office.")).toBeInTheDocument();

    await chooseLatest("queue-calendar-2", "None: around the clock");
    await waitFor(() => expect(sent(calls, "PUT", "/sla/queues/2/calendar/")).toHaveLength(1));
    expect(sent(calls, "PUT", "/sla/queues/2/calendar/")[0]!.body).toEqual({ calendar: null });
  });
});

describe("SlaSettingsPage: policies and chains", () => {
  it("lists policies and creates one", async () => {
    const calls = serve({
      "POST /sla/policies/": (call) => ({ status: 201, body: { ...POLICY, id: 4, ...(call.body as object) } }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla" });
    const row = await screen.findByTestId("policy-row-3");
    expect(row).toHaveTextContent("Support");
    expect(row).toHaveTextContent("Urgent");
    expect(row).toHaveTextContent("30 min");
    expect(row).toHaveTextContent("8 h");
    expect(row).toHaveTextContent("75 %");
    expect(row).toHaveTextContent("Fast");

    fireEvent.click(screen.getByTestId("policy-new"));
    await chooseOption("policy-kind", "Complaint");
    change("policy-first_response_minutes", "60");
    change("policy-resolution_minutes", "1440");
    change("policy-warn", "90");
    await chooseOption("policy-chain", "Fast");
    fireEvent.click(screen.getByTestId("policy-appeal"));
    fireEvent.click(screen.getByTestId("policy-submit"));

    await waitFor(() => expect(sent(calls, "POST", "/sla/policies/")).toHaveLength(1));
    expect(sent(calls, "POST", "/sla/policies/")[0]!.body).toEqual({
      queue: 1,
      priority: null,
      kind: "complaint",
      first_response_minutes: 60,
      next_response_minutes: null,
      resolution_minutes: 1440,
      warn_percent: 90,
      escalation: 2,
      appeal_to_manager: true,
    });
    expect(await screen.findByText("Policy saved.")).toBeInTheDocument();
  });

  it("shows policy_no_targets at each target and policy_exists in the form", async () => {
    const noTargets = "Give at least one target.";
    const exists = "This queue already has a policy for this priority and kind.";
    let tries = 0;
    serve({
      "PUT /sla/policies/3/": () =>
        ++tries === 1
          ? {
              status: 400,
              body: {
                code: "policy_no_targets",
                message: noTargets,
                fields: {
                  first_response_minutes: [noTargets],
                  next_response_minutes: [noTargets],
                  resolution_minutes: [noTargets],
                },
              },
            }
          : { status: 409, body: { code: "policy_exists", message: exists, fields: {} } },
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla" });
    fireEvent.click(await screen.findByTestId("policy-edit-3"));
    const form = screen.getByTestId("policy-form");
    fireEvent.click(within(form).getByTestId("policy-submit"));
    await waitFor(() => expect(within(form).getAllByText(noTargets)).toHaveLength(4)); // the alert and 3 fields

    fireEvent.click(within(form).getByTestId("policy-submit"));
    expect(await within(form).findByText(exists)).toBeInTheDocument();
  });

  it("creates an escalation chain with levels added, removed and reordered", async () => {
    const calls = serve({
      "POST /sla/chains/": (call) => ({ status: 201, body: { id: 5, updated_at: "", ...(call.body as object) } }),
    });
    renderPage(<SlaSettingsPage />, { me: MANAGER, path: "/sla?tab=chains" });
    const row = await screen.findByTestId("chain-row-2");
    expect(row).toHaveTextContent("The assignee at the breach + 0 min");
    expect(row).toHaveTextContent("The managers 15 min after the previous level");

    fireEvent.click(screen.getByTestId("chain-new"));
    change("chain-name", "Night");
    // Default: assignee 0, supervisor on duty 30, managers 30.
    fireEvent.click(screen.getByTestId("chain-up-2")); // managers before the supervisor on duty
    fireEvent.click(screen.getByTestId("chain-remove-0")); // no assignee level
    change("chain-after-0", "10");
    fireEvent.click(screen.getByTestId("chain-add"));
    await chooseOption("chain-target-2", "Every supervisor of the queue");
    change("chain-after-2", "60");
    fireEvent.click(screen.getByTestId("chain-save"));

    await waitFor(() => expect(sent(calls, "POST", "/sla/chains/")).toHaveLength(1));
    expect(sent(calls, "POST", "/sla/chains/")[0]!.body).toEqual({
      name: "Night",
      levels: [
        { target: "manager", after_minutes: 10 },
        { target: "supervisor_on_duty", after_minutes: 30 },
        { target: "queue_supervisors", after_minutes: 60 },
      ],
    });
  });

  it("is closed to agents", async () => {
    serve();
    renderPage(<SlaSettingsPage />, { me: makeMe("agent"), path: "/sla" });
    expect(await screen.findByText("Only managers and supervisors set SLAs.")).toBeInTheDocument();
  });
});
