/** Opening hours as the calendar editor holds them: intervals per weekday (0 = Monday). */
import type { HoursInterval } from "./api";

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

export interface Interval {
  start: string;
  end: string;
}

export type WeekHours = Interval[][];

const TIME = /^(\d{2}):(\d{2})$/;

/** Minutes from midnight of "HH:MM" (00:00–24:00), or null. */
export function minuteOf(text: string): number | null {
  const match = TIME.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

export function toWeek(hours: HoursInterval[]): WeekHours {
  const week: WeekHours = WEEKDAYS.map(() => []);
  for (const h of hours) week[h.weekday]?.push({ start: h.start, end: h.end });
  return week;
}

/** The API's list (by weekday, then opening time) and, for each entry, its weekday. */
export function fromWeek(week: WeekHours): HoursInterval[] {
  return week.flatMap((intervals, weekday) =>
    intervals
      .map((i) => ({ weekday, start: i.start.trim(), end: i.end.trim() }))
      .sort((a, b) => (minuteOf(a.start) ?? 0) - (minuteOf(b.start) ?? 0)),
  );
}

export type DayProblem = "format" | "inverted" | "overlap";

/** What is wrong with one day's intervals, checked before sending (the server checks too). */
export function dayProblems(intervals: Interval[]): DayProblem[] {
  const problems = new Set<DayProblem>();
  const spans: [number, number][] = [];
  for (const i of intervals) {
    const start = minuteOf(i.start);
    const end = minuteOf(i.end);
    if (start === null || end === null || start === 1440) problems.add("format");
    else if (end <= start) problems.add("inverted");
    else spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) if (spans[k]![0] < spans[k - 1]![1]) problems.add("overlap");
  return [...problems];
}

/**
 * The server's field errors by weekday: `hours.<weekday>` (invalid_hours) names the weekday;
 * `hours.<index>.start|end` (a malformed time) names the index into the list sent.
 */
export function errorsByWeekday(
  fields: Record<string, unknown>,
  sent: HoursInterval[],
): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const [field, value] of Object.entries(fields)) {
    const parts = field.split(".");
    if (parts[0] !== "hours" || parts.length < 2) continue;
    const n = Number(parts[1]);
    const weekday = parts.length === 2 ? n : sent[n]?.weekday;
    if (weekday === undefined || !Number.isInteger(weekday)) continue;
    const messages = Array.isArray(value) ? value.map(String) : [String(value)];
    out[weekday] = [...(out[weekday] ?? []), ...messages];
  }
  return out;
}
