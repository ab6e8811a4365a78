import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Queue, UserRow } from "../api/types";
import { makeMe, page, renderPage, stubApi, type Call } from "../customers/testing";
import { QueuesPage } from "./QueuesPage";

const QUEUE: Queue = {
  id: 4,
  name: "Support",
  slug: "support",
  description: "",
  routing_mode: "least_loaded",
  default_capacity: 5,
  is_active: true,
  memberships: [
    {
      id: 40,
      user: { id: 11, username: "agent1", name: "Agent One" },
      role: "agent",
      capacity: null,
      effective_capacity: 5,
      skills: ["billing"],
      accepts_routing: true,
    },
  ],
};

const USERS: UserRow[] = [
  { id: 11, username: "agent1", name: "Agent One", email: "", is_active: true, roles: ["agent"] },
  { id: 12, username: "agent2", name: "Agent Two", email: "", is_active: true, roles: ["agent"] },
];

function reads({ method, url }: Call) {
  if (method !== "GET") return undefined;
  if (url.pathname === "/api/v1/queues/") return { body: page([QUEUE]) };
  if (url.pathname === "/api/v1/users/") return { body: page(USERS) };
  return undefined;
}

afterEach(() => vi.unstubAllGlobals());

describe("QueuesPage", () => {
  it("lists the queues and their members", async () => {
    stubApi(reads);
    renderPage(<QueuesPage />, { me: makeMe("agent"), path: "/queues" });

    const queue = await screen.findByTestId("queue-4");
    expect(within(queue).getByText("Support")).toBeInTheDocument();
    expect(within(queue).getByText("Least loaded")).toBeInTheDocument();
    const member = screen.getByTestId("member-4-11");
    expect(within(member).getByText("Agent One")).toBeInTheDocument();
    expect(within(member).getByText("Agent")).toBeInTheDocument();
    expect(within(member).getByText("Queue default (5)")).toBeInTheDocument();
    expect(within(member).getByText("billing")).toBeInTheDocument();
    // Not a lead of this queue: no changes offered.
    expect(screen.queryByTestId("member-add-4")).not.toBeInTheDocument();
  });

  it("lets a lead add a member", async () => {
    const calls = stubApi((call) => {
      if (call.method === "POST" && call.url.pathname === "/api/v1/queues/4/members/") {
        return { body: { ...QUEUE.memberships[0], id: 41, user: USERS[1] } };
      }
      return reads(call);
    });
    renderPage(<QueuesPage />, {
      me: makeMe("supervisor", { queues: [{ queue: 4, queue_name: "Support", role: "supervisor" }] }),
      path: "/queues",
    });

    fireEvent.click(await screen.findByTestId("member-add-4"));
    const dialog = await screen.findByRole("dialog");
    // Ant Design's select opens on mouse down; its options carry their label as a title.
    fireEvent.mouseDown(within(dialog).getByLabelText("User"));
    fireEvent.click(await screen.findByTitle("Agent Two (agent2)"));
    fireEvent.change(within(dialog).getByLabelText("Capacity"), { target: { value: "3" } });
    fireEvent.click(within(dialog).getByTestId("member-save"));

    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      user: 12,
      role: "agent",
      capacity: 3,
      skills: [],
      accepts_routing: true,
    });
    // The queue list is read again to show the new member.
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "GET" && c.url.pathname === "/api/v1/queues/")).toHaveLength(2),
    );
  });

  it("shows role_not_held on the role field", async () => {
    stubApi((call) => {
      if (call.method === "POST") {
        return {
          status: 400,
          body: {
            code: "role_not_held",
            message: "Agent Two does not hold the role supervisor.",
            fields: { role: ["The user does not hold this role."] },
          },
        };
      }
      return reads(call);
    });
    renderPage(<QueuesPage />, { me: makeMe("manager"), path: "/queues" });

    fireEvent.click(await screen.findByTestId("member-edit-4-11"));
    const dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByTestId("member-save"));

    expect(await within(dialog).findByText("The user does not hold this role.")).toBeInTheDocument();
    expect(within(dialog).getByRole("alert")).toHaveTextContent("does not hold the role");
  });

  it("asks before removing a member", async () => {
    const calls = stubApi((call) => {
      if (call.method === "DELETE") return { status: 204 };
      return reads(call);
    });
    renderPage(<QueuesPage />, { me: makeMe("manager"), path: "/queues" });

    fireEvent.click(await screen.findByTestId("member-remove-4-11"));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(await screen.findByTestId("member-remove-confirm"));

    await waitFor(() =>
      expect(calls.find((c) => c.method === "DELETE")?.url.pathname).toBe("/api/v1/queues/4/members/11/"),
    );
  });
});
