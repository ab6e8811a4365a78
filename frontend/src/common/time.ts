/** Dates in the user's time zone (their profile's, else the browser's). */
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import "dayjs/locale/zh-cn";
import "dayjs/locale/en";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

let currentZone: string | undefined;

export function setTimeZone(zone: string | null | undefined) {
  currentZone = zone || undefined;
}

export function setDateLocale(language: "zh-CN" | "en") {
  dayjs.locale(language === "zh-CN" ? "zh-cn" : "en");
}

export function inZone(iso: string) {
  return currentZone ? dayjs(iso).tz(currentZone) : dayjs(iso);
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? inZone(iso).format("YYYY-MM-DD HH:mm") : "";
}

/** Signed seconds from now until ``iso`` (negative once it has passed). */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.round((new Date(iso).getTime() - now) / 1000);
}

/** "1h 05m", "12m", "45s": a compact duration for countdown badges. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.abs(totalSeconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${s}s`;
}

/** Today's calendar date (YYYY-MM-DD) in the user's time zone. */
export function todayIso(now: number = Date.now()): string {
  return (currentZone ? dayjs(now).tz(currentZone) : dayjs(now)).format("YYYY-MM-DD");
}

/**
 * A calendar date from the API ("2025-07-01": a day, not an instant, so no zone applies) with its
 * weekday in the user's language: "2025-07-01 Tue" / "2025-07-01 周二".
 */
export function formatDay(day: string | null | undefined): string {
  return day ? dayjs(day).format("YYYY-MM-DD ddd") : "";
}

/** An instant from a wall-clock "YYYY-MM-DD HH:mm" in the user's time zone, as ISO (UTC). */
export function zonedToIso(wallClock: string): string {
  return (currentZone ? dayjs.tz(wallClock, currentZone) : dayjs(wallClock)).toISOString();
}

/** "YYYY-MM-DD HH:mm" now in the user's time zone (e.g. to compare with a picker's value). */
export function nowWallClock(now: number = Date.now()): string {
  return (currentZone ? dayjs(now).tz(currentZone) : dayjs(now)).format("YYYY-MM-DD HH:mm");
}
