/** Today's calls (or the days chosen), newest first, with filters kept in the address; live. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Empty, Input, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import type { HTMLAttributes } from "react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";

import type { UserBrief } from "../api/types";
import { formatDateTime, todayIso } from "../common/time";
import { useQueues } from "../queues/queries";
import { CALL_STATES, CALLS_KEY, DIRECTIONS, fetchCalls, PAGE_SIZE, type CallRow, type CallState, type Direction } from "./api";
import { callFilterParams, callQuery, isFiltered, parseCallFilters, type CallFilters } from "./filters";
import { clock, otherParty } from "./format";
import { CallStateTag, DirectionTag, HotlineError, PhoneNumber } from "./parts";

const ISO = "YYYY-MM-DD";

/** The queues the user sees and the people in them (agents cannot list users). */
export function useQueueOptions() {
  const queues = useQueues();
  return useMemo(() => {
    const people = new Map<number, UserBrief>();
    for (const q of queues.data ?? []) for (const m of q.memberships) people.set(m.user.id, m.user);
    return {
      queues: (queues.data ?? []).map((q) => ({ value: q.id, label: q.name })),
      agents: [...people.values()].sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: u.id, label: u.name })),
      loading: queues.isPending,
    };
  }, [queues.data, queues.isPending]);
}

export function CallList() {
  const { t } = useTranslation("hotline");
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const today = todayIso();
  const filters = parseCallFilters(params, today);
  const [typed, setTyped] = useState(filters.number);
  const options = useQueueOptions();
  const list = useQuery({
    queryKey: [...CALLS_KEY, callQuery(filters)],
    queryFn: ({ signal }) => fetchCalls(callQuery(filters), signal),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Partial<CallFilters>) => {
    const next = { ...filters, page: 1, ...changes };
    setParams({ tab: "calls", ...callFilterParams(next, today) });
  };
  const open = (call: CallRow) => navigate({ pathname: `/calls/${call.id}`, search: location.search });

  const columns: ColumnsType<CallRow> = [
    {
      key: "started",
      title: t("columns.started"),
      render: (_, c) => <time dateTime={c.initiated_at}>{formatDateTime(c.initiated_at)}</time>,
    },
    {
      key: "reference",
      title: t("columns.reference"),
      render: (_, c) => (
        <Link to={{ pathname: `/calls/${c.id}`, search: location.search }} data-testid={`call-link-${c.id}`}>
          {c.reference}
        </Link>
      ),
    },
    { key: "direction", title: t("columns.direction"), render: (_, c) => <DirectionTag direction={c.direction} /> },
    { key: "number", title: t("columns.number"), render: (_, c) => <PhoneNumber value={otherParty(c)} /> },
    {
      key: "customer",
      title: t("columns.customer"),
      render: (_, c) =>
        c.customer ? (
          <Link to={`/customers/${c.customer.id}`}>{c.customer.name}</Link>
        ) : c.matched_customers.length > 1 ? (
          <Typography.Text type="secondary">{t("list.matches", { count: c.matched_customers.length })}</Typography.Text>
        ) : (
          "—"
        ),
    },
    { key: "queue", title: t("columns.queue"), render: (_, c) => c.queue.name },
    { key: "agent", title: t("columns.agent"), render: (_, c) => c.agent?.name ?? "—" },
    { key: "state", title: t("columns.state"), render: (_, c) => <CallStateTag state={c.state} /> },
    { key: "wait", title: t("columns.wait"), align: "right", render: (_, c) => clock(c.wait_seconds) },
    { key: "talk", title: t("columns.talk"), align: "right", render: (_, c) => clock(c.talk_seconds) },
    { key: "outcome", title: t("columns.outcome"), render: (_, c) => (c.outcome ? t(`outcomes.${c.outcome}`) : "—") },
  ];

  return (
    <>
      <Space wrap className="calls-filters">
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(filters.from), dayjs(filters.to)]}
          presets={[{ label: t("filters.today"), value: [dayjs(today), dayjs(today)] }]}
          onChange={(range) => {
            if (range?.[0] && range[1]) update({ from: range[0].format(ISO), to: range[1].format(ISO) });
          }}
          aria-label={t("filters.days")}
          data-testid="call-days"
        />
        <Select<CallState[]>
          mode="multiple"
          allowClear
          value={filters.state}
          onChange={(state) => update({ state })}
          placeholder={t("filters.anyState")}
          aria-label={t("columns.state")}
          options={CALL_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
          style={{ minWidth: 180 }}
          data-testid="call-state-filter"
        />
        <Select<Direction>
          allowClear
          value={filters.direction ?? undefined}
          onChange={(direction) => update({ direction: direction ?? null })}
          placeholder={t("filters.anyDirection")}
          aria-label={t("columns.direction")}
          options={DIRECTIONS.map((d) => ({ value: d, label: t(`directions.${d}`) }))}
          style={{ minWidth: 140 }}
          data-testid="call-direction-filter"
        />
        <Select<number[]>
          mode="multiple"
          allowClear
          value={filters.queue}
          onChange={(queue) => update({ queue })}
          placeholder={t("filters.anyQueue")}
          aria-label={t("columns.queue")}
          options={options.queues}
          loading={options.loading}
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 160 }}
          data-testid="call-queue-filter"
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={filters.agent ?? undefined}
          onChange={(agent) => update({ agent: agent ?? null })}
          placeholder={t("filters.anyAgent")}
          aria-label={t("columns.agent")}
          options={options.agents}
          loading={options.loading}
          style={{ minWidth: 160 }}
          data-testid="call-agent-filter"
        />
        <Input.Search
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(value) => update({ number: value.trim() })}
          allowClear
          placeholder={t("filters.number")}
          aria-label={t("filters.number")}
          style={{ width: 220 }}
          data-testid="call-number-filter"
        />
        {isFiltered(filters, today) && (
          <Button
            onClick={() => {
              setTyped("");
              setParams({ tab: "calls" });
            }}
            data-testid="call-filters-reset"
          >
            {t("filters.reset")}
          </Button>
        )}
      </Space>
      {list.error && <HotlineError error={list.error} testId="call-list-error" />}
      <div data-testid="call-table">
        <Table<CallRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.results ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: list.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (page) => setParams({ tab: "calls", ...callFilterParams({ ...filters, page }, today) }),
          }}
          locale={{ emptyText: <Empty description={isFiltered(filters, today) ? t("list.noMatch") : t("list.empty")} /> }}
          onRow={(c) =>
            ({
              "data-testid": `call-row-${c.id}`,
              "data-state": c.state,
              onDoubleClick: () => open(c),
            }) as HTMLAttributes<HTMLElement>
          }
        />
      </div>
      {list.data && list.data.count > 0 && (
        <Typography.Text type="secondary" data-testid="call-count">
          {t("list.total", { count: list.data.count })}
        </Typography.Text>
      )}
    </>
  );
}
