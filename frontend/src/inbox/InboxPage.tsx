import "./inbox.css";

import { QuestionCircleOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Space, Typography } from "antd";
import { startTransition, useMemo, useOptimistic, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";

import { ApiError } from "../api/client";
import type { WorkItem } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { useNow } from "../common/useNow";
import { BulkAssign } from "./BulkAssign";
import { FilterBar } from "./FilterBar";
import { parseFilters, serializeFilters, toApiQuery, type InboxFilters } from "./filters";
import { InboxTable, itemPath } from "./InboxTable";
import { useInbox, useQueues, useTake } from "./queries";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { useInboxLive } from "./useInboxLive";
import { useShortcuts } from "./useShortcuts";

/** The unified inbox: every item the user may see, most urgent first, live. */
export function InboxPage() {
  const { t } = useTranslation("inbox");
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  // The router changes the URL in a transition; the controls show the new filters at once.
  const [shownFilters, showFilters] = useOptimistic(filters);
  const inbox = useInbox(useMemo(() => toApiQuery(filters), [filters]));
  const queues = useQueues();
  const take = useTake();
  const flashing = useInboxLive();
  const now = useNow();
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);

  const items = useMemo(() => inbox.data?.results ?? [], [inbox.data]);
  const selectedItems = items.filter((i) => selectedIds.includes(i.id));
  const focusedIndex = items.findIndex((i) => i.id === focusedId);
  const focused = items[focusedIndex] ?? null;
  const isLead = can("workitem.assign");
  const queueOptions =
    queues.data?.results ?? me?.queues.map((m) => ({ id: m.queue, name: m.queue_name })) ?? [];

  const update = (patch: Partial<InboxFilters>) => {
    const next = { ...shownFilters, page: 1, ...patch };
    setSelectedIds([]);
    startTransition(() => {
      showFilters(next);
      setParams(serializeFilters(next));
    });
  };

  const errorText = (error: unknown) =>
    error instanceof ApiError ? error.message : t("errors.generic", { ns: "common" });

  const open = (item: WorkItem, reply = false) => {
    const path = itemPath(item);
    if (path) navigate(reply ? `${path}?reply=1` : path);
    else message.info(t("row.noPage", { kind: item.kind_display }));
  };

  const takeItem = (item: WorkItem) =>
    take.mutate(item, {
      onSuccess: () => message.success(t("take.done", { reference: item.reference })),
      onError: (error) => message.error(errorText(error)),
    });

  const moveTo = (index: number) => {
    const item = items[Math.max(0, Math.min(items.length - 1, index))];
    if (!item) return;
    setFocusedId(item.id);
    document.querySelector<HTMLElement>(`[data-testid="inbox-row-${item.id}"]`)?.focus();
  };

  useShortcuts(
    {
      next: () => moveTo(focusedIndex < 0 ? 0 : focusedIndex + 1),
      previous: () => moveTo(focusedIndex < 0 ? 0 : focusedIndex - 1),
      open: () => focused && open(focused),
      reply: () => focused && open(focused, true),
      take: () => focused && can("workitem.take") && takeItem(focused),
      help: () => setHelpOpen(true),
    },
    !helpOpen,
  );

  return (
    <section className="inbox-page" aria-labelledby="inbox-title">
      <Flex justify="space-between" align="center" wrap gap="small" className="inbox-header">
        <Space align="baseline">
          <Typography.Title level={1} id="inbox-title" className="inbox-title">
            {t("title")}
          </Typography.Title>
          {inbox.data && (
            <Typography.Text type="secondary" data-testid="inbox-count">
              {t("total", { count: inbox.data.count })}
            </Typography.Text>
          )}
        </Space>
        <Space>
          {isLead && (
            <BulkAssign
              items={selectedItems}
              queues={queues.data?.results ?? []}
              onAssigned={(ids) => setSelectedIds((prev) => prev.filter((id) => !ids.includes(id)))}
            />
          )}
          <Button
            icon={<QuestionCircleOutlined />}
            onClick={() => setHelpOpen(true)}
            aria-keyshortcuts="Shift+?"
            data-testid="inbox-shortcuts-button"
          >
            {t("shortcuts.button")}
          </Button>
        </Space>
      </Flex>
      <FilterBar
        filters={shownFilters}
        queues={queueOptions}
        onChange={update}
        onReset={() => update(parseFilters(new URLSearchParams()))}
      />
      {inbox.isError && (
        <Alert
          type="error"
          showIcon
          className="inbox-error"
          data-testid="inbox-error"
          title={t("error")}
          description={errorText(inbox.error)}
          action={
            <Button size="small" onClick={() => void inbox.refetch()}>
              {t("actions.retry", { ns: "common" })}
            </Button>
          }
        />
      )}
      <InboxTable
        items={items}
        total={inbox.data?.count ?? 0}
        page={shownFilters.page}
        loading={inbox.isPending || (inbox.isPlaceholderData && inbox.isFetching)}
        emptyText={inbox.isError ? t("error") : t("empty")}
        now={now}
        focusedId={focusedId}
        flashing={flashing}
        canTake={can("workitem.take")}
        takingId={take.isPending ? (take.variables?.id ?? null) : null}
        selectable={isLead}
        selectedIds={selectedIds}
        onSelect={setSelectedIds}
        onPageChange={(page) => update({ page })}
        onFocusRow={setFocusedId}
        onOpen={(item) => open(item)}
        onTake={takeItem}
      />
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </section>
  );
}
