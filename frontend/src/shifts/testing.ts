/** Test helpers for the shift pages: Ant Design's pickers and selects, and queue fixtures. */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";

import type { Queue, UserBrief } from "../api/types";

/** Type a date ("2025-07-01") or time ("22:30") into a picker's input and press Enter. */
export function typeIntoPicker(input: HTMLElement, value: string) {
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 13 });
}

/** Both inputs of a RangePicker whose inputs carry ``testId``. */
export function typeRange(testId: string, first: string, last: string) {
  const [start, end] = screen.getAllByTestId(testId);
  typeIntoPicker(start!, first);
  typeIntoPicker(end!, last);
}

/** Open the Select carrying ``testId`` and click the option labelled ``label``. */
export async function chooseOption(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  const box = select.matches("input") ? select : within(select.closest(".ant-select") as HTMLElement).getByRole("combobox");
  fireEvent.mouseDown(box);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>(".ant-select-item-option")].find(
      (o) => o.getAttribute("title") === label || o.textContent === label,
    );
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  fireEvent.click(option);
}

export function member(id: number, name: string, role: Queue["memberships"][number]["role"] = "agent") {
  const user: UserBrief = { id, username: name.toLowerCase().replace(/\s+/g, "."), name };
  return {
    id: id * 100,
    user,
    role,
    capacity: null,
    effective_capacity: 5,
    skills: [],
    accepts_routing: true,
  };
}

export function queue(id: number, name: string, memberships: Queue["memberships"] = []): Queue {
  return {
    id,
    name,
    slug: name.toLowerCase(),
    description: "",
    routing_mode: "least_loaded",
    default_capacity: 5,
    is_active: true,
    memberships,
  };
}
