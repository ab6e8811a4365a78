/**
 * `/orders`: the channel panel (order handlers), order search (everyone who reads orders) and the
 * day's channel report (order handlers), one tab each (`?tab=`).
 */
import { Card, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { TITLE_STYLE } from "../customers/FormParts";
import { ChannelPanel } from "./ChannelPanel";
import { ChannelReport } from "./ChannelReport";
import { OrderSearch } from "./OrderSearch";

type TabKey = "channels" | "orders" | "report";

export function OrdersPage() {
  const { t } = useTranslation("orders");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const handles = can("order.handle");
  const asked = params.get("tab");
  const tab: TabKey = !handles ? "orders" : asked === "orders" || asked === "report" ? asked : "channels";

  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("title")}</h1>}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "channels" ? {} : { tab: key })}
        destroyOnHidden
        items={[
          ...(handles ? [{ key: "channels", label: t("tabs.channels"), children: <ChannelPanel /> }] : []),
          { key: "orders", label: t("tabs.orders"), children: <OrderSearch /> },
          ...(handles ? [{ key: "report", label: t("tabs.report"), children: <ChannelReport /> }] : []),
        ]}
      />
    </Card>
  );
}
