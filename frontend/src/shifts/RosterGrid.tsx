import { MoonOutlined, PushpinFilled, WarningFilled } from "@ant-design/icons";
import { Dropdown, Empty, Tag, Tooltip, Typography, type MenuProps } from "antd";
import dayjs from "dayjs";
import type { TFunction } from "i18next";
import { useMemo, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";

import { formatDay } from "../common/time";
import { clock, hours, shiftEnd, type ShiftType } from "./api";
import {
  cellKey,
  isWeekend,
  periodDays,
  shiftColour,
  weekdayOf,
  type CellEdit,
  type RosterAssignment,
  type RosterGrid as Grid,
  type RosterPerson,
  type Violation,
} from "./rosters";
import { useQueueNames } from "./useQueueNames";

/** Rules of a person's week: shown at the person, not at a day's cell. */
const WEEK_RULES = new Set(["shifts_per_week", "weekly_hours"]);

export function personName(person: Pick<RosterPerson, "name" | "username">): string {
  return person.name || person.username;
}

/** A rule broken, in words: "Less than 11 hours' rest between shifts (8h00 rest)". */
export function ruleName(t: TFunction<"shifts">, rule: string): string {
  return t(`rosters.rules.${rule}`, { defaultValue: rule });
}

export function violationText(t: TFunction<"shifts">, v: Violation): string {
  const name = ruleName(t, v.rule);
  if (WEEK_RULES.has(v.rule)) {
    return t("rosters.violations.week", { rule: name, day: formatDay(v.day), detail: v.detail });
  }
  return v.detail ? t("rosters.violations.withDetail", { rule: name, detail: v.detail }) : name;
}

export function shiftLabel(type: ShiftType): string {
  const { end } = shiftEnd(type.start, type.minutes);
  return `${type.code} · ${type.name} ${clock(type.start)}–${end}`;
}

interface Grouped {
  byCell: Map<string, Violation[]>;
  byDay: Map<string, Violation[]>;
  byPerson: Map<number, Violation[]>;
}

/** Where each rule broken is shown: a person's day, a day (no one person), or a person. */
export function groupViolations(violations: Violation[], days: Set<string>): Grouped {
  const grouped: Grouped = { byCell: new Map(), byDay: new Map(), byPerson: new Map() };
  const add = <K,>(map: Map<K, Violation[]>, key: K, v: Violation) => map.set(key, [...(map.get(key) ?? []), v]);
  for (const v of violations) {
    if (v.person === null) add(grouped.byDay, v.day, v);
    else if (WEEK_RULES.has(v.rule) || !days.has(v.day)) add(grouped.byPerson, v.person, v);
    else add(grouped.byCell, cellKey(v.person, v.day), v);
  }
  return grouped;
}

function ViolationTip({ items, children }: { items: Violation[] | undefined; children: React.ReactElement }) {
  const { t } = useTranslation("shifts");
  if (!items?.length) return children;
  return (
    <Tooltip
      title={
        <ul className="roster-tip">
          {items.map((v, i) => (
            <li key={i}>{violationText(t, v)}</li>
          ))}
        </ul>
      }
    >
      {children}
    </Tooltip>
  );
}

interface Props {
  grid: Grid;
  /** Cells may be changed (a planner, and no build running). */
  editable: boolean;
  onEdit: (cells: CellEdit[]) => void;
}

/**
 * The roster: people (rows) by days (columns), each cell the shift worked. Planners click a cell
 * for a menu of shift types (or a day off), or drag a shift onto another cell to swap the two.
 */
export function RosterGrid({ grid, editable, onEdit }: Props) {
  const { t } = useTranslation("shifts");
  const queueName = useQueueNames();
  const days = useMemo(() => periodDays(grid.period.first_day, grid.period.last_day), [grid.period]);
  const types = useMemo(() => new Map(grid.shift_types.map((s) => [s.id, s])), [grid.shift_types]);
  const cells = useMemo(
    () => new Map(grid.assignments.map((a) => [cellKey(a.user, a.day), a])),
    [grid.assignments],
  );
  const people = useMemo(() => new Map(grid.people.map((p) => [p.id, p])), [grid.people]);
  const { byCell, byDay, byPerson } = useMemo(
    () => groupViolations(grid.violations, new Set(days)),
    [grid.violations, days],
  );
  const dragFrom = useRef<{ user: number; day: string } | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);

  /** One cell's new shift; the queue only when the person works it. */
  const edit = (user: number, day: string, from: RosterAssignment | undefined): CellEdit => {
    const person = people.get(user);
    const cell: CellEdit = { user, day, shift_type: from ? from.shift_type : null };
    if (from && person?.queues.includes(from.queue)) cell.queue = from.queue;
    return cell;
  };

  const swap = (a: { user: number; day: string }, b: { user: number; day: string }) => {
    if (a.user === b.user && a.day === b.day) return;
    const first = cells.get(cellKey(a.user, a.day));
    const second = cells.get(cellKey(b.user, b.day));
    if (!first && !second) return;
    onEdit([edit(a.user, a.day, second), edit(b.user, b.day, first)]);
  };

  const menuFor = (person: RosterPerson, day: string, current: RosterAssignment | undefined): MenuProps => {
    const queues = person.queues.filter((q) => grid.period.queues.includes(q));
    const items: MenuProps["items"] = [
      ...grid.shift_types.map((type) => {
        const label = <span data-testid={`roster-menu-${type.id}`}>{shiftLabel(type)}</span>;
        return queues.length > 1
          ? {
              key: `type-${type.id}`,
              label,
              children: queues.map((q) => ({
                key: `type-${type.id}-queue-${q}`,
                label: (
                  <span data-testid={`roster-menu-${type.id}-queue-${q}`}>
                    {t("rosters.grid.forQueue", { queue: queueName(q) })}
                  </span>
                ),
              })),
            }
          : { key: `type-${type.id}`, label };
      }),
      { type: "divider" as const },
      { key: "off", label: <span data-testid="roster-menu-off">{t("rosters.grid.dayOff")}</span> },
    ];
    return {
      items,
      selectable: true,
      selectedKeys: [current ? `type-${current.shift_type}` : "off"],
      onClick: ({ key }) => {
        if (key === "off") {
          if (current) onEdit([{ user: person.id, day, shift_type: null }]);
          return;
        }
        const match = /^type-(\d+)(?:-queue-(\d+))?$/.exec(key);
        if (!match) return;
        const shiftType = Number(match[1]);
        const queue = match[2] ? Number(match[2]) : undefined;
        if (current?.shift_type === shiftType && (queue === undefined || queue === current.queue)) return;
        onEdit([{ user: person.id, day, shift_type: shiftType, ...(queue ? { queue } : {}) }]);
      },
    };
  };

  if (grid.people.length === 0) return <Empty description={t("rosters.grid.noPeople")} />;

  const dragProps = (user: number, day: string, has: boolean) =>
    editable
      ? {
          draggable: has,
          onDragStart: (e: DragEvent) => {
            dragFrom.current = { user, day };
            try {
              e.dataTransfer?.setData("text/plain", cellKey(user, day));
              if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
            } catch {
              // a browser without a data transfer (tests): the ref carries the cell
            }
          },
          onDragOver: (e: DragEvent) => {
            const from = dragFrom.current;
            if (!from || (from.user === user && from.day === day)) return;
            e.preventDefault();
            if (dropOn !== cellKey(user, day)) setDropOn(cellKey(user, day));
          },
          onDragLeave: () => setDropOn((key) => (key === cellKey(user, day) ? null : key)),
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            const from = dragFrom.current;
            dragFrom.current = null;
            setDropOn(null);
            if (from) swap(from, { user, day });
          },
          onDragEnd: () => {
            dragFrom.current = null;
            setDropOn(null);
          },
        }
      : {};

  return (
    <div className="roster-grid-wrap">
      <table className="roster-grid" data-testid="roster-grid" data-editable={editable}>
        <thead>
          <tr>
            <th className="roster-person-col" scope="col">
              {t("rosters.grid.person")}
            </th>
            {days.map((day) => {
              const problems = byDay.get(day);
              const classes = ["roster-day", isWeekend(day) && "roster-weekend", problems && "roster-violation"];
              return (
                <ViolationTip key={day} items={problems}>
                  <th
                    scope="col"
                    className={classes.filter(Boolean).join(" ")}
                    data-testid={`roster-day-${day}`}
                    data-violations={problems?.map((v) => v.rule).join(" ") || undefined}
                  >
                    <div className="roster-day-name">{dayjs(day).format("ddd")}</div>
                    <div>{dayjs(day).format("MM-DD")}</div>
                    {problems && <WarningFilled className="roster-warn" aria-label={t("rosters.violations.title")} />}
                  </th>
                </ViolationTip>
              );
            })}
            <th scope="col" className="roster-hours">
              {t("rosters.grid.hours")}
            </th>
          </tr>
        </thead>
        <tbody>
          {grid.people.map((person) => {
            const leave = new Set(person.leave_days);
            const unavailable = new Set(person.unavailable_weekdays);
            const own = byPerson.get(person.id);
            const minutes = grid.assignments
              .filter((a) => a.user === person.id)
              .reduce((sum, a) => sum + (types.get(a.shift_type)?.minutes ?? 0), 0);
            return (
              <tr key={person.id} data-testid={`roster-person-${person.id}`}>
                <ViolationTip items={own}>
                  <th scope="row" className={`roster-person${own ? " roster-violation" : ""}`}>
                    <span className="roster-person-name">{personName(person)}</span>
                    {person.is_supervisor && (
                      <Tag color="purple" className="roster-badge" data-testid={`roster-supervisor-${person.id}`}>
                        {t("rosters.grid.supervisor")}
                      </Tag>
                    )}
                    {own && <WarningFilled className="roster-warn" aria-label={t("rosters.violations.title")} />}
                  </th>
                </ViolationTip>
                {days.map((day) => {
                  const key = cellKey(person.id, day);
                  const assignment = cells.get(key);
                  const type = assignment ? types.get(assignment.shift_type) : undefined;
                  const problems = byCell.get(key);
                  const onLeave = leave.has(day);
                  const off = unavailable.has(weekdayOf(day));
                  const classes = [
                    "roster-cell",
                    isWeekend(day) && "roster-weekend",
                    onLeave && "roster-leave",
                    off && "roster-unavailable",
                    problems && "roster-violation",
                    dropOn === key && "roster-drop-target",
                  ];
                  const code = assignment ? (type?.code ?? `#${assignment.shift_type}`) : "";
                  const label = t("rosters.grid.cellLabel", {
                    person: personName(person),
                    day: formatDay(day),
                    shift: type ? shiftLabel(type) : code || t("rosters.grid.dayOff"),
                  });
                  const content = (
                    <span className="roster-cell-inner">
                      {assignment ? (
                        <span
                          className="roster-code"
                          style={{ background: shiftColour(grid.shift_types, assignment.shift_type) }}
                        >
                          {code}
                        </span>
                      ) : onLeave ? (
                        <span className="roster-mark">{t("rosters.grid.leaveShort")}</span>
                      ) : null}
                      {type?.is_night && <MoonOutlined className="roster-night" aria-label={t("rosters.grid.night")} />}
                      {assignment?.pinned && (
                        <PushpinFilled className="roster-pin" aria-label={t("rosters.grid.pinned")} />
                      )}
                    </span>
                  );
                  return (
                    <td
                      key={day}
                      className={classes.filter(Boolean).join(" ")}
                      data-testid={`roster-cell-${person.id}-${day}`}
                      data-shift={code}
                      data-pinned={assignment?.pinned ? "true" : undefined}
                      data-violations={problems?.map((v) => v.rule).join(" ") || undefined}
                      {...dragProps(person.id, day, !!assignment)}
                    >
                      <ViolationTip items={problems}>
                        <span className="roster-cell-tip">
                          {editable ? (
                            <Dropdown menu={menuFor(person, day, assignment)} trigger={["click"]} destroyOnHidden>
                              <button type="button" className="roster-cell-button" aria-label={label}>
                                {content}
                              </button>
                            </Dropdown>
                          ) : (
                            <span aria-label={label}>{content}</span>
                          )}
                        </span>
                      </ViolationTip>
                    </td>
                  );
                })}
                <td className="roster-hours" data-testid={`roster-hours-${person.id}`}>
                  {t("rosters.grid.hoursValue", { hours: hours(minutes) })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Legend types={grid.shift_types} />
    </div>
  );
}

function Legend({ types }: { types: ShiftType[] }) {
  const { t } = useTranslation("shifts");
  return (
    <div className="roster-legend" data-testid="roster-legend">
      {types.map((type) => (
        <span key={type.id} className="roster-legend-item">
          <span className="roster-code" style={{ background: shiftColour(types, type.id) }}>
            {type.code}
          </span>{" "}
          {type.name} {clock(type.start)}–{shiftEnd(type.start, type.minutes).end}
          {type.is_night && <MoonOutlined className="roster-night" />}
        </span>
      ))}
      <span className="roster-legend-item">
        <PushpinFilled className="roster-pin" /> {t("rosters.legend.pinned")}
      </span>
      <span className="roster-legend-item">
        <span className="roster-swatch roster-leave" /> {t("rosters.legend.leave")}
      </span>
      <span className="roster-legend-item">
        <span className="roster-swatch roster-unavailable" /> {t("rosters.legend.unavailable")}
      </span>
      <span className="roster-legend-item">
        <span className="roster-swatch roster-weekend" /> {t("rosters.legend.weekend")}
      </span>
      <span className="roster-legend-item">
        <span className="roster-swatch roster-violation" /> {t("rosters.legend.violation")}
      </span>
    </div>
  );
}

/** Every rule broken, in a list (the grid marks the same cells). */
export function ViolationsPanel({ grid }: { grid: Grid }) {
  const { t } = useTranslation("shifts");
  const people = new Map(grid.people.map((p) => [p.id, p]));
  return (
    <div data-testid="roster-violations" data-count={grid.violations.length}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t("rosters.violations.title")}
        {grid.violations.length > 0 && (
          <Tag color="red" style={{ marginInlineStart: 8 }}>
            {grid.violations.length}
          </Tag>
        )}
      </Typography.Title>
      {grid.violations.length === 0 ? (
        <Typography.Text type="success">{t("rosters.violations.none")}</Typography.Text>
      ) : (
        <ul className="roster-violation-list">
          {grid.violations.map((v, i) => {
            const person = v.person === null ? null : people.get(v.person);
            return (
              <li key={i}>
                <Typography.Text strong>
                  {v.person === null ? t("rosters.violations.everyone") : person ? personName(person) : `#${v.person}`}
                </Typography.Text>
                {" · "}
                {formatDay(v.day)}
                {" · "}
                {violationText(t, v)}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
