import { Button, Table, Tag, Typography, type TableColumnsType } from "antd";
import type { HTMLAttributes, MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { Priority, Status, WorkItem } from "../api/types";
import { SlaCountdown } from "../common/SlaCountdown";
import { formatDateTime } from "../common/time";
import { workItemPath } from "../hotline/format";
import { PAGE_SIZE } from "./filters";

const STATUS_COLORS: Record<Status, string | undefined> = {
  new: "blue",
  open: "geekblue",
  pending: "gold",
  on_hold: "purple",
  resolved: "green",
  closed: undefined,
};

const PRIORITY_COLORS: Record<Priority, string | undefined> = {
  1: undefined,
  2: "blue",
  3: "orange",
  4: "red",
};

const DONE: Status[] = ["resolved", "closed"];

/** Tickets and calls have a page, ring-backs the missed-call list; other kinds are listed without a link. */
export function itemPath(item: WorkItem): string | null {
  if (item.kind === "complaint") return `/complaints/${item.id}`; // a complaint's page (src/complaints/)
  return workItemPath(item.kind, item.id);
}

export function canBeTaken(item: WorkItem): boolean {
  return item.assignee === null && !DONE.includes(item.status);
}

interface Props {
  items: WorkItem[];
  total: number;
  page: number;
  loading: boolean;
  emptyText: string;
  now: number;
  focusedId: number | null;
  flashing: ReadonlySet<number>;
  canTake: boolean;
  takingId: number | null;
  selectable: boolean;
  selectedIds: number[];
  onSelect: (ids: number[]) => void;
  onPageChange: (page: number) => void;
  onFocusRow: (id: number) => void;
  onOpen: (item: WorkItem) => void;
  onTake: (item: WorkItem) => void;
}

/** Clicks on the row's own controls (take, select, the reference link) are not "open the row". */
function fromControl(event: MouseEvent) {
  return (event.target as Element).closest(
    "button, a, input, label, .ant-table-selection-column",
  );
}

export function InboxTable(props: Props) {
  const { t } = useTranslation("inbox");
  const { items, now, focusedId, flashing } = props;

  const columns: TableColumnsType<WorkItem> = [
    {
      key: "reference",
      title: t("columns.reference"),
      render: (_, item) => {
        const path = itemPath(item);
        return path ? (
          <Link to={path} aria-label={t("row.open", { reference: item.reference })} tabIndex={-1}>
            {item.reference}
          </Link>
        ) : (
          item.reference
        );
      },
    },
    { key: "kind", title: t("columns.kind"), dataIndex: "kind_display" },
    {
      key: "subject",
      title: t("columns.subject"),
      dataIndex: "subject",
      ellipsis: true,
    },
    {
      key: "customer",
      title: t("columns.customer"),
      render: (_, item) => item.customer?.name ?? "",
    },
    { key: "queue", title: t("columns.queue"), render: (_, item) => item.queue.name },
    {
      key: "status",
      title: t("columns.status"),
      render: (_, item) => <Tag color={STATUS_COLORS[item.status]}>{item.status_display}</Tag>,
    },
    {
      key: "priority",
      title: t("columns.priority"),
      render: (_, item) => (
        <Tag color={PRIORITY_COLORS[item.priority]}>{item.priority_display}</Tag>
      ),
    },
    {
      key: "assignee",
      title: t("columns.assignee"),
      render: (_, item) =>
        item.assignee?.name ?? (
          <Typography.Text type="secondary">{t("row.unassigned")}</Typography.Text>
        ),
    },
    {
      key: "due",
      title: t("columns.due"),
      render: (_, item) => (
        <SlaCountdown dueAt={item.due_at} warnAt={item.sla_warn_at} now={now} testId={`sla-badge-${item.id}`} />
      ),
    },
    {
      key: "created",
      title: t("columns.created"),
      render: (_, item) => (
        <time dateTime={item.created_at}>{formatDateTime(item.created_at)}</time>
      ),
    },
    {
      key: "actions",
      title: t("columns.actions"),
      render: (_, item) =>
        props.canTake && canBeTaken(item) ? (
          <Button
            size="small"
            data-testid={`inbox-take-${item.id}`}
            aria-label={t("take.label", { reference: item.reference })}
            loading={props.takingId === item.id}
            onClick={() => props.onTake(item)}
          >
            {t("take.button")}
          </Button>
        ) : null,
    },
  ];

  // Roving tabindex: Tab reaches the focused row (or the first one), arrows and j/k move on.
  const tabStop = items.some((i) => i.id === focusedId) ? focusedId : items[0]?.id;

  return (
    <div data-testid="inbox-table">
      <Table<WorkItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={props.loading}
        locale={{ emptyText: props.emptyText }}
        scroll={{ x: "max-content" }}
        rowSelection={
          props.selectable
            ? {
                selectedRowKeys: props.selectedIds,
                onChange: (keys) => props.onSelect(keys.map(Number)),
                getCheckboxProps: (item) => ({
                  "aria-label": t("bulk.selectRow", { reference: item.reference }),
                }),
              }
            : undefined
        }
        rowClassName={(item) =>
          [
            "inbox-row",
            itemPath(item) ? "inbox-row-link" : "",
            item.id === focusedId ? "inbox-row-focused" : "",
            flashing.has(item.id) ? "inbox-row-flash" : "",
          ]
            .filter(Boolean)
            .join(" ")
        }
        onRow={(item, index) =>
          ({
            "data-testid": `inbox-row-${item.id}`,
            "data-status": item.status,
            "data-kind": item.kind,
            "aria-rowindex": (props.page - 1) * PAGE_SIZE + (index ?? 0) + 2,
            "aria-selected": item.id === focusedId,
            tabIndex: item.id === tabStop ? 0 : -1,
            onFocus: (event) => {
              if (event.target === event.currentTarget) props.onFocusRow(item.id);
            },
            onClick: (event) => {
              props.onFocusRow(item.id);
              if (!fromControl(event)) props.onOpen(item);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: props.page,
          pageSize: PAGE_SIZE,
          total: props.total,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: props.onPageChange,
        }}
      />
    </div>
  );
}
