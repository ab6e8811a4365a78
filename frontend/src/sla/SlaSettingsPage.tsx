/** `/sla`: business calendars, which queue runs on which, policies and escalation chains. */
import { Card, Result, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { TITLE_STYLE } from "../customers/FormParts";
import { CalendarsTab } from "./CalendarsTab";
import { ChainsTab } from "./ChainsTab";
import { PoliciesTab } from "./PoliciesTab";
import { QueueCalendarsTab } from "./QueueCalendarsTab";

const TABS = ["policies", "calendars", "queues", "chains"] as const;
type Tab = (typeof TABS)[number];

export function SlaSettingsPage() {
  const { t } = useTranslation("sla");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab") as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : "policies";
  if (!can("sla.manage")) return <Result status="403" title="403" subTitle={t("settings.forbidden")} />;
  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("settings.title")}</h1>}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "policies" ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: "policies", label: t("settings.tabs.policies"), children: <PoliciesTab /> },
          { key: "calendars", label: t("settings.tabs.calendars"), children: <CalendarsTab /> },
          { key: "queues", label: t("settings.tabs.queues"), children: <QueueCalendarsTab /> },
          { key: "chains", label: t("settings.tabs.chains"), children: <ChainsTab /> },
        ]}
      />
    </Card>
  );
}
