/**
 * The trends chart: complaints received per day or week, stacked by root cause, channel, agent or
 * category. Inline SVG like the order pages' charts (no chart library in the bundle).
 */
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

import type { Trends } from "./api";

export const PALETTE = [
  "#1677ff",
  "#fa8c16",
  "#52c41a",
  "#eb2f96",
  "#722ed1",
  "#13c2c2",
  "#faad14",
  "#f5222d",
  "#2f54eb",
  "#a0d911",
];

export const colourOf = (index: number) => PALETTE[index % PALETTE.length]!;

export function TrendChart({ trends, label }: { trends: Trends; label: string }) {
  const { t } = useTranslation("complaints");
  const periods = trends.periods;
  const totals = periods.map((_, i) => trends.series.reduce((sum, s) => sum + (s.points[i]?.count ?? 0), 0));
  const highest = Math.max(1, ...totals);
  const left = 36;
  const top = 12;
  const plot = 200;
  const step = Math.max(14, Math.min(48, Math.floor(720 / Math.max(1, periods.length))));
  const width = left + periods.length * step + 8;
  const height = top + plot + 36;
  const labelEvery = Math.max(1, Math.ceil(48 / step));
  const ticks = [0, Math.ceil(highest / 2), highest];
  const y = (value: number) => top + plot - (value / highest) * plot;

  return (
    <div style={{ overflowX: "auto" }}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        data-testid="trend-chart"
        data-periods={periods.length}
        data-total={totals.reduce((a, b) => a + b, 0)}
        style={{ display: "block" }}
      >
        <title>{label}</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width} y1={y(tick)} y2={y(tick)} stroke="#f0f0f0" />
            <text x={left - 6} y={y(tick) + 4} fontSize={11} textAnchor="end" fill="currentColor">
              {tick}
            </text>
          </g>
        ))}
        {periods.map((period, i) => {
          const x = left + i * step + 2;
          let base = 0;
          return (
            <g key={period} data-testid={`trend-period-${period}`} data-total={totals[i]}>
              <title>{t("trends.periodTotal", { period: dayjs(period).format("YYYY-MM-DD"), count: totals[i] })}</title>
              {trends.series.map((series, s) => {
                const count = series.points[i]?.count ?? 0;
                if (!count) return null;
                const y0 = y(base);
                base += count;
                const y1 = y(base);
                return <rect key={series.key} x={x} y={y1} width={step - 4} height={y0 - y1} fill={colourOf(s)} />;
              })}
              {i % labelEvery === 0 && (
                <text x={x + (step - 4) / 2} y={top + plot + 16} fontSize={11} textAnchor="middle" fill="currentColor">
                  {dayjs(period).format("MM-DD")}
                </text>
              )}
            </g>
          );
        })}
        <line x1={left} x2={width} y1={y(0)} y2={y(0)} stroke="#bfbfbf" />
      </svg>
    </div>
  );
}

/** A series' name: root causes in the user's language, other names as the server gives them. */
export function useSeriesLabel(trends: Trends) {
  const { t } = useTranslation("complaints");
  return (key: string, label: string) => (trends.by === "root_cause" ? t(`rootCauses.${key}`, { defaultValue: label }) : label);
}

export function TrendLegend({ trends }: { trends: Trends }) {
  const name = useSeriesLabel(trends);
  return (
    <ul className="complaint-legend" data-testid="trend-legend" style={{ listStyle: "none", padding: 0, display: "flex", flexWrap: "wrap", gap: 16 }}>
      {trends.series.map((series, i) => (
        <li key={series.key} data-testid={`trend-series-${series.key}`} data-total={series.total}>
          <span
            aria-hidden
            style={{ display: "inline-block", width: 10, height: 10, background: colourOf(i), marginRight: 6, borderRadius: 2 }}
          />
          {name(series.key, series.label)} <strong>{series.total}</strong>
        </li>
      ))}
    </ul>
  );
}
