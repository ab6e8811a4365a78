/** The board's filters: category, severity, handler, mine / unassigned, and a search. */
import { SearchOutlined } from "@ant-design/icons";
import { Button, Checkbox, Input, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { SEVERITIES, type BoardFilters, type ComplaintOptions, type Severity } from "./api";

/** What is typed stays until Enter; a new `q` in the address (back, reset) wins. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation("complaints");
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
      data-testid="complaint-search"
      style={{ width: 220 }}
    />
  );
}

export function BoardFilterBar({
  filters,
  options,
  onChange,
  onReset,
}: {
  filters: BoardFilters;
  options: ComplaintOptions | undefined;
  onChange: (patch: Partial<BoardFilters>) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation("complaints");
  return (
    <div role="search" aria-label={t("filters.label")} style={{ marginBottom: 16 }}>
      <Space wrap>
        <Select<number[]>
          mode="multiple"
          allowClear
          aria-label={t("filters.category")}
          placeholder={t("filters.anyCategory")}
          data-testid="complaint-filter-category"
          value={filters.category}
          onChange={(category) => onChange({ category })}
          options={(options?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
        />
        <Select<Severity[]>
          mode="multiple"
          allowClear
          aria-label={t("filters.severity")}
          placeholder={t("filters.anySeverity")}
          data-testid="complaint-filter-severity"
          value={filters.severity}
          onChange={(severity) => onChange({ severity })}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) }))}
          style={{ minWidth: 160 }}
          maxTagCount="responsive"
        />
        <Select<number[]>
          mode="multiple"
          allowClear
          aria-label={t("filters.handler")}
          placeholder={t("filters.anyHandler")}
          data-testid="complaint-filter-handler"
          value={filters.handler}
          onChange={(handler) => onChange({ handler, mine: false, unassigned: false })}
          options={(options?.handlers ?? []).map((u) => ({ value: u.id, label: u.name || u.username }))}
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
        />
        <Checkbox
          checked={filters.mine}
          onChange={(e) => onChange({ mine: e.target.checked, unassigned: false, handler: [] })}
          data-testid="complaint-filter-mine"
        >
          {t("filters.mine")}
        </Checkbox>
        <Checkbox
          checked={filters.unassigned}
          onChange={(e) => onChange({ unassigned: e.target.checked, mine: false, handler: [] })}
          data-testid="complaint-filter-unassigned"
        >
          {t("filters.unassigned")}
        </Checkbox>
        <SearchBox value={filters.q} onSearch={(q) => onChange({ q })} />
        <Button onClick={onReset} data-testid="complaint-filter-reset">
          {t("filters.reset")}
        </Button>
      </Space>
    </div>
  );
}
