/** The report charts, drawn with echarts (SVG, like src/quality/surveys/ScoreChart.tsx). */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
  type?: "bar" | "line";
}

/**
 * A chart over labelled rows: bars (volumes per queue, agent…) or lines (created, resolved and
 * backlog per day). Sized in pixels so it prints the same as it shows (`width` for A4: ~680).
 */
export function RowsChart({
  labels,
  series,
  label,
  width = 720,
  height = 280,
  testId,
}: {
  labels: string[];
  series: Series[];
  label: string;
  width?: number;
  height?: number;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg", width, height });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { data: series.map((s) => s.name) },
      grid: { left: 48, right: 24, top: 40, bottom: 56 },
      xAxis: { type: "category", data: labels, axisLabel: { rotate: labels.length > 8 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map((s) => ({ type: s.type ?? "bar", name: s.name, data: s.values })),
    });
    return () => chart.dispose();
  }, [labels, series, width, height]);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-points={labels.length}
      className="report-chart"
      style={{ maxWidth: "100%", overflowX: "auto" }}
    />
  );
}
