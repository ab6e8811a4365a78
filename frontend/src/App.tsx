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
const DemandPage = lazy(() => import("./staffing/DemandPage").then((m) => ({ default: m.DemandPage })));
const ShiftTypesPage = lazy(() =>
  import("./shifts/ShiftTypesPage").then((m) => ({ default: m.ShiftTypesPage })),
);
const LeavePage = lazy(() => import("./shifts/LeavePage").then((m) => ({ default: m.LeavePage })));
const RulesPage = lazy(() => import("./shifts/RulesPage").then((m) => ({ default: m.RulesPage })));
const RostersPage = lazy(() => import("./shifts/RostersPage").then((m) => ({ default: m.RostersPage })));
const RosterPage = lazy(() => import("./shifts/RosterPage").then((m) => ({ default: m.RosterPage })));
const EscalationsPage = lazy(() =>
  import("./sla/EscalationsPage").then((m) => ({ default: m.EscalationsPage })),
);
const SlaSettingsPage = lazy(() =>
  import("./sla/SlaSettingsPage").then((m) => ({ default: m.SlaSettingsPage })),
);
const OrdersPage = lazy(() => import("./orders/OrdersPage").then((m) => ({ default: m.OrdersPage })));
const OrderPage = lazy(() => import("./orders/OrderPage").then((m) => ({ default: m.OrderPage })));
const ComplaintBoardPage = lazy(() =>
  import("./complaints/ComplaintBoardPage").then((m) => ({ default: m.ComplaintBoardPage })),
);
const ComplaintPage = lazy(() => import("./complaints/ComplaintPage").then((m) => ({ default: m.ComplaintPage })));
const ComplaintReportsPage = lazy(() =>
  import("./complaints/ReportsPage").then((m) => ({ default: m.ReportsPage })),
);
const CallsPage = lazy(() => import("./hotline/CallsPage").then((m) => ({ default: m.CallsPage })));
const WallboardPage = lazy(() =>
  import("./reports/wallboard/WallboardPage").then((m) => ({ default: m.WallboardPage })),
);
const ServiceReportPage = lazy(() =>
  import("./reports/service/ServicePage").then((m) => ({ default: m.ServicePage })),
);
const DailyProblemsPage = lazy(() =>
  import("./reports/daily/DailyProblemsPage").then((m) => ({ default: m.DailyProblemsPage })),
);
const MonthlyReportPage = lazy(() =>
  import("./reports/monthly/MonthlyReportPage").then((m) => ({ default: m.MonthlyReportPage })),
);
const RatePage = lazy(() => import("./quality/RatePage").then((m) => ({ default: m.RatePage })));
const SurveyPage = lazy(() => import("./quality/surveys/SurveyPage").then((m) => ({ default: m.SurveyPage })));
const SurveyCampaignsPage = lazy(() =>
  import("./quality/surveys/CampaignsPage").then((m) => ({ default: m.CampaignsPage })),
);
const SatisfactionPage = lazy(() =>
  import("./quality/surveys/SatisfactionPage").then((m) => ({ default: m.SatisfactionPage })),
);
const SatisfactionReportPage = lazy(() =>
  import("./quality/surveys/ReportPage").then((m) => ({ default: m.ReportPage })),
);
const QualityLedgerPage = lazy(() =>
  import("./quality/performance/LedgerPage").then((m) => ({ default: m.LedgerPage })),
);
const MyQualityPage = lazy(() =>
  import("./quality/performance/MyQualityPage").then((m) => ({ default: m.MyQualityPage })),
);
const QualityRankingPage = lazy(() =>
  import("./quality/performance/RankingPage").then((m) => ({ default: m.RankingPage })),
);
const QualityReviewsPage = lazy(() =>
  import("./quality/performance/ReviewsPage").then((m) => ({ default: m.ReviewsPage })),
);
const QualityActionsPage = lazy(() =>
  import("./quality/performance/ActionsPage").then((m) => ({ default: m.ActionsPage })),
);
const MyShiftsPage = lazy(() => import("./shifts/MyShiftsPage").then((m) => ({ default: m.MyShiftsPage })));

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
      <Route path="/rate/:token" element={<Page><RatePage /></Page>} />
      <Route path="/survey/:token" element={<Page><SurveyPage /></Page>} />
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/inbox" replace />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/tickets/:ticketId" element={<Page><TicketPage /></Page>} />
        <Route path="/chats" element={<Page><ChatConsolePage /></Page>} />
        <Route path="/calls" element={<Page><CallsPage /></Page>} />
        <Route path="/calls/:callId" element={<Page><CallsPage /></Page>} />
        <Route path="/customers" element={<Page><CustomerListPage /></Page>} />
        <Route path="/customers/:customerId" element={<Page><CustomerPage /></Page>} />
        <Route path="/queues" element={<Page><QueuesPage /></Page>} />
        <Route path="/staffing" element={<Page><StaffingPage /></Page>} />
        <Route path="/staffing/demand" element={<Page><DemandPage /></Page>} />
        <Route path="/shifts/types" element={<Page><ShiftTypesPage /></Page>} />
        <Route path="/shifts/leave" element={<Page><LeavePage /></Page>} />
        <Route path="/shifts/me" element={<Page><RulesPage /></Page>} />
        <Route path="/shifts/rosters" element={<Page><RostersPage /></Page>} />
        <Route path="/shifts/rosters/:periodId" element={<Page><RosterPage /></Page>} />
        <Route path="/shifts/mine" element={<Page><MyShiftsPage /></Page>} />
        <Route path="/escalations" element={<Page><EscalationsPage /></Page>} />
        <Route path="/sla" element={<Page><SlaSettingsPage /></Page>} />
        <Route path="/orders" element={<Page><OrdersPage /></Page>} />
        <Route path="/orders/:orderId" element={<Page><OrderPage /></Page>} />
        <Route path="/complaints" element={<Page><ComplaintBoardPage /></Page>} />
        <Route path="/complaints/reports" element={<Page><ComplaintReportsPage /></Page>} />
        <Route path="/wallboard" element={<Page><WallboardPage /></Page>} />
        <Route path="/reports" element={<Page><ServiceReportPage /></Page>} />
        <Route path="/reports/daily" element={<Page><DailyProblemsPage /></Page>} />
        <Route path="/reports/monthly/:month?" element={<Page><MonthlyReportPage /></Page>} />
        <Route path="/complaints/:complaintId" element={<Page><ComplaintPage /></Page>} />
        <Route path="/quality/ledger" element={<Page><QualityLedgerPage /></Page>} />
        <Route path="/quality/me" element={<Page><MyQualityPage /></Page>} />
        <Route path="/quality/ranking" element={<Page><QualityRankingPage /></Page>} />
        <Route path="/quality/reviews" element={<Page><QualityReviewsPage /></Page>} />
        <Route path="/quality/actions" element={<Page><QualityActionsPage /></Page>} />
        <Route path="/quality/surveys" element={<Page><SurveyCampaignsPage /></Page>} />
        <Route path="/quality/satisfaction" element={<Page><SatisfactionPage /></Page>} />
        <Route path="/quality/satisfaction/reports/:reportId" element={<Page><SatisfactionReportPage /></Page>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
