/**
 * `/calls`: today's calls (live, with filters), the missed-call list (ring-backs) and the
 * figures, one tab each (`?tab=`); "Log a call"; `/calls/:id` opens a call over the list.
 */
import { Button, Card, Tabs } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { TITLE_STYLE } from "../customers/FormParts";
import { CallDrawer } from "./CallDrawer";
import { CallList } from "./CallList";
import { FiguresPanel } from "./FiguresPanel";
import "./hotline.css";
import { useHotlineLive } from "./live";
import { LogCallDialog, type LogPreset } from "./LogCallDialog";
import { RingBackList } from "./RingBackList";

type TabKey = "calls" | "ringbacks" | "figures";
const TABS: TabKey[] = ["calls", "ringbacks", "figures"];

export function CallsPage() {
  const { t } = useTranslation("hotline");
  const { can } = useAuth();
  const { callId } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [logging, setLogging] = useState<LogPreset | null>(null);
  useHotlineLive();
  const asked = params.get("tab") as TabKey | null;
  const tab: TabKey = asked && TABS.includes(asked) ? asked : "calls";
  const openId = callId && /^\d+$/.test(callId) ? Number(callId) : null;

  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("title")}</h1>}
      extra={
        can("call.log") && (
          <Button type="primary" onClick={() => setLogging({})} data-testid="call-log-open">
            {t("log.button")}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "calls" ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: "calls", label: t("tabs.calls"), children: <CallList /> },
          {
            key: "ringbacks",
            label: t("tabs.ringbacks"),
            children: (
              <RingBackList
                onCallBack={(r) =>
                  setLogging({
                    direction: "outbound",
                    number: r.number,
                    queue: r.queue.id,
                    item: { id: r.id, reference: r.reference },
                  })
                }
              />
            ),
          },
          { key: "figures", label: t("tabs.figures"), children: <FiguresPanel /> },
        ]}
      />
      {openId !== null && (
        <CallDrawer
          id={openId}
          onClose={() => navigate({ pathname: "/calls", search: location.search })}
          onCallBack={setLogging}
        />
      )}
      {logging && <LogCallDialog preset={logging} onClose={() => setLogging(null)} />}
    </Card>
  );
}
