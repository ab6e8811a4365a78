import { Result, Spin } from "antd";
import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router-dom";

import { LoginPage } from "./auth/LoginPage";
import { InboxPage } from "./inbox/InboxPage";
import { AppShell } from "./shell/AppShell";

// The inbox is the landing page and ships in the first bundle; other pages load on first use.
const TicketPage = lazy(() => import("./tickets/TicketPage").then((m) => ({ default: m.TicketPage })));
const CustomerListPage = lazy(() =>
  import("./customers/CustomerListPage").then((m) => ({ default: m.CustomerListPage })),
);
const CustomerPage = lazy(() =>
  import("./customers/CustomerPage").then((m) => ({ default: m.CustomerPage })),
);
const ChatConsolePage = lazy(() =>
  import("./chat/ChatConsolePage").then((m) => ({ default: m.ChatConsolePage })),
);
const QueuesPage = lazy(() => import("./queues/QueuesPage").then((m) => ({ default: m.QueuesPage })));
const StaffingPage = lazy(() =>
  import("./staffing/StaffingPage").then((m) => ({ default: m.StaffingPage })),
);

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin style={{ margin: 48 }} />}>{children}</Suspense>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t("errors.notFound")} />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/inbox" replace />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/tickets/:ticketId" element={<Page><TicketPage /></Page>} />
        <Route path="/chats" element={<Page><ChatConsolePage /></Page>} />
        <Route path="/customers" element={<Page><CustomerListPage /></Page>} />
        <Route path="/customers/:customerId" element={<Page><CustomerPage /></Page>} />
        <Route path="/queues" element={<Page><QueuesPage /></Page>} />
        <Route path="/staffing" element={<Page><StaffingPage /></Page>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
