/** A day's figures (today by default, in the user's time zone): in total, per queue, per agent. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, DatePicker, Empty, Select, Space, Statistic, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ExportButtons } from "../common/ExportButtons";
import { todayIso } from "../common/time";
import { FIGURES_KEY, fetchFigures, type FigureFields } from "./api";
import { useQueueOptions } from "./CallList";
import { clock, daysRange } from "./format";
import { HotlineError } from "./parts";

type Row = FigureFields & { key: string; name: string };

export function FiguresPanel() {
  const { t } = useTranslation("hotline");
  const [day, setDay] = useState(() => todayIso());
  const [queue, setQueue] = useState<number[]>([]);
  const options = useQueueOptions();
  const query = { ...daysRange(day, day), queue };
  const figures = useQuery({
    queryKey: [...FIGURES_KEY, query],
    queryFn: ({ signal }) => fetchFigures(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns = (first: string): ColumnsType<Row> => [
    { key: "name", title: first, render: (_, r) => r.name },
    { key: "total", title: t("figures.total"), align: "right", render: (_, r) => r.total },
    { key: "answered", title: t("figures.answered"), align: "right", render: (_, r) => r.answered },
    { key: "missed", title: t("figures.missed"), align: "right", render: (_, r) => r.missed },
    { key: "abandoned", title: t("figures.abandoned"), align: "right", render: (_, r) => r.abandoned },
    { key: "voicemail", title: t("figures.voicemail"), align: "right", render: (_, r) => r.voicemail },
    { key: "wait", title: t("figures.avgWait"), align: "right", render: (_, r) => clock(r.avg_wait_seconds) },
    { key: "talk", title: t("figures.avgTalk"), align: "right", render: (_, r) => clock(r.avg_talk_seconds) },
  ];
  const data = figures.data;
  const queueRows: Row[] = (data?.queues ?? []).map((r) => ({ ...r, key: `queue-${r.queue.id}`, name: r.queue.name }));
  const agentRows: Row[] = (data?.agents ?? []).map((r) => ({ ...r, key: `agent-${r.agent.id}`, name: r.agent.name }));
  const totals = data?.totals;

  return (
    <>
      <Space wrap className="calls-filters">
        <DatePicker
          value={dayjs(day)}
          allowClear={false}
          onChange={(value) => value && setDay(value.format("YYYY-MM-DD"))}
          aria-label={t("figures.day")}
          data-testid="figures-day"
        />
        <Select<number[]>
          mode="multiple"
          allowClear
          value={queue}
          onChange={setQueue}
          placeholder={t("filters.anyQueue")}
          aria-label={t("columns.queue")}
          options={options.queues}
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 160 }}
          data-testid="figures-queue-filter"
        />
        {/* a file of every agent's figures is a supervisor's document (helpdesk/hotline/exports.py) */}
        <ExportButtons path="/hotline/figures/" params={query} permission="call.supervise" testId="figures-export" />
      </Space>
      {figures.error && <HotlineError error={figures.error} testId="figures-error" />}
      {totals && (
        <Card size="small" className="calls-figures-totals" style={{ marginBottom: 16 }} data-testid="figures-totals">
          <Space size={32} wrap>
            <Statistic title={t("figures.total")} value={totals.total} data-testid="figures-total" />
            <Statistic title={t("figures.answered")} value={totals.answered} data-testid="figures-answered" />
            <Statistic title={t("figures.missed")} value={totals.missed} data-testid="figures-missed" />
            <Statistic title={t("figures.abandoned")} value={totals.abandoned} data-testid="figures-abandoned" />
            <Statistic title={t("figures.avgWait")} value={clock(totals.avg_wait_seconds)} data-testid="figures-avg-wait" />
            <Statistic title={t("figures.avgTalk")} value={clock(totals.avg_talk_seconds)} data-testid="figures-avg-talk" />
          </Space>
        </Card>
      )}
      <Card size="small" title={t("figures.perQueue")} style={{ marginBottom: 16 }}>
        <Table<Row>
          rowKey="key"
          size="small"
          columns={columns(t("columns.queue"))}
          dataSource={queueRows}
          loading={figures.isFetching && !data}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("figures.empty")} /> }}
          onRow={(r) => ({ "data-testid": `figures-${r.key}` }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      <Card
        size="small"
        title={t("figures.perAgent")}
        extra={
          <ExportButtons
            path="/hotline/figures/"
            params={{ ...query, table: "agents" }}
            permission="call.supervise"
            outputs={["csv"]}
            testId="figures-agents-export"
          />
        }
      >
        <Table<Row>
          rowKey="key"
          size="small"
          columns={columns(t("columns.agent"))}
          dataSource={agentRows}
          loading={figures.isFetching && !data}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("figures.empty")} /> }}
          onRow={(r) => ({ "data-testid": `figures-${r.key}` }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
    </>
  );
}
