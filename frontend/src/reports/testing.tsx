/** Tests only: the report pages at an address, signed in, with stand-ins where their links lead. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { vi } from "vitest";

import "../i18n";
import i18n from "../i18n";
import type { Me } from "../api/types";
import { AuthProvider, ME_KEY } from "../auth/AuthContext";

function Where() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

const STAND_INS = [
  "/inbox",
  "/quality/ledger",
  "/quality/ranking",
  "/tickets/:ticketId",
  "/calls/:callId",
  "/complaints/:complaintId",
  "/reports",
  "/reports/daily",
];

export function renderReport(route: string, element: ReactElement, { me, path }: { me: Me; path: string }) {
  void i18n.changeLanguage("en");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(ME_KEY, me);
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <AntApp>
            <Routes>
              <Route path={route} element={element} />
              {STAND_INS.filter((r) => r !== route).map((r) => (
                <Route key={r} path={r} element={<Where />} />
              ))}
            </Routes>
          </AntApp>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Downloads need object URLs (jsdom has none) and a link click (no navigation in jsdom). */
export function stubDownloads() {
  const created = vi.fn((_blob: Blob) => "blob:report");
  Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
  const clicks = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  return { created, clicks };
}
