import "../i18n";

import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import i18n from "../i18n";
import { formatTimeLeft, SlaCountdown, slaState } from "./SlaCountdown";

const START = new Date("2026-03-01T10:00:00Z").getTime();
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

describe("SlaCountdown", () => {
  beforeEach(() => {
    void i18n.changeLanguage("en");
    vi.useFakeTimers({ now: START, toFake: ["setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks every 30 seconds: normal, then warning from the warning instant, then breached", () => {
    // Due in 2 min 10 s; warns from 1 min in.
    render(<SlaCountdown dueAt={at(2 + 10 / 60)} warnAt={at(1)} testId="sla" />);
    const tag = screen.getByTestId("sla");
    expect(tag).toHaveTextContent("2 min left");
    expect(tag).toHaveAttribute("data-sla", "normal");

    act(() => vi.advanceTimersByTime(30_000)); // 1 min 40 s left, warning not yet
    expect(tag).toHaveTextContent("1 min left");
    expect(tag).toHaveAttribute("data-sla", "normal");

    act(() => vi.advanceTimersByTime(30_000)); // 1 min 10 s left: warning
    expect(tag).toHaveTextContent("1 min left");
    expect(tag).toHaveAttribute("data-sla", "warning");

    act(() => vi.advanceTimersByTime(60_000)); // 10 s left
    expect(tag).toHaveTextContent("< 1 min left");
    expect(tag).toHaveAttribute("data-sla", "warning");

    act(() => vi.advanceTimersByTime(30_000)); // 20 s past due
    expect(tag).toHaveTextContent("overdue < 1 min");
    expect(tag).toHaveAttribute("data-sla", "breached");

    act(() => vi.advanceTimersByTime(15 * 60_000));
    expect(tag).toHaveTextContent("overdue 15 min");
  });

  it("shows hours and minutes, and days, in the user's language", () => {
    const { rerender } = render(<SlaCountdown dueAt={at(190.5)} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("3 h 10 min left");
    rerender(<SlaCountdown dueAt={at(3 * 60)} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("3 h left");
    rerender(<SlaCountdown dueAt={at(-(2 * 1440 + 4 * 60 + 5))} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("overdue 2 d 4 h");

    act(() => void i18n.changeLanguage("zh-CN"));
    rerender(<SlaCountdown dueAt={at(42)} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("剩余 42 分钟");
    rerender(<SlaCountdown dueAt={at(-15)} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("已超时 15 分钟");
  });

  it("follows a shared clock when given one", () => {
    const { rerender } = render(<SlaCountdown dueAt={at(10)} now={START} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("10 min left");
    act(() => vi.advanceTimersByTime(5 * 60_000)); // no ticking of its own
    expect(screen.getByTestId("sla")).toHaveTextContent("10 min left");
    rerender(<SlaCountdown dueAt={at(10)} now={START + 5 * 60_000} testId="sla" />);
    expect(screen.getByTestId("sla")).toHaveTextContent("5 min left");
  });

  it("shows nothing without a due time", () => {
    const { container } = render(<SlaCountdown dueAt={null} warnAt={null} testId="sla" />);
    expect(container).toBeEmptyDOMElement();
  });

  it("classifies and formats", () => {
    expect(slaState(at(1), at(-1), START)).toBe("warning");
    expect(slaState(at(1), null, START)).toBe("normal");
    expect(slaState(at(0), at(-1), START)).toBe("breached");
    const t = i18n.getFixedT("en");
    expect(formatTimeLeft(42 * 60 + 59, t)).toBe("42 min left");
    expect(formatTimeLeft(-(15 * 60 + 1), t)).toBe("overdue 15 min");
  });
});
