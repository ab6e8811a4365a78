import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import "../i18n";
import type { Me } from "../api/types";
import { inZone } from "../common/time";
import { TimeZoneDialog } from "./TimeZoneDialog";

const me: Me = {
  id: 1,
  username: "alice",
  name: "Alice",
  email: "",
  language: "en",
  time_zone: "Asia/Shanghai",
  extension: "",
  roles: ["agent"],
  queues: [],
  permissions: [],
};

afterEach(() => vi.unstubAllGlobals());

describe("TimeZoneDialog", () => {
  it("saves the chosen zone on the profile and shows times in it", async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ ...me, time_zone: "Asia/Tokyo" }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const onClose = vi.fn();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <TimeZoneDialog me={me} onClose={onClose} />
      </QueryClientProvider>,
    );

    const box = screen.getByRole("combobox", { name: "Time zone" });
    fireEvent.mouseDown(box);
    fireEvent.change(box, { target: { value: "Tokyo" } });
    fireEvent.click(await screen.findByTitle("Asia/Tokyo"));
    fireEvent.click(screen.getByTestId("timezone-save"));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/v1/me/");
    expect(JSON.parse(init.body)).toEqual({ time_zone: "Asia/Tokyo" });
    expect(inZone("2026-01-01T00:00:00+08:00").format("HH:mm")).toBe("01:00");
  });
});
