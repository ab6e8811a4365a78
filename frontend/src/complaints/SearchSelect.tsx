/** A select that asks the server as you type (after a short pause): work items, orders, customers. */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { fetchOrders } from "../orders/api";
import { parseReference } from "../tickets/api";
import { api } from "../api/client";
import type { CustomerRow, Page } from "../api/types";
import { searchWork } from "./api";

export interface Found {
  value: number;
  label: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export const SEARCHES = {
  /** Tickets, chats and calls the user may see, by number ("C-000042", "42") or subject. */
  work: async (text: string, signal: AbortSignal): Promise<Found[]> => {
    const id = parseReference(text);
    const page = await searchWork(id !== null ? String(id) : text, signal);
    return page.results.map((w) => ({ value: w.id, label: `${w.reference} · ${w.kind_display} · ${w.subject}` }));
  },
  /** Orders by reference or phone number. */
  order: async (text: string, signal: AbortSignal): Promise<Found[]> => {
    const page = await fetchOrders({ q: text }, signal);
    return page.results.map((o) => ({
      value: o.id,
      label: `${o.reference} · ${o.product.name} · ${o.account}${o.customer ? ` · ${o.customer.name}` : ""}`,
    }));
  },
  /** Customer files by name, phone or e-mail (each search is recorded by the server). */
  customer: async (text: string, signal: AbortSignal): Promise<Found[]> => {
    const page = await api<Page<CustomerRow>>("/customers/", { query: { q: text, page_size: 10 }, signal });
    return page.results.map((c) => ({ value: c.id, label: c.name }));
  },
} as const;

export function SearchSelect({
  kind,
  value,
  onChange,
  minLength = 1,
  testId,
  placeholder,
  id,
}: {
  kind: keyof typeof SEARCHES;
  value?: number;
  onChange?: (value: number | undefined) => void;
  minLength?: number;
  testId?: string;
  placeholder?: string;
  id?: string;
}) {
  const { t } = useTranslation("complaints");
  const [text, setText] = useState("");
  const term = useDebounced(text.trim(), 350);
  const [chosen, setChosen] = useState<Found | null>(null);
  const found = useQuery({
    queryKey: ["complaint-search", kind, term],
    queryFn: ({ signal }) => SEARCHES[kind](term, signal),
    enabled: term.length >= minLength,
    staleTime: 30_000,
  });
  const options = [...(chosen && !found.data?.some((f) => f.value === chosen.value) ? [chosen] : []), ...(found.data ?? [])];
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      placeholder={placeholder ?? t("search.placeholder")}
      notFoundContent={term.length >= minLength && !found.isFetching ? t("search.none") : null}
      loading={found.isFetching}
      options={options}
      onChange={(next) => {
        setChosen(options.find((o) => o.value === next) ?? null);
        onChange?.(next);
      }}
      data-testid={testId}
      style={{ width: "100%" }}
    />
  );
}
