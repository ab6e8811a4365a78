/** Two small inline SVG charts (no chart library in the bundle): a tile's sparkline, the report's bars. */
import { useTranslation } from "react-i18next";

import type { SparkPoint } from "./api";
import { percent } from "./format";

const OK = "#52c41a";
const FAILED = "#ff4d4f";
const EMPTY = "#f0f0f0";

/** Successes (green) under failures (red), one bar per minute, the last 30 minutes left to right. */
export function Sparkline({ points, testId }: { points: SparkPoint[]; testId?: string }) {
  const { t } = useTranslation("orders");
  const width = 180;
  const height = 32;
  const step = points.length ? width / points.length : width;
  const highest = Math.max(1, ...points.map((p) => p.ok + p.failed));
  const ok = points.reduce((sum, p) => sum + p.ok, 0);
  const failed = points.reduce((sum, p) => sum + p.failed, 0);
  const label = t("tile.sparkline", { ok, failed });
  return (
    <svg
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-ok={ok}
      data-failed={failed}
      style={{ display: "block" }}
    >
      <title>{label}</title>
      {points.map((p, i) => {
        const x = i * step + 0.5;
        const w = Math.max(1, step - 1);
        const okH = (p.ok / highest) * (height - 2);
        const failH = (p.failed / highest) * (height - 2);
        return (
          <g key={p.minute}>
            {p.ok + p.failed === 0 && <rect x={x} y={height - 1} width={w} height={1} fill={EMPTY} />}
            {p.ok > 0 && <rect x={x} y={height - okH} width={w} height={okH} fill={OK} />}
            {p.failed > 0 && <rect x={x} y={height - okH - failH} width={w} height={failH} fill={FAILED} />}
          </g>
        );
      })}
    </svg>
  );
}

export interface Bar {
  label: string;
  /** 0–1, or null when there is nothing to show. */
  value: number | null;
}

/** Horizontal bars of success rates, one per channel, with the rate written beside each. */
export function RateBars({ bars, testId }: { bars: Bar[]; testId?: string }) {
  const { t } = useTranslation("orders");
  const row = 26;
  const labelWidth = 120;
  const barWidth = 320;
  const width = labelWidth + barWidth + 60;
  const height = Math.max(row, bars.length * row);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={t("report.chart")}
      data-testid={testId}
      style={{ display: "block", maxWidth: "100%" }}
    >
      <title>{t("report.chart")}</title>
      {bars.map((bar, i) => {
        const y = i * row;
        const value = bar.value ?? 0;
        const colour = bar.value === null ? EMPTY : value >= 0.95 ? OK : value >= 0.8 ? "#faad14" : FAILED;
        return (
          <g key={bar.label} data-testid={testId ? `${testId}-${bar.label}` : undefined} data-value={bar.value ?? ""}>
            <text x={0} y={y + 17} fontSize={12} fill="currentColor">
              {bar.label}
            </text>
            <rect x={labelWidth} y={y + 5} width={barWidth} height={16} fill={EMPTY} rx={2} />
            <rect x={labelWidth} y={y + 5} width={barWidth * value} height={16} fill={colour} rx={2} />
            <text x={labelWidth + barWidth + 6} y={y + 17} fontSize={12} fill="currentColor">
              {percent(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
