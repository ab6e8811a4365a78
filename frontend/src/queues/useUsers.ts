import { useQuery } from "@tanstack/react-query";

import { api } from "../api/client";
import type { Page, UserRow } from "../api/types";

/** Active users (needs `user.read`: managers and supervisors). One page of 200 is plenty here. */
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ["users"],
    queryFn: ({ signal }) =>
      api<Page<UserRow>>("/users/", { query: { page_size: 200 }, signal }).then((p) => p.results),
    enabled,
    staleTime: 5 * 60_000,
  });
}
