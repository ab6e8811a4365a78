import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Empty, Skeleton, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { Page } from "../api/types";
import { formatDateTime, formatDay } from "../common/time";
import { ErrorAlert } from "../customers/FormParts";
import { SLOTS_PER_DAY, slotLabel } from "./api";
import { personName } from "./RosterGrid";
import { changesKey, coverageColour, coverageKey, isWeekend, type CoverageRow, type RosterChange } from "./rosters";
import { useQueueNames } from "./useQueueNames";

const SLOTS = Array.from({ length: SLOTS_PER_DAY }, (_, slot) => slot);

/**
 * Coverage per queue: days (rows) by half-hours (columns), each coloured by people on shift less
 * people needed (Erlang C on the demand): short red, met green, more than needed blue.
 */
export function RosterCoverage({ periodId }: { periodId: number }) {
  const { t } = useTranslation("shifts");
  const queueName = useQueueNames();
  const coverage = useQuery({
    queryKey: coverageKey(periodId),
    queryFn: ({ signal }) => api<CoverageRow[]>(`/shifts/rosters/${periodId}/coverage/`, { signal }),
  });
  const byQueue = useMemo(() => {
    const groups = new Map<number, CoverageRow[]>();
    for (const row of coverage.data ?? []) groups.set(row.queue, [...(groups.get(row.queue) ?? []), row]);
    return [...groups.entries()];
  }, [coverage.data]);

  if (coverage.isPending) return <Skeleton active />;
  if (coverage.error) return <ErrorAlert error={coverage.error} />;
  if (byQueue.length === 0) return <Empty description={t("rosters.coverage.empty")} />;

  return (
    <div data-testid="roster-coverage">
      <Typography.Paragraph type="secondary">{t("rosters.coverage.intro")}</Typography.Paragraph>
      <div className="roster-legend">
        <span className="roster-legend-item">
          <span className="roster-swatch" style={coverageColour(2, 1)} /> {t("rosters.coverage.short")}
        </span>
        <span className="roster-legend-item">
          <span className="roster-swatch" style={coverageColour(1, 1)} /> {t("rosters.coverage.met")}
        </span>
        <span className="roster-legend-item">
          <span className="roster-swatch" style={coverageColour(1, 3)} /> {t("rosters.coverage.over")}
        </span>
      </div>
      {byQueue.map(([queue, rows]) => {
        const short = rows.reduce(
          (sum, row) => sum + row.need.filter((need, slot) => (row.on_shift[slot] ?? 0) < need).length,
          0,
        );
        return (
          <section key={queue} className="roster-coverage" data-testid={`coverage-queue-${queue}`}>
            <Typography.Title level={5}>
              {queueName(queue)}{" "}
              <Tag color={short ? "red" : "green"} data-testid={`coverage-short-${queue}`}>
                {short ? t("rosters.coverage.shortCount", { count: short }) : t("rosters.coverage.allMet")}
              </Tag>
            </Typography.Title>
            <div className="roster-grid-wrap">
              <table className="roster-heat">
                <thead>
                  <tr>
                    <th scope="col">{t("rosters.coverage.day")}</th>
                    {SLOTS.map((slot) => (
                      <th key={slot} scope="col" className="roster-heat-slot">
                        {slot % 2 === 0 ? slotLabel(slot).slice(0, 2) : ""}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.day}>
                      <th scope="row" className={isWeekend(row.day) ? "roster-weekend" : undefined}>
                        {formatDay(row.day)}
                      </th>
                      {SLOTS.map((slot) => {
                        const need = row.need[slot] ?? 0;
                        const on = row.on_shift[slot] ?? 0;
                        const diff = on - need;
                        return (
                          <td
                            key={slot}
                            style={coverageColour(need, on)}
                            title={t("rosters.coverage.cell", {
                              day: dayjs(row.day).format("MM-DD"),
                              time: slotLabel(slot),
                              need,
                              on,
                            })}
                            data-testid={`coverage-${queue}-${row.day}-${slot}`}
                          >
                            {diff !== 0 && need + on > 0 ? (diff > 0 ? `+${diff}` : String(diff)) : ""}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}

export const CHANGES_PAGE_SIZE = 20;

/** Changes to a published roster: overrides (with their reasons) and approved swaps. */
export function RosterChanges({ periodId }: { periodId: number }) {
  const { t } = useTranslation("shifts");
  const [page, setPage] = useState(1);
  const changes = useQuery({
    queryKey: [...changesKey(periodId), page],
    queryFn: ({ signal }) =>
      api<Page<RosterChange>>(`/shifts/rosters/${periodId}/changes/`, {
        query: { page, page_size: CHANGES_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<RosterChange> = [
    {
      key: "when",
      title: t("rosters.changes.columns.when"),
      render: (_, row) => <time dateTime={row.changed_at}>{formatDateTime(row.changed_at)}</time>,
    },
    { key: "person", title: t("rosters.changes.columns.person"), render: (_, row) => personName(row.user) },
    { key: "day", title: t("rosters.changes.columns.day"), render: (_, row) => formatDay(row.day) },
    {
      key: "kind",
      title: t("rosters.changes.columns.kind"),
      render: (_, row) => (
        <Tag color={row.kind === "swap" ? "cyan" : "orange"}>{t(`rosters.changes.kinds.${row.kind}`)}</Tag>
      ),
    },
    {
      key: "change",
      title: t("rosters.changes.columns.change"),
      render: (_, row) =>
        t("rosters.changes.fromTo", {
          before: row.before || t("rosters.grid.dayOff"),
          after: row.after || t("rosters.grid.dayOff"),
        }),
    },
    { key: "reason", title: t("rosters.changes.columns.reason"), dataIndex: "reason" },
    {
      key: "by",
      title: t("rosters.changes.columns.by"),
      render: (_, row) => (row.changed_by ? personName(row.changed_by) : ""),
    },
  ];

  return (
    <>
      {changes.error && <ErrorAlert error={changes.error} />}
      <Table<RosterChange>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={changes.data?.results ?? []}
        loading={changes.isFetching}
        locale={{ emptyText: <Empty description={t("rosters.changes.empty")} /> }}
        onRow={(row) => ({ "data-testid": `roster-change-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: CHANGES_PAGE_SIZE,
          total: changes.data?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        data-testid="roster-changes"
      />
    </>
  );
}
