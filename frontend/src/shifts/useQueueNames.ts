/** Queue names by id: the queues the user can list, and the ones they work in. */
import { useCallback, useMemo } from "react";

import { useAuth } from "../auth/AuthContext";
import { useQueues } from "../queues/queries";

export function useQueueNames(): (id: number) => string {
  const { me } = useAuth();
  const queues = useQueues();
  const names = useMemo(() => {
    const byId = new Map<number, string>();
    for (const q of me?.queues ?? []) byId.set(q.queue, q.queue_name);
    for (const q of queues.data ?? []) byId.set(q.id, q.name);
    return byId;
  }, [me, queues.data]);
  return useCallback((id: number) => names.get(id) ?? `#${id}`, [names]);
}
