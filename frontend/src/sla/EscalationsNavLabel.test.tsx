import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makeMe, page, renderPage, stubApi } from "../customers/testing";
import { live } from "../tickets/liveMock";
import { EscalationsNavLabel } from "./EscalationsNavLabel";
import { AGENT, escalation, LEAD, run } from "./fixtures";

vi.mock("../shell/LiveContext", async () => {
  const { live: mock } = await import("../tickets/liveMock");
  return { useLive: () => mock };
});

afterEach(() => vi.unstubAllGlobals());

describe("the menu's escalation count", () => {
  it("counts open escalations to me and active runs that reached me, live", async () => {
    let more = false;
    stubApi(({ url }) => {
      if (url.pathname === "/api/v1/escalations/")
        return {
          body: page([
            escalation(), // to Li Na
            escalation({ id: 22, to_user: AGENT }),
            ...(more ? [escalation({ id: 23 })] : []),
          ]),
        };
      if (url.pathname === "/api/v1/escalation-runs/")
        return {
          body: page([
            run({ steps: [{ level: 0, target: "assignee", skipped: false, ran_at: "2026-11-18T12:00:00Z", notified: [LEAD] }] }),
            run({ id: 12 }), // reached others only
          ]),
        };
      return undefined;
    });
    renderPage(<EscalationsNavLabel text="Escalations" />, {
      me: makeMe("supervisor", { id: LEAD.id }),
      path: "/",
    });
    expect(screen.getByText("Escalations")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("nav-escalations-count")).toHaveTextContent("2"));

    more = true;
    act(() => live.emit({ type: "sla.escalated", payload: { escalation: 23, item: 7 } }));
    await waitFor(() => expect(screen.getByTestId("nav-escalations-count")).toHaveTextContent("3"));
  });

  it("shows no badge when nothing waits, and asks agents only for escalations", async () => {
    const calls = stubApi(({ url }) => (url.pathname === "/api/v1/escalations/" ? { body: page([]) } : undefined));
    renderPage(<EscalationsNavLabel text="Escalations" />, { me: makeMe("agent"), path: "/" });
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(screen.queryByTestId("nav-escalations-count")).not.toBeInTheDocument();
    expect(calls.every((c) => c.url.pathname === "/api/v1/escalations/")).toBe(true);
  });
});
