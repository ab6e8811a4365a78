import { describe, expect, it } from "vitest";

import { dayProblems, errorsByWeekday, fromWeek, minuteOf, toWeek } from "./hours";

describe("opening hours", () => {
  it("reads HH:MM up to 24:00", () => {
    expect(minuteOf("09:30")).toBe(570);
    expect(minuteOf("24:00")).toBe(1440);
    expect(minuteOf("24:01")).toBeNull();
    expect(minuteOf("9:30")).toBeNull();
    expect(minuteOf("12:60")).toBeNull();
  });

  it("goes from the API's list to weekdays and back, in order", () => {
    const week = toWeek([
      { weekday: 2, start: "13:00", end: "18:00" },
      { weekday: 2, start: "09:00", end: "12:00" },
    ]);
    expect(week[2]).toHaveLength(2);
    expect(fromWeek(week)).toEqual([
      { weekday: 2, start: "09:00", end: "12:00" },
      { weekday: 2, start: "13:00", end: "18:00" },
    ]);
  });

  it("finds inverted, overlapping and malformed intervals", () => {
    expect(dayProblems([{ start: "09:00", end: "12:00" }, { start: "13:00", end: "24:00" }])).toEqual([]);
    expect(dayProblems([{ start: "12:00", end: "09:00" }])).toEqual(["inverted"]);
    expect(dayProblems([{ start: "09:00", end: "13:00" }, { start: "12:00", end: "18:00" }])).toEqual(["overlap"]);
    expect(dayProblems([{ start: "9", end: "18:00" }])).toEqual(["format"]);
  });

  it("puts the server's errors on weekdays: hours.<weekday>, or hours.<index>.<field> of the list sent", () => {
    const sent = [
      { weekday: 0, start: "09:00", end: "18:00" },
      { weekday: 4, start: "09:00", end: "25:00" },
    ];
    expect(
      errorsByWeekday(
        { "hours.2": ["Opening hours of one day must not overlap."], "hours.1.end": ["Use HH:MM."], name: ["x"] },
        sent,
      ),
    ).toEqual({ 2: ["Opening hours of one day must not overlap."], 4: ["Use HH:MM."] });
  });
});
