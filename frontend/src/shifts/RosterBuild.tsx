import { StopOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, InputNumber, Popconfirm, Progress, Space, Tag, Typography } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import { formatDay } from "../common/time";
import { errorMessage } from "../customers/FormParts";
import { useLive } from "../shell/LiveContext";
import { slotLabel } from "./api";
import {
  buildKey,
  coverageKey,
  DEFAULT_TIME_LIMIT,
  elapsedSeconds,
  isActive,
  MAX_TIME_LIMIT,
  POLL_MS,
  rosterKey,
  type BuildStatus,
  type RosterBuild,
  type Uncovered,
} from "./rosters";
import { useQueueNames } from "./useQueueNames";

/**
 * The period's current build: the one started here, or the latest the grid names. It is read
 * every second while it runs (the live `roster.build` events make it quicker); when it ends, the
 * grid and its coverage are read again.
 */
export function useRosterBuild(periodId: number, latest: RosterBuild | null) {
  const client = useQueryClient();
  const { subscribe } = useLive();
  const [chosen, setChosen] = useState<number | null>(null);
  const id = Math.max(chosen ?? 0, latest?.id ?? 0) || null;

  const build = useQuery({
    queryKey: buildKey(id ?? 0),
    queryFn: ({ signal }) => api<RosterBuild>(`/shifts/builds/${id}/`, { signal }),
    enabled: id !== null,
    initialData: latest && latest.id === id ? latest : undefined,
    staleTime: (query) => (isActive(query.state.data) ? 0 : Infinity),
    refetchInterval: (query) => (isActive(query.state.data) ? POLL_MS : false),
  });

  const reload = useCallback(() => {
    void client.invalidateQueries({ queryKey: rosterKey(periodId), exact: true });
    void client.invalidateQueries({ queryKey: coverageKey(periodId) });
  }, [client, periodId]);

  // A build seen running that has ended: its roster is on the grid now.
  const seen = useRef(new Map<number, BuildStatus>());
  const status = build.data?.status;
  const buildId = build.data?.id;
  useEffect(() => {
    if (!buildId || !status) return;
    const before = seen.current.get(buildId);
    seen.current.set(buildId, status);
    if (before && isActive({ status: before }) && !isActive({ status })) reload();
  }, [buildId, status, reload]);

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== "roster.build") return;
        const payload = event.payload as RosterBuild | undefined;
        if (!payload || payload.period !== periodId) return;
        client.setQueryData<RosterBuild>(buildKey(payload.id), (old) => ({ ...old, ...payload }));
        setChosen((current) => (current === null || payload.id > current ? payload.id : current));
        // The event is short: the outcome (uncovered half-hours, errors) comes with the build.
        if (!isActive(payload)) void client.invalidateQueries({ queryKey: buildKey(payload.id) });
      }),
    [subscribe, client, periodId],
  );

  const start = useMutation({
    mutationFn: (timeLimit: number) =>
      api<RosterBuild>(`/shifts/rosters/${periodId}/builds/`, { body: { time_limit_seconds: timeLimit } }),
    onSuccess: (started) => {
      client.setQueryData(buildKey(started.id), started);
      seen.current.set(started.id, started.status);
      setChosen(started.id);
      if (!isActive(started)) reload(); // it ran to its end already (a worker in the request)
    },
  });

  const cancel = useMutation({
    mutationFn: (buildToStop: number) => api<RosterBuild>(`/shifts/builds/${buildToStop}/cancel/`, { method: "POST" }),
    onSuccess: (stopped) => {
      client.setQueryData(buildKey(stopped.id), stopped);
      void client.invalidateQueries({ queryKey: buildKey(stopped.id) });
    },
  });

  return { build: id !== null ? build.data : undefined, start, cancel };
}

type BuildHandle = ReturnType<typeof useRosterBuild>;

