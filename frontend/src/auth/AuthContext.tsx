/** Who is signed in, sign-in and sign-out, and what to do when the session ends. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { useNavigate } from "react-router-dom";

import { api, ApiError, ensureCsrf, SESSION_EXPIRED_EVENT } from "../api/client";
import type { Me } from "../api/types";

export const ME_KEY = ["me"] as const;

interface AuthValue {
  me: Me | null;
  loading: boolean;
  /** The session ended on the server (a 401): the sign-in page says so. */
  expired: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
  hasRole: (...roles: string[]) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>("/me/");
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [expired, setExpired] = useState(false);
  const { data, isLoading } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });

  useEffect(() => {
    // The shell sees no user and sends the page to sign-in, with `expired` and `next`.
    const onExpired = () => {
      if (client.getQueryData(ME_KEY)) setExpired(true);
      client.setQueryData(ME_KEY, null);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, [client]);

  const login = useCallback(
    async (username: string, password: string) => {
      await ensureCsrf();
      const me = await api<Me>("/auth/login/", { body: { username, password } });
      client.clear();
      client.setQueryData(ME_KEY, me);
      setExpired(false);
      return me;
    },
    [client],
  );

  const logout = useCallback(async () => {
    try {
      await api("/auth/logout/", { method: "POST" });
    } finally {
      client.clear();
      client.setQueryData(ME_KEY, null);
      navigate("/login", { replace: true });
    }
  }, [client, navigate]);

  const value = useMemo<AuthValue>(() => {
    const me = data ?? null;
    return {
      me,
      loading: isLoading,
      expired,
      login,
      logout,
      can: (permission) => Boolean(me?.permissions.includes(permission)),
      hasRole: (...roles) => Boolean(me?.roles.some((r) => roles.includes(r))),
    };
  }, [data, isLoading, expired, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
