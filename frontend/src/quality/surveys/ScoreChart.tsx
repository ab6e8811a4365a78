/** Average score and number of ratings per row (queue, agent, week…), drawn with echarts (SVG). */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import type { ScoreRow } from "./api";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function ScoreChart({ rows, label }: { rows: ScoreRow[]; label: string }) {
  const { t } = useTranslation("surveys");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg", width: 640, height: 260 });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [t("report.ratings"), t("report.average")] },
      grid: { left: 40, right: 40, top: 36, bottom: 40 },
      xAxis: { type: "category", data: rows.map((r) => r.label) },
      yAxis: [
        { type: "value", name: t("report.ratings"), minInterval: 1 },
        { type: "value", name: t("report.average"), min: 0, max: 5 },
      ],
      series: [
        { type: "bar", name: t("report.ratings"), data: rows.map((r) => r.count) },
        { type: "line", name: t("report.average"), yAxisIndex: 1, data: rows.map((r) => r.average) },
      ],
    });
    return () => chart.dispose();
  }, [rows, t]);
  return <div ref={ref} role="img" aria-label={label} data-testid="score-chart" />;
}
