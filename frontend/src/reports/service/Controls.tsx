/** The service report's period, grouping and filters, kept in the URL (reload and links keep them). */
import { DatePicker, Select, Space } from "antd";
import dayjs from "dayjs";
import { useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";

import { useAuth } from "../../auth/AuthContext";
import { KINDS } from "../../inbox/filters";
import { DIMENSIONS, type Dimension, type ServiceQuery } from "../api";
import { presetOf, presetRange, PRESETS, type Preset } from "../format";
import { useAgentChoices, useQueueChoices } from "../queries";

const ids = (raw: string | null) =>
  (raw ?? "")
    .split(",")
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
const positive = (raw: string | null) => (raw && /^\d+$/.test(raw) ? Number(raw) : null);

/** The report's query from the address (defaults: this month so far, by queue). */
export function useServiceQuery(): [ServiceQuery, (change: Partial<ServiceQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const [first, last] = presetRange("month");
  const by = params.get("by");
  const query: ServiceQuery = {
    from: params.get("from") || first,
    to: params.get("to") || last,
    by: (DIMENSIONS as readonly string[]).includes(by ?? "") ? (by as Dimension) : "queue",
    queue: ids(params.get("queue")),
    kind: params.get("kind") || null,
    agent: positive(params.get("agent")),
  };
  const update = (change: Partial<ServiceQuery>) => {
    const next = { ...query, ...change };
    const out = new URLSearchParams();
    out.set("from", next.from);
    out.set("to", next.to);
    out.set("by", next.by);
    if (next.queue.length) out.set("queue", next.queue.join(","));
    if (next.kind) out.set("kind", next.kind);
    if (next.agent) out.set("agent", String(next.agent));
    setParams(out, { replace: true });
  };
  return [query, update];
}

export function Controls({ query, onChange }: { query: ServiceQuery; onChange: (c: Partial<ServiceQuery>) => void }) {
  const { t } = useTranslation("reports");
  const { can } = useAuth();
  const queues = useQueueChoices();
  const agents = useAgentChoices(can("user.read"));
  const preset = presetOf(query.from, query.to);
  const choosePreset = (value: Preset) => {
    if (value === "custom") return;
    const [from, to] = presetRange(value);
    onChange({ from, to });
  };
  return (
    <Space wrap className="no-print" data-testid="service-controls">
      <Select<Preset>
        aria-label={t("service.period")}
        value={preset}
        onChange={choosePreset}
        style={{ width: 150 }}
        options={PRESETS.map((p) => ({ value: p, label: t(`service.presets.${p}`) }))}
        data-testid="period-preset"
      />
      <DatePicker.RangePicker
        aria-label={t("service.range")}
        allowClear={false}
        value={[dayjs(query.from), dayjs(query.to)]}
        onChange={(range) => {
          if (range?.[0] && range[1]) onChange({ from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD") });
        }}
        data-testid="period-range"
      />
      <Select<Dimension>
        aria-label={t("service.by")}
        value={query.by}
        onChange={(by) => onChange({ by })}
        style={{ width: 130 }}
        options={DIMENSIONS.map((d) => ({ value: d, label: `${t("service.by")}: ${t(`service.dimensions.${d}`)}` }))}
        data-testid="by-select"
      />
      <Select<number[]>
        mode="multiple"
        allowClear
        aria-label={t("service.queue")}
        placeholder={t("service.anyQueue")}
        value={query.queue}
        onChange={(queue) => onChange({ queue })}
        style={{ minWidth: 180 }}
        loading={queues.isPending}
        options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        optionFilterProp="label"
        data-testid="queue-filter"
      />
      <Select<string>
        allowClear
        aria-label={t("service.kind")}
        placeholder={t("service.anyKind")}
        value={query.kind ?? undefined}
        onChange={(kind) => onChange({ kind: kind ?? null })}
        style={{ width: 150 }}
        options={KINDS.map((k) => ({ value: k, label: t(`service.kinds.${k}`) }))}
        data-testid="kind-filter"
      />
      <Select<number>
        allowClear
        showSearch
        aria-label={t("service.agent")}
        placeholder={t("service.anyAgent")}
        value={query.agent ?? undefined}
        onChange={(agent) => onChange({ agent: agent ?? null })}
        style={{ width: 180 }}
        optionFilterProp="label"
        options={(agents.data ?? []).map((u) => ({ value: u.id, label: u.name || u.username }))}
        data-testid="agent-filter"
      />
    </Space>
  );
}
