import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, renderPage, stubApi } from "../customers/testing";
import type { ShiftType } from "./api";
import { ShiftTypesPage } from "./ShiftTypesPage";
import { typeIntoPicker } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const EARLY: ShiftType = {
  id: 1,
  name: "Early",
  code: "E",
  start: "06:00:00",
  minutes: 480,
  is_night: false,
  crosses_midnight: false,
};
const NIGHT: ShiftType = {
  id: 2,
  name: "Overnight",
  code: "N",
  start: "22:00:00",
  minutes: 510,
  is_night: true,
  crosses_midnight: true,
};

const TYPES = "/api/v1/shifts/types/";

function fill(name: string, code: string, start: string, hours: string) {
  fireEvent.change(screen.getByTestId("shift-type-name"), { target: { value: name } });
  fireEvent.change(screen.getByTestId("shift-type-code"), { target: { value: code } });
  typeIntoPicker(screen.getByTestId("shift-type-start"), start);
  fireEvent.change(screen.getByTestId("shift-type-hours"), { target: { value: hours } });
}

describe("ShiftTypesPage", () => {
  it("lists the shift types with their hours, night shifts ending the next day; agents cannot add", async () => {
    stubApi(({ url }) => (url.pathname === TYPES ? { body: [EARLY, NIGHT] } : undefined));
    renderPage(<ShiftTypesPage />, { me: makeMe("agent"), path: "/shifts/types" });

    const night = await screen.findByTestId("shift-type-2");
    expect(within(night).getByText("N")).toBeInTheDocument();
    expect(within(night).getByText("Overnight")).toBeInTheDocument();
    expect(within(night).getByText("22:00")).toBeInTheDocument();
    expect(within(night).getByText("06:30 (next day)")).toBeInTheDocument();
    expect(within(night).getByText("8.5 h")).toBeInTheDocument();
    expect(within(night).getByText("Night")).toBeInTheDocument();
    const early = screen.getByTestId("shift-type-1");
    expect(within(early).getByText("14:00")).toBeInTheDocument();
    expect(within(early).queryByText("Night")).not.toBeInTheDocument();
    expect(screen.queryByTestId("shift-type-form")).not.toBeInTheDocument();
  });

  it("adds a shift type for a planner and lists it", async () => {
    let created = false;
    const calls = stubApi(({ method, url }) => {
      if (url.pathname !== TYPES) return undefined;
      if (method === "POST") {
        created = true;
        return { status: 201, body: { ...EARLY, id: 3, name: "Late", code: "L", start: "14:30:00", minutes: 450 } };
      }
      return { body: created ? [EARLY, { ...EARLY, id: 3, name: "Late", code: "L", start: "14:30:00", minutes: 450 }] : [EARLY] };
    });
    renderPage(<ShiftTypesPage />, { me: makeMe("supervisor"), path: "/shifts/types" });
    await screen.findByTestId("shift-type-1");

    fill(" Late ", "l", "14:30", "7.5");
    fireEvent.click(screen.getByText("No"));
    fireEvent.click(screen.getByTestId("shift-type-submit"));

    expect(await screen.findByTestId("shift-type-3")).toHaveTextContent("22:00");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "Late",
      code: "l",
      start: "14:30",
      minutes: 450,
      is_night: false,
    });
    expect(screen.getByText("Shift type L added.")).toBeInTheDocument();
  });

  it("leaves the night flag to the server by default", async () => {
    const calls = stubApi(({ method, url }) =>
      url.pathname === TYPES
        ? method === "POST"
          ? { status: 201, body: NIGHT }
          : { body: [] }
        : undefined,
    );
    renderPage(<ShiftTypesPage />, { me: makeMe("manager"), path: "/shifts/types" });
    await screen.findByText("No shift types yet.");

    fill("Overnight", "N", "22:00", "8.5");
    fireEvent.click(screen.getByTestId("shift-type-submit"));

    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "Overnight",
      code: "N",
      start: "22:00",
      minutes: 510,
    });
  });

  it("shows a taken name or code at both fields (409 shift_type_exists)", async () => {
    stubApi(({ method, url }) => {
      if (url.pathname !== TYPES) return undefined;
      if (method === "POST") {
        return {
          status: 409,
          body: { code: "shift_type_exists", message: "A shift type with this name or code exists.", fields: {} },
        };
      }
      return { body: [EARLY] };
    });
    renderPage(<ShiftTypesPage />, { me: makeMe("supervisor"), path: "/shifts/types" });
    await screen.findByTestId("shift-type-1");

    fill("Early", "E", "06:00", "8");
    fireEvent.click(screen.getByTestId("shift-type-submit"));

    await waitFor(() =>
      expect(screen.getAllByText("A shift type with this name or code exists.")).toHaveLength(2),
    );
    const form = screen.getByTestId("shift-type-form");
    const name = screen.getByTestId("shift-type-name").closest(".ant-form-item") as HTMLElement;
    const code = screen.getByTestId("shift-type-code").closest(".ant-form-item") as HTMLElement;
    expect(within(name).getByText("A shift type with this name or code exists.")).toBeInTheDocument();
    expect(within(code).getByText("A shift type with this name or code exists.")).toBeInTheDocument();
    expect(form.querySelector(".ant-alert")).toBeNull();
  });

  it("shows a field error from the server at its input", async () => {
    stubApi(({ method, url }) => {
      if (url.pathname !== TYPES) return undefined;
      if (method === "POST") {
        return {
          status: 400,
          body: {
            code: "invalid",
            message: "Check the highlighted fields.",
            fields: { minutes: ["Ensure this value is less than or equal to 960."] },
          },
        };
      }
      return { body: [] };
    });
    renderPage(<ShiftTypesPage />, { me: makeMe("supervisor"), path: "/shifts/types" });
    await screen.findByText("No shift types yet.");

    fill("Long", "LG", "08:00", "12");
    fireEvent.click(screen.getByTestId("shift-type-submit"));

    const hours = screen.getByTestId("shift-type-hours").closest(".ant-form-item") as HTMLElement;
    expect(await within(hours).findByText("Ensure this value is less than or equal to 960.")).toBeInTheDocument();
    expect(screen.getByText("Check the highlighted fields.")).toBeInTheDocument();
  });
});
