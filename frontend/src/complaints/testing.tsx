/** Tests only: the complaint pages at an address, signed in, with the routes they lead to. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";

import "../i18n";
import i18n from "../i18n";
import type { Me } from "../api/types";
import { AuthProvider, ME_KEY } from "../auth/AuthContext";
import { stubApi, type Call } from "../customers/testing";

type Answer = { status?: number; body?: unknown } | undefined;

/** Answers by "METHOD /path/" (without /api/v1); anything else is a 404. Calls are recorded. */
export function serve(routes: Record<string, (call: Call) => Answer>) {
  return stubApi((call) => routes[`${call.method} ${call.url.pathname.replace(/^\/api\/v1/, "")}`]?.(call));
}

export const ok = (body: unknown) => () => ({ body });
export const calls = (all: Call[], method: string, path: string) =>
  all.filter((c) => c.method === method && c.url.pathname === `/api/v1${path}`);

/** Where the app went (shown by the stand-in pages). */
function Where() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

/** ``pages`` maps route patterns to elements; others lead to stand-ins that show the address. */
export function renderRoutes(pages: Record<string, ReactElement>, { me, path }: { me: Me; path: string }) {
  void i18n.changeLanguage("en");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  client.setQueryData(ME_KEY, me);
  const standIns = ["/complaints", "/complaints/:complaintId", "/tickets/:ticketId", "/orders/:orderId", "/customers/:customerId"];
  const result = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <AntApp>
            <Routes>
              {Object.entries(pages).map(([route, element]) => (
                <Route key={route} path={route} element={element} />
              ))}
              {standIns
                .filter((route) => !(route in pages))
                .map((route) => (
                  <Route key={route} path={route} element={<Where />} />
                ))}
            </Routes>
          </AntApp>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, client };
}
