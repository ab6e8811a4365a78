import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import type { Preference, ShiftType, StaffRules } from "./api";
import { RulesPage, weeklyBand } from "./RulesPage";
import { chooseOption, member, queue } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const RULES: StaffRules = {
  contracted_minutes_per_week: 2400,
  hours_tolerance_percent: 10,
  max_consecutive_days: 5,
  max_shifts_per_week: 5,
  unavailable_weekdays: [5, 6],
};
const TYPES: ShiftType[] = [
  { id: 1, name: "Early", code: "E", start: "06:00:00", minutes: 480, is_night: false, crosses_midnight: false },
  { id: 2, name: "Overnight", code: "N", start: "22:00:00", minutes: 480, is_night: true, crosses_midnight: true },
];
const WISHES: Preference[] = [
  { id: 7, wish: "avoid", weekday: null, shift_type: 2, weight: 4 },
  { id: 8, wish: "want", weekday: 0, shift_type: 1, weight: 1 },
];

const LEAD = makeMe("supervisor", {
  id: 1,
  name: "Zhang Wei",
  queues: [{ queue: 3, queue_name: "Support", role: "supervisor" }],
});

/** Answers the reads every view of the page makes; ``extra`` answers the rest first. */
function serve(extra: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  let wishes = [...WISHES];
  return stubApi((call) => {
    const answer = extra(call);
    if (answer) return answer;
    const { method, url } = call;
    if (url.pathname === "/api/v1/shifts/types/") return { body: TYPES };
    if (url.pathname === "/api/v1/shifts/preferences/" && method === "GET") return { body: wishes };
    if (method === "DELETE" && url.pathname.startsWith("/api/v1/shifts/preferences/")) {
      wishes = wishes.filter((w) => !url.pathname.endsWith(`/${w.id}/`));
      return { status: 204 };
    }
    if (url.pathname.match(/^\/api\/v1\/shifts\/people\/\d+\/rules\/$/)) return { body: RULES };
    if (url.pathname === "/api/v1/queues/") {
      return { body: page([queue(3, "Support", [member(1, "Zhang Wei", "supervisor"), member(12, "Wang Fang")])]) };
    }
    return undefined;
  });
}

describe("weeklyBand", () => {
  it("is the contract's hours less and more the tolerance", () => {
    expect(weeklyBand(2400, 10)).toEqual({ low: "36", high: "44" });
    expect(weeklyBand(2250, 0)).toEqual({ low: "37.5", high: "37.5" });
  });
});

