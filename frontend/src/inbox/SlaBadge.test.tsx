import "../i18n";

import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { SlaBadge, slaState } from "./SlaBadge";
import { useNow } from "./useNow";

const START = new Date("2026-03-01T10:00:00Z").getTime();

function Ticking({ dueAt }: { dueAt: string }) {
  const now = useNow();
  return <SlaBadge itemId={1} dueAt={dueAt} now={now} />;
}

describe("SlaBadge", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START, toFake: ["setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts down every 30 seconds and turns red once overdue", () => {
    render(<Ticking dueAt="2026-03-01T10:01:10Z" />);
    const badge = screen.getByTestId("sla-badge-1");
    expect(badge).toHaveTextContent("1m");
    expect(badge).toHaveAttribute("data-sla", "soon");

    act(() => vi.advanceTimersByTime(30_000));
    expect(badge).toHaveTextContent("40s");

    act(() => vi.advanceTimersByTime(60_000));
    expect(badge).toHaveTextContent("overdue 20s");
    expect(badge).toHaveAttribute("data-sla", "overdue");
  });

  it("is plain while more than an hour is left", () => {
    render(<SlaBadge itemId={2} dueAt="2026-03-01T12:05:30Z" now={START} />);
    expect(screen.getByTestId("sla-badge-2")).toHaveTextContent("2h 05m");
    expect(screen.getByTestId("sla-badge-2")).toHaveAttribute("data-sla", "ok");
  });

  it("classifies the time left", () => {
    expect(slaState(-1)).toBe("overdue");
    expect(slaState(0)).toBe("soon");
    expect(slaState(3600)).toBe("soon");
    expect(slaState(3601)).toBe("ok");
  });
});
