/** How the order pages write money (fen → yuan), rates and latencies. */

const YUAN = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 3000 → "¥30.00"; 10000000 → "¥100,000.00"; null → "—". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  const sign = fen < 0 ? "-" : "";
  return `${sign}¥${YUAN.format(Math.abs(fen) / 100)}`;
}

/** Yuan as typed in a form (30 or 30.5) → fen (3000, 3050). */
export function toFen(value: number): number {
  return Math.round(value * 100);
}

/** 0.956 → "95.6%"; null → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  const value = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** 120 → "120 ms"; 2300 → "2.3 s"; null → "—". */
export function latency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** Whole seconds since ``at`` (a timestamp in ms, or an ISO instant), never negative. */
export function secondsSince(at: number | string, now: number = Date.now()): number {
  const then = typeof at === "number" ? at : new Date(at).getTime();
  return Math.max(0, Math.floor((now - then) / 1000));
}
