import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router-dom";

import { LoginPage } from "./auth/LoginPage";
import { CustomerListPage } from "./customers/CustomerListPage";
import { CustomerPage } from "./customers/CustomerPage";
import { InboxPage } from "./inbox/InboxPage";
import { QueuesPage } from "./queues/QueuesPage";
import { AppShell } from "./shell/AppShell";
import { TicketPage } from "./tickets/TicketPage";

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
        <Route path="/tickets/:ticketId" element={<TicketPage />} />
        <Route path="/customers" element={<CustomerListPage />} />
        <Route path="/customers/:customerId" element={<CustomerPage />} />
        <Route path="/queues" element={<QueuesPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
