/**
 * Server state for customer files. Every read of a file, its timeline and every search is
 * audited by the server, so these queries stay fresh for a while instead of refetching.
 */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../api/client";
import type { Contact, Customer, CustomerAuditEntry, CustomerRow, Page, WorkItem } from "../api/types";

/** Audited reads are not repeated for five minutes unless something changed. */
export const AUDITED_STALE_TIME = 5 * 60_000;
export const PAGE_SIZE = 20;

export const customerKeys = {
  search: (q: string, page: number) => ["customers", { q, page }] as const,
  file: (id: number) => ["customer", id] as const,
  timeline: (id: number, page: number) => ["customer", id, "timeline", page] as const,
  audit: (id: number, page: number) => ["customer", id, "audit", page] as const,
};

/** ``q === null``: nothing searched yet, so nothing is fetched (and nothing audited). */
export function useCustomerSearch(q: string | null, page: number) {
  return useQuery({
    queryKey: customerKeys.search(q ?? "", page),
    queryFn: ({ signal }) =>
      api<Page<CustomerRow>>("/customers/", {
        query: { q: q ?? "", page, page_size: PAGE_SIZE },
        signal,
      }),
    enabled: q !== null,
    staleTime: AUDITED_STALE_TIME,
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: number) {
  return useQuery({
    queryKey: customerKeys.file(id),
    queryFn: ({ signal }) => api<Customer>(`/customers/${id}/`, { signal }),
    enabled: Number.isFinite(id),
    staleTime: AUDITED_STALE_TIME,
  });
}

export function useTimeline(id: number, page: number, enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.timeline(id, page),
    queryFn: ({ signal }) =>
      api<Page<WorkItem>>(`/customers/${id}/timeline/`, {
        query: { page, page_size: PAGE_SIZE },
        signal,
      }),
    enabled,
    staleTime: AUDITED_STALE_TIME,
    placeholderData: keepPreviousData,
  });
}

export function useAudit(id: number, page: number, enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.audit(id, page),
    queryFn: ({ signal }) =>
      api<Page<CustomerAuditEntry>>(`/customers/${id}/audit/`, {
        query: { page, page_size: PAGE_SIZE },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function byPrimaryKindId(a: Contact, b: Contact): number {
  if (a.is_primary !== b.is_primary) return a.is_primary ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.id - b.id;
}

/** The contacts after adding ``added``: a primary one demotes the other primary of its kind. */
export function withContactAdded(contacts: Contact[], added: Contact): Contact[] {
  const others = contacts.map((c) =>
    added.is_primary && c.kind === added.kind ? { ...c, is_primary: false } : c,
  );
  return [...others, added].sort(byPrimaryKindId);
}

/** The contacts after removing one: the oldest of its kind left becomes primary if needed. */
export function withContactRemoved(contacts: Contact[], removedId: number): Contact[] {
  const removed = contacts.find((c) => c.id === removedId);
  const left = contacts.filter((c) => c.id !== removedId);
  if (removed?.is_primary) {
    const heir = left.filter((c) => c.kind === removed.kind).sort((a, b) => a.id - b.id)[0];
    if (heir) return left.map((c) => (c.id === heir.id ? { ...c, is_primary: true } : c)).sort(byPrimaryKindId);
  }
  return left;
}

/**
 * After a write: the answer (or the change) goes into the cached file without reading it again
 * (a read would be audited); the audit list and searches are marked stale.
 */
export function useCustomerCache(id: number) {
  const client = useQueryClient();
  return {
    setFile: (customer: Customer) => client.setQueryData(customerKeys.file(id), customer),
    updateContacts: (change: (contacts: Contact[]) => Contact[]) =>
      client.setQueryData<Customer>(customerKeys.file(id), (old) =>
        old ? { ...old, contacts: change(old.contacts) } : old,
      ),
    afterWrite: () => {
      void client.invalidateQueries({ queryKey: ["customer", id, "audit"] });
      void client.invalidateQueries({ queryKey: ["customers"], refetchType: "none" });
    },
  };
}
