/** How the report pages show figures and periods. */
import dayjs from "dayjs";

import type { Kind } from "../api/types";
import { todayIso } from "../common/time";
import { workItemPath } from "../hotline/format";
import { RATES, SECONDS, type Figure } from "./api";

export const NONE = "—";

/** Seconds as "1h 2m 5s", "12m 0s", "45s" (null: "—"). */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** A 0..1 rate as "85.7%" (null: "—"). */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return `${(value * 100).toFixed(1)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return NONE;
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function formatFigure(figure: Figure, value: number | null | undefined): string {
  if (SECONDS.includes(figure)) return formatSeconds(value);
  if (RATES.includes(figure)) return formatRate(value);
  return formatNumber(value);
}

/** A change of a figure: seconds and rates in their units (rates in points), counts signed. */
export function formatChange(figure: Figure, value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  const size = Math.abs(value);
  if (SECONDS.includes(figure)) return `${sign}${formatSeconds(size)}`;
  if (RATES.includes(figure)) return `${sign}${(size * 100).toFixed(1)} pp`;
  return `${sign}${formatNumber(size)}`;
}

// --- periods ---------------------------------------------------------------------------------

export const PRESETS = ["today", "week", "month", "lastMonth", "quarter", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

const ISO = "YYYY-MM-DD";

/** The preset's first and last local day (a period "so far" ends today). */
export function presetRange(preset: Exclude<Preset, "custom">, now: number = Date.now()): [string, string] {
  const today = dayjs(todayIso(now));
  switch (preset) {
    case "today":
      return [today.format(ISO), today.format(ISO)];
    case "week": {
      const monday = today.subtract((today.day() + 6) % 7, "day");
      return [monday.format(ISO), today.format(ISO)];
    }
    case "month":
      return [today.startOf("month").format(ISO), today.format(ISO)];
    case "lastMonth": {
      const last = today.startOf("month").subtract(1, "month");
      return [last.format(ISO), last.endOf("month").format(ISO)];
    }
    case "quarter": {
      const first = today.month(Math.floor(today.month() / 3) * 3).startOf("month");
      return [first.format(ISO), today.format(ISO)];
    }
  }
}

/** Which preset a period is, else "custom". */
export function presetOf(from: string, to: string, now: number = Date.now()): Preset {
  for (const preset of PRESETS) {
    if (preset === "custom") continue;
    const [a, b] = presetRange(preset, now);
    if (a === from && b === to) return preset;
  }
  return "custom";
}

/** "2026-05" when the period lies in one calendar month (the ledger is monthly), else null. */
export function monthOf(from: string, to: string): string | null {
  return from.slice(0, 7) === to.slice(0, 7) ? from.slice(0, 7) : null;
}

export function lastMonth(now: number = Date.now()): string {
  return dayjs(todayIso(now)).startOf("month").subtract(1, "month").format("YYYY-MM");
}

/** "2026-05" → "2026-Q2" (the ranking's quarter). */
export function quarterOf(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

// --- items -----------------------------------------------------------------------------------

const PREFIX_KIND: Record<string, Kind> = {
  T: "ticket",
  C: "chat",
  H: "call",
  R: "callback",
  P: "complaint",
  O: "order_enquiry",
};

/** The item's kind from its reference ("T-000012": a ticket; helpdesk/queues/models.py KIND_PREFIX). */
export function kindOfReference(reference: string): Kind | null {
  return PREFIX_KIND[reference.split("-")[0] ?? ""] ?? null;
}

/** Where an item opens, as in the inbox: tickets, calls, complaints have a page; chats and
 * order enquiries none. */
export function itemPathOf(reference: string, id: number): string | null {
  const kind = kindOfReference(reference);
  if (!kind) return null;
  if (kind === "complaint") return `/complaints/${id}`;
  return workItemPath(kind, id);
}
