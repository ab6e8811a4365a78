import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { setDateLocale } from "../common/time";
import { makeMe, page, renderPage, stubApi } from "../customers/testing";
import i18n from "../i18n";
import type { LeaveRequest } from "./api";
import { cancellable, LeavePage } from "./LeavePage";
import { chooseOption, typeRange } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const LIST = "/api/v1/shifts/leave/";
const ME = { id: 1, username: "agent", name: "agent" };
const WANG = { id: 12, username: "wang.fang", name: "Wang Fang" };
const BOSS = { id: 2, username: "li.na", name: "Li Na" };

function leave(id: number, extra: Partial<LeaveRequest> = {}): LeaveRequest {
  return {
    id,
    user: ME,
    first_day: "2999-07-01",
    last_day: "2999-07-03",
    kind: "annual",
    reason: "",
    status: "requested",
    requested_at: "2999-06-01T08:30:00Z",
    decided_by: null,
    decided_at: null,
    decision_note: "",
    ...extra,
  };
}

const listCalls = (calls: ReturnType<typeof stubApi>) =>
  calls.filter((c) => c.method === "GET" && c.url.pathname === LIST);

describe("cancellable", () => {
  it("allows a request, or approved leave that has not started", () => {
    expect(cancellable(leave(1), "2999-07-01")).toBe(true);
    expect(cancellable(leave(1, { status: "approved" }), "2999-06-30")).toBe(true);
    expect(cancellable(leave(1, { status: "approved" }), "2999-07-01")).toBe(false);
    expect(cancellable(leave(1, { status: "declined" }), "2000-01-01")).toBe(false);
  });
});

