/** Who is signed in, sign-in and sign-out, and what to do when the session ends. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";

import { api, ApiError, ensureCsrf, SESSION_EXPIRED_EVENT } from "../api/client";
import type { Me } from "../api/types";

export const ME_KEY = ["me"] as const;

interface AuthValue {
  me: Me | null;
  loading: boolean;
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
  const location = useLocation();
  const { data, isLoading } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });

  useEffect(() => {
    const onExpired = () => {
      client.setQueryData(ME_KEY, null);
      if (!location.pathname.startsWith("/login")) {
        const next = encodeURIComponent(location.pathname + location.search);
        navigate(`/login?expired=1&next=${next}`, { replace: true });
      }
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, [client, navigate, location]);

  const login = useCallback(
    async (username: string, password: string) => {
      await ensureCsrf();
      const me = await api<Me>("/auth/login/", { body: { username, password } });
      client.clear();
      client.setQueryData(ME_KEY, me);
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
      login,
      logout,
      can: (permission) => Boolean(me?.permissions.includes(permission)),
      hasRole: (...roles) => Boolean(me?.roles.some((r) => roles.includes(r))),
    };
  }, [data, isLoading, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
