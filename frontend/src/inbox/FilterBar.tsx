import { SearchOutlined } from "@ant-design/icons";
import { Button, Checkbox, Input, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Kind, Priority, Status } from "../api/types";
import { KINDS, PRIORITIES, STATUSES, type InboxFilters } from "./filters";

export interface QueueOption {
  id: number;
  name: string;
}

interface Props {
  filters: InboxFilters;
  queues: QueueOption[];
  onChange: (patch: Partial<InboxFilters>) => void;
  onReset: () => void;
}

/** The search box keeps what is typed until Enter; a new `q` in the URL (back, reset) wins. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation("inbox");
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  return (
    <Input
      type="search"
      allowClear
      prefix={<SearchOutlined aria-hidden />}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.type === "click" && !e.target.value) onSearch(""); // the clear button
      }}
      onPressEnter={() => onSearch(text.trim())}
      placeholder={t("filters.search")}
      aria-label={t("filters.search")}
      data-testid="inbox-search"
      style={{ width: 240 }}
    />
  );
}

export function FilterBar({ filters, queues, onChange, onReset }: Props) {
  const { t } = useTranslation("inbox");
  return (
    <div role="search" aria-label={t("filters.label")} className="inbox-filters">
      <Space wrap>
        <Select<number>
          allowClear
          aria-label={t("filters.queue")}
          data-testid="inbox-filter-queue"
          value={filters.queue ?? undefined}
          placeholder={t("filters.allQueues")}
          onChange={(queue) => onChange({ queue: queue ?? null })}
          options={queues.map((q) => ({ value: q.id, label: q.name }))}
          style={{ width: 180 }}
        />
        <Select<Kind>
          allowClear
          aria-label={t("filters.kind")}
          data-testid="inbox-filter-kind"
          value={filters.kind ?? undefined}
          placeholder={t("filters.allKinds")}
          onChange={(kind) => onChange({ kind: kind ?? null })}
          options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          style={{ width: 140 }}
        />
        <Select<Status[]>
          mode="multiple"
          allowClear
          aria-label={t("filters.status")}
          data-testid="inbox-filter-status"
          value={filters.status}
          placeholder={t("filters.anyStatus")}
          onChange={(status) => onChange({ status })}
          options={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          style={{ minWidth: 220 }}
          maxTagCount="responsive"
        />
        <Select<Priority>
          allowClear
          aria-label={t("filters.priority")}
          data-testid="inbox-filter-priority"
          value={filters.priority ?? undefined}
          placeholder={t("filters.anyPriority")}
          onChange={(priority) => onChange({ priority: priority ?? null })}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))}
          style={{ width: 130 }}
        />
        <Checkbox
          checked={filters.mine}
          onChange={(e) => onChange({ mine: e.target.checked, unassigned: false })}
          data-testid="inbox-filter-mine"
        >
          {t("filters.mine")}
        </Checkbox>
        <Checkbox
          checked={filters.unassigned}
          onChange={(e) => onChange({ unassigned: e.target.checked, mine: false })}
          data-testid="inbox-filter-unassigned"
        >
          {t("filters.unassigned")}
        </Checkbox>
        <SearchBox value={filters.q} onSearch={(q) => onChange({ q })} />
        <Button onClick={onReset} data-testid="inbox-filter-reset">
          {t("filters.reset")}
        </Button>
      </Space>
    </div>
  );
}