describe("LeavePage", () => {
  it("sends a leave request and lists it", async () => {
    let sent = false;
    const calls = stubApi(({ method, url }) => {
      if (url.pathname !== LIST) return undefined;
      if (method === "POST") {
        sent = true;
        return { status: 201, body: leave(5, { kind: "sick", reason: "Dentist" }) };
      }
      return { body: page(sent ? [leave(5, { kind: "sick", reason: "Dentist" })] : []) };
    });
    renderPage(<LeavePage />, { me: makeMe("agent"), path: "/shifts/leave" });
    expect(await screen.findByText("No leave requests.")).toBeInTheDocument();
    expect(screen.getByText("My leave requests")).toBeInTheDocument();

    typeRange("leave-days", "2999-07-01", "2999-07-03");
    await chooseOption("leave-kind", "Sick leave");
    fireEvent.change(screen.getByTestId("leave-reason"), { target: { value: " Dentist " } });
    fireEvent.click(screen.getByTestId("leave-submit"));

    const row = await screen.findByTestId("leave-row-5");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      first_day: "2999-07-01",
      last_day: "2999-07-03",
      kind: "sick",
      reason: "Dentist",
    });
    expect(within(row).getByText("2999-07-01 Mon to 2999-07-03 Wed")).toBeInTheDocument();
    expect(within(row).getByText("3 days")).toBeInTheDocument();
    expect(within(row).getByText("Sick leave")).toBeInTheDocument();
    expect(within(row).getByText("Waiting")).toBeInTheDocument();
    expect(within(row).getByText("2999-06-01 08:30")).toBeInTheDocument(); // UTC, the user's zone
    expect(screen.getByText("Leave requested.")).toBeInTheDocument();
    // An agent's list is their own: no status filter by default, no "only mine".
    expect(listCalls(calls)[0]!.url.searchParams.get("status")).toBeNull();
    expect(screen.queryByTestId("leave-filter-mine")).not.toBeInTheDocument();
    expect(screen.queryByText("Person")).not.toBeInTheDocument();
  });

  it("shows overlapping leave at the days and in the form", async () => {
    stubApi(({ method, url }) => {
      if (url.pathname !== LIST) return undefined;
      if (method === "POST") {
        return {
          status: 409,
          body: {
            code: "leave_overlaps",
            message: "These days overlap leave from 2999-07-02 to 2999-07-05.",
            fields: { first_day: ["Overlaps other leave."] },
          },
        };
      }
      return { body: page([]) };
    });
    renderPage(<LeavePage />, { me: makeMe("agent"), path: "/shifts/leave" });
    await screen.findByText("No leave requests.");

    typeRange("leave-days", "2999-07-01", "2999-07-03");
    fireEvent.click(screen.getByTestId("leave-submit"));

    expect(await screen.findByText("These days overlap leave from 2999-07-02 to 2999-07-05.")).toBeInTheDocument();
    const days = screen.getAllByTestId("leave-days")[0]!.closest(".ant-form-item") as HTMLElement;
    expect(await within(days).findByText("Overlaps other leave.")).toBeInTheDocument();
  });

  it("asks for the days before sending", async () => {
    const calls = stubApi(({ url }) => (url.pathname === LIST ? { body: page([]) } : undefined));
    renderPage(<LeavePage />, { me: makeMe("agent"), path: "/shifts/leave" });
    await screen.findByText("No leave requests.");

    fireEvent.click(screen.getByTestId("leave-submit"));

    expect(await screen.findByText("Required.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("cancels a request; leave that has begun or was declined cannot be", async () => {
    const rows = [
      leave(5),
      leave(6, { status: "approved", first_day: "2000-01-03", last_day: "2000-01-03" }),
      leave(7, { status: "declined", decided_by: BOSS, decided_at: "2999-06-02T09:00:00Z", decision_note: "Audit week" }),
    ];
    const calls = stubApi(({ method, url }) => {
      if (method === "POST" && url.pathname === "/api/v1/shifts/leave/5/cancel/") {
        rows[0] = leave(5, { status: "cancelled" });
        return { body: rows[0] };
      }
      return url.pathname === LIST ? { body: page(rows) } : undefined;
    });
    renderPage(<LeavePage />, { me: makeMe("agent"), path: "/shifts/leave" });

    const declined = await screen.findByTestId("leave-row-7");
    expect(within(declined).getByText("Declined")).toBeInTheDocument();
    expect(within(declined).getByText("Li Na, 2999-06-02 09:00")).toBeInTheDocument();
    expect(within(declined).getByText("Audit week")).toBeInTheDocument();
    expect(within(screen.getByTestId("leave-row-6")).getByText("1 day")).toBeInTheDocument();
    expect(screen.queryByTestId("leave-cancel-6")).not.toBeInTheDocument();
    expect(screen.queryByTestId("leave-cancel-7")).not.toBeInTheDocument();

    fireEvent.click(screen.getByTestId("leave-cancel-5"));
    const confirm = (await screen.findByText("Cancel this leave?")).closest(".ant-popover") as HTMLElement;
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel leave" }));

    await waitFor(() =>
      expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual([
        "/api/v1/shifts/leave/5/cancel/",
      ]),
    );
    expect(await screen.findByText("Leave cancelled.")).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByTestId("leave-row-5")).getByText("Cancelled")).toBeInTheDocument());
  });

  it("lets a supervisor approve, or decline with a note, their people's requests", async () => {
    const rows = [leave(5, { user: WANG }), leave(6, { user: WANG, first_day: "2999-08-01", last_day: "2999-08-01" }), leave(8)];
    const calls = stubApi(({ method, url, body }) => {
      const decided = url.pathname.match(/^\/api\/v1\/shifts\/leave\/(\d+)\/decide\/$/);
      if (method === "POST" && decided) {
        const b = body as { approve: boolean; note?: string };
        return {
          body: leave(Number(decided[1]), {
            user: WANG,
            status: b.approve ? "approved" : "declined",
            decided_by: ME,
            decision_note: b.note ?? "",
          }),
        };
      }
      return url.pathname === LIST ? { body: page(rows) } : undefined;
    });
    renderPage(<LeavePage />, { me: makeMe("supervisor", { id: 1 }), path: "/shifts/leave" });

    const wang = await screen.findByTestId("leave-row-5");
    expect(screen.getByText("Leave requests")).toBeInTheDocument();
    expect(within(wang).getByText("Wang Fang")).toBeInTheDocument();
    // What waits for a decision first.
    expect(listCalls(calls)[0]!.url.searchParams.get("status")).toBe("requested");
    // Never one's own.
    expect(screen.queryByTestId("leave-approve-8")).not.toBeInTheDocument();
    expect(screen.getByTestId("leave-cancel-8")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("leave-approve-5"));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")!.url.pathname).toBe("/api/v1/shifts/leave/5/decide/");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ approve: true });
    expect(await screen.findByText("Leave of Wang Fang approved.")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("leave-decline-6"));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("Decline the leave of Wang Fang")).toBeInTheDocument();
    expect(within(dialog).getByText("Annual leave, 2999-08-01 Thu to 2999-08-01 Thu.")).toBeInTheDocument();
    fireEvent.click(within(dialog).getByTestId("leave-decline-submit"));
    expect(await within(dialog).findByText("Say why the leave is declined.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);

    fireEvent.change(within(dialog).getByTestId("leave-decline-note"), { target: { value: "Short-staffed that week " } });
    fireEvent.click(within(dialog).getByTestId("leave-decline-submit"));

    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(2));
    const decline = calls.filter((c) => c.method === "POST")[1]!;
    expect(decline.url.pathname).toBe("/api/v1/shifts/leave/6/decide/");
    expect(decline.body).toEqual({ approve: false, note: "Short-staffed that week" });
    expect(await screen.findByText("Leave of Wang Fang declined.")).toBeInTheDocument();
  });

  it("filters by status and by one's own, and pages through the list", async () => {
    const many = Array.from({ length: 20 }, (_, i) => leave(100 + i, { user: WANG }));
    const calls = stubApi(({ url }) =>
      url.pathname === LIST ? { body: { count: 45, next: "x", previous: null, results: many } } : undefined,
    );
    renderPage(<LeavePage />, { me: makeMe("manager"), path: "/shifts/leave" });
    await screen.findByTestId("leave-row-100");

    fireEvent.click(screen.getByTestId("leave-filter-mine"));
    await waitFor(() => expect(listCalls(calls).at(-1)!.url.searchParams.get("mine")).toBe("true"));
    expect(listCalls(calls).at(-1)!.url.searchParams.get("status")).toBe("requested");

    await chooseOption("leave-filter-status", "Any status");
    await waitFor(() => expect(listCalls(calls).at(-1)!.url.searchParams.get("status")).toBeNull());
    expect(listCalls(calls).at(-1)!.url.searchParams.get("mine")).toBe("true");

    fireEvent.click(screen.getByTitle("3"));
    await waitFor(() => expect(listCalls(calls).at(-1)!.url.searchParams.get("page")).toBe("3"));
    expect(listCalls(calls).at(-1)!.url.searchParams.get("page_size")).toBe("20");
  });

  it("says why an action failed, e.g. someone decided first", async () => {
    stubApi(({ method, url }) => {
      if (method === "POST") {
        return {
          status: 409,
          body: { code: "already_decided", message: "This request has already been decided.", fields: {} },
        };
      }
      return url.pathname === LIST ? { body: page([leave(5, { user: WANG })]) } : undefined;
    });
    renderPage(<LeavePage />, { me: makeMe("manager"), path: "/shifts/leave" });

    fireEvent.click(await screen.findByTestId("leave-approve-5"));

    expect(await screen.findByText("This request has already been decided.")).toBeInTheDocument();
  });

  it("speaks Chinese, with Chinese weekdays", async () => {
    stubApi(({ url }) =>
      url.pathname === LIST ? { body: page([leave(5, { kind: "personal", status: "approved" })]) } : undefined,
    );
    renderPage(<LeavePage />, { me: makeMe("agent"), path: "/shifts/leave" });
    await act(async () => {
      setDateLocale("zh-CN");
      await i18n.changeLanguage("zh-CN");
    });
    try {
      const row = await screen.findByTestId("leave-row-5");
      expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("请假");
      expect(within(row).getByText("2999-07-01 周一 至 2999-07-03 周三")).toBeInTheDocument();
      expect(within(row).getByText("3 天")).toBeInTheDocument();
      expect(within(row).getByText("事假")).toBeInTheDocument();
      expect(within(row).getByText("已批准")).toBeInTheDocument();
      expect(screen.getByTestId("leave-submit")).toHaveTextContent("提交申请");
    } finally {
      await act(async () => {
        setDateLocale("en");
        await i18n.changeLanguage("en");
      });
    }
  });
});