/** Build controls: the time limit, Build (asks first when shifts would be replaced). */
export function BuildControls({
  handle,
  hasShifts,
  disabled,
}: {
  handle: BuildHandle;
  hasShifts: boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const [limit, setLimit] = useState(DEFAULT_TIME_LIMIT);
  const running = isActive(handle.build);

  const go = () =>
    handle.start.mutate(limit, {
      onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
    });

  const button = (
    <Button
      type="primary"
      icon={<ThunderboltOutlined />}
      disabled={disabled || running}
      loading={handle.start.isPending}
      onClick={hasShifts ? undefined : go}
      data-testid="roster-build"
    >
      {t("rosters.build.start")}
    </Button>
  );

  return (
    <Space wrap align="center">
      <label>
        {t("rosters.build.limit")}{" "}
        <InputNumber
          min={1}
          max={MAX_TIME_LIMIT}
          precision={0}
          value={limit}
          onChange={(value) => setLimit(value ?? DEFAULT_TIME_LIMIT)}
          suffix={t("rosters.build.seconds")}
          style={{ width: 110 }}
          disabled={disabled || running}
          data-testid="roster-build-limit"
        />
      </label>
      {hasShifts && !(disabled || running) ? (
        <Popconfirm
          title={t("rosters.build.rebuildConfirm")}
          okText={t("rosters.build.start")}
          cancelText={t("actions.cancel", { ns: "common" })}
          okButtonProps={{ "data-testid": "roster-build-confirm" }}
          onConfirm={go}
        >
          {button}
        </Popconfirm>
      ) : (
        button
      )}
    </Space>
  );
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

const STATUS_COLOURS: Record<BuildStatus, string | undefined> = {
  queued: "default",
  running: "processing",
  done: "success",
  cancelled: "warning",
  failed: "error",
};

const round = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : (Math.round(value * 10) / 10).toLocaleString();

/** Seconds to a tenth; a build quicker than that took "0.1" s, not "0". */
const seconds = (value: number) => round(Math.max(0.1, value));

/** The build's progress bar (time used of its limit), what it found, and how it ended. */
export function BuildProgress({ handle }: { handle: BuildHandle }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const build = handle.build;
  const active = isActive(build);
  const now = useNow(active);
  if (!build) return null;

  const elapsed = elapsedSeconds(build, now);
  const percent =
    build.status === "done" ? 100 : Math.min(100, Math.floor((elapsed / Math.max(1, build.time_limit_seconds)) * 100));
  const barStatus =
    build.status === "failed" ? "exception" : build.status === "done" ? "success" : active ? "active" : "normal";
  const uncovered = build.uncovered_count ?? build.uncovered?.length ?? 0;

  return (
    <div
      className="roster-build"
      data-testid="roster-build-progress"
      data-status={build.status}
      data-percent={percent}
    >
      <Space wrap align="center" style={{ width: "100%", justifyContent: "space-between" }}>
        <Space wrap>
          <Tag color={STATUS_COLOURS[build.status]} data-testid="roster-build-status">
            {t(`rosters.build.statuses.${build.status}`)}
          </Tag>
          <Typography.Text data-testid="roster-build-stats">
            {active
              ? t("rosters.build.elapsed", { elapsed: Math.round(elapsed), limit: build.time_limit_seconds })
              : t("rosters.build.took", { elapsed: seconds(elapsed), limit: build.time_limit_seconds })}
            {" · "}
            {t("rosters.build.found", { count: build.solutions ?? 0 })}
            {build.objective !== null && build.objective !== undefined && (
              <>
                {" · "}
                {t("rosters.build.objective", { objective: round(build.objective), bound: round(build.bound) })}
              </>
            )}
          </Typography.Text>
        </Space>
        {active && (
          <Button
            danger
            icon={<StopOutlined />}
            loading={handle.cancel.isPending}
            disabled={handle.cancel.isPending}
            onClick={() =>
              handle.cancel.mutate(build.id, {
                onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
              })
            }
            data-testid="roster-build-cancel"
          >
            {t("rosters.build.cancel")}
          </Button>
        )}
      </Space>
      <Progress
        percent={percent}
        status={barStatus}
        // Done and failed builds show the bar's own tick or cross.
        format={
          build.status === "done" || build.status === "failed"
            ? undefined
            : () => `${Math.round(elapsed)} / ${build.time_limit_seconds} ${t("rosters.build.seconds")}`
        }
        aria-label={t("rosters.build.progressLabel")}
      />
      {build.status === "failed" && (
        <Alert
          type="error"
          showIcon
          title={build.error || t("rosters.build.failed")}
          description={<Problems problems={build.problems} />}
          data-testid="roster-build-error"
        />
      )}
      {build.status === "cancelled" && (
        <Alert
          type="warning"
          showIcon
          title={build.error || (build.solutions > 0 ? t("rosters.build.stoppedKept") : t("rosters.build.stopped"))}
          description={<Problems problems={build.problems} />}
          data-testid="roster-build-error"
        />
      )}
      {build.status === "done" && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="roster-build-done">
          {t("rosters.build.done", { count: build.solutions ?? 0, seconds: seconds(elapsed) })}
          {build.violations ? ` ${t("rosters.build.doneViolations", { count: build.violations })}` : ""}
        </Typography.Paragraph>
      )}
      {!active && (build.status === "done" || (build.status === "cancelled" && build.solutions > 0)) && (
        <UncoveredList count={uncovered} items={build.uncovered ?? []} />
      )}
    </div>
  );
}

function Problems({ problems }: { problems: string[] | undefined }) {
  if (!problems?.length) return null;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {problems.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

interface Run {
  queue: number;
  day: string;
  from: number;
  to: number;
  missing: number;
}

/** Consecutive half-hours of one queue and day short by the same number, as one run. */
export function uncoveredRuns(items: Uncovered[]): Run[] {
  const sorted = [...items].sort((a, b) => a.queue - b.queue || a.day.localeCompare(b.day) || a.slot - b.slot);
  const runs: Run[] = [];
  for (const item of sorted) {
    const last = runs.at(-1);
    if (last && last.queue === item.queue && last.day === item.day && last.to + 1 === item.slot && last.missing === item.missing) {
      last.to = item.slot;
    } else {
      runs.push({ queue: item.queue, day: item.day, from: item.slot, to: item.slot, missing: item.missing });
    }
  }
  return runs;
}

const SHOWN_RUNS = 30;

function UncoveredList({ count, items }: { count: number; items: Uncovered[] }) {
  const { t } = useTranslation("shifts");
  const queueName = useQueueNames();
  if (count === 0) {
    return (
      <Alert type="success" showIcon title={t("rosters.build.covered")} data-testid="roster-uncovered" data-count={0} />
    );
  }
  const runs = uncoveredRuns(items);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="roster-uncovered"
      data-count={count}
      title={t("rosters.build.uncovered", { count })}
      description={
        <ul className="roster-uncovered">
          {runs.slice(0, SHOWN_RUNS).map((run) => (
            <li key={`${run.queue}-${run.day}-${run.from}`}>
              {t("rosters.build.uncoveredRun", {
                queue: queueName(run.queue),
                day: formatDay(run.day),
                from: slotLabel(run.from),
                to: run.to + 1 >= 48 ? "24:00" : slotLabel(run.to + 1),
                count: run.missing,
              })}
            </li>
          ))}
          {runs.length > SHOWN_RUNS && <li>{t("rosters.build.uncoveredMore", { count: runs.length - SHOWN_RUNS })}</li>}
        </ul>
      }
    />
  );
}