describe("RulesPage", () => {
  it("shows an agent their own rules, read-only", async () => {
    const calls = serve();
    renderPage(<RulesPage />, { me: makeMe("agent", { id: 5 }), path: "/shifts/me?person=12" });

    const view = await screen.findByTestId("rules-view");
    expect(within(view).getByText("40 h a week")).toBeInTheDocument();
    expect(within(view).getByText("±10 % (36–44 h a week)")).toBeInTheDocument();
    expect(within(view).getByText("Saturday, Sunday")).toBeInTheDocument();
    expect(screen.queryByTestId("rules-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("rules-person")).not.toBeInTheDocument();
    // Their own, whatever the address says.
    expect(calls.some((c) => c.url.pathname === "/api/v1/shifts/people/5/rules/")).toBe(true);
    expect(calls.some((c) => c.url.pathname === "/api/v1/shifts/people/12/rules/")).toBe(false);
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("lists one's wishes with their shifts, adds and removes one", async () => {
    const calls = serve(({ method, url }) =>
      method === "POST" && url.pathname === "/api/v1/shifts/preferences/"
        ? { status: 201, body: { id: 9, wish: "want", weekday: 4, shift_type: null, weight: 3 } }
        : undefined,
    );
    renderPage(<RulesPage />, { me: makeMe("agent"), path: "/shifts/me" });

    const avoid = await screen.findByTestId("wish-7");
    expect(within(avoid).getByText("Would rather not")).toBeInTheDocument();
    expect(within(avoid).getByText("Any day")).toBeInTheDocument();
    await waitFor(() => expect(within(avoid).getByText("N · Overnight")).toBeInTheDocument());
    expect(within(avoid).getByText("4 of 5")).toBeInTheDocument();
    const want = screen.getByTestId("wish-8");
    expect(within(want).getByText("Monday")).toBeInTheDocument();
    expect(within(want).getByText("E · Early")).toBeInTheDocument();

    await chooseOption("wish-weekday", "Friday");
    fireEvent.change(screen.getByTestId("wish-weight"), { target: { value: "3" } });
    fireEvent.click(screen.getByTestId("wish-submit"));

    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      wish: "want",
      weekday: 4,
      shift_type: null,
      weight: 3,
    });
    expect(await screen.findByText("Wish saved.")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("wish-remove-7"));
    const confirm = (await screen.findByText("Remove this wish?")).closest(".ant-popover") as HTMLElement;
    fireEvent.click(within(confirm).getByRole("button", { name: "Remove wish" }));

    await waitFor(() => expect(screen.queryByTestId("wish-7")).not.toBeInTheDocument());
    expect(calls.find((c) => c.method === "DELETE")!.url.pathname).toBe("/api/v1/shifts/preferences/7/");
  });

  it("shows the server's answer to a wish that names neither day nor shift", async () => {
    serve(({ method, url }) =>
      method === "POST" && url.pathname === "/api/v1/shifts/preferences/"
        ? {
            status: 400,
            body: {
              code: "invalid",
              message: "Say which weekday or which shift.",
              fields: { weekday: ["Give a weekday, a shift type, or both."] },
            },
          }
        : undefined,
    );
    renderPage(<RulesPage />, { me: makeMe("agent"), path: "/shifts/me" });
    await screen.findByTestId("wish-7");

    fireEvent.click(screen.getByTestId("wish-submit"));

    expect(await screen.findByText("Say which weekday or which shift.")).toBeInTheDocument();
    const weekday = screen.getByTestId("wish-weekday").closest(".ant-form-item") as HTMLElement;
    expect(await within(weekday).findByText("Give a weekday, a shift type, or both.")).toBeInTheDocument();
  });

  it("lets a supervisor change the rules of one of their people", async () => {
    const calls = serve(({ method, url, body }) =>
      method === "PUT" && url.pathname === "/api/v1/shifts/people/12/rules/" ? { body } : undefined,
    );
    renderPage(<RulesPage />, { me: LEAD, path: "/shifts/me?person=12" });

    await screen.findByTestId("rules-form");
    const picker = screen.getByTestId("rules-person").closest(".ant-select") as HTMLElement;
    await waitFor(() => expect(picker).toHaveTextContent("Wang Fang (wang.fang)"));
    expect(screen.getByTestId("rules-band")).toHaveTextContent("between 36 and 44 hours");

    fireEvent.change(screen.getByTestId("rules-contracted_hours"), { target: { value: "37.5" } });
    fireEvent.click(screen.getByLabelText("Saturday")); // works Saturdays from now on
    fireEvent.click(screen.getByLabelText("Wednesday"));
    fireEvent.click(screen.getByTestId("rules-save"));

    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      contracted_minutes_per_week: 2250,
      hours_tolerance_percent: 10,
      max_consecutive_days: 5,
      max_shifts_per_week: 5,
      unavailable_weekdays: [2, 6],
    });
    expect(await screen.findByText("Rules saved.")).toBeInTheDocument();
    expect(calls.some((c) => c.url.pathname === "/api/v1/shifts/people/12/rules/")).toBe(true);
  });

  it("shows a contract the shifts cannot give (400 contract_impossible)", async () => {
    const message =
      "The contract cannot be worked: at most 5 shifts a week of at most 8 hours give less than 43.2 hours.";
    serve(({ method }) =>
      method === "PUT"
        ? {
            status: 400,
            body: {
              code: "contract_impossible",
              message,
              fields: { contracted_minutes_per_week: ["More than the shifts allow."] },
            },
          }
        : undefined,
    );
    renderPage(<RulesPage />, { me: makeMe("manager", { id: 1 }), path: "/shifts/me" });
    await screen.findByTestId("rules-form");

    fireEvent.change(screen.getByTestId("rules-contracted_hours"), { target: { value: "48" } });
    fireEvent.click(screen.getByTestId("rules-save"));

    expect(await screen.findByText(message)).toBeInTheDocument();
    const contract = screen.getByTestId("rules-contracted_hours").closest(".ant-form-item") as HTMLElement;
    expect(await within(contract).findByText("More than the shifts allow.")).toBeInTheDocument();
  });

  it("offers a lead themselves and the members of the queues they lead", async () => {
    const calls = serve();
    renderPage(<RulesPage />, { me: LEAD, path: "/shifts/me" });
    await screen.findByTestId("rules-form");
    expect(screen.getByTestId("rules-person").closest(".ant-select")).toHaveTextContent("Zhang Wei (me)");

    await chooseOption("rules-person", "Wang Fang (wang.fang)");

    await waitFor(() =>
      expect(calls.some((c) => c.url.pathname === "/api/v1/shifts/people/12/rules/")).toBe(true),
    );
  });
});
