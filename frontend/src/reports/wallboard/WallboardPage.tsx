/** `/wallboard`: the supervisors' live wallboard (docs/wallboard.md). Big numbers for a wall
 * screen, a row per queue, the agents; updated live, the longest wait ticking in between. */
import { FullscreenExitOutlined, FullscreenOutlined } from "@ant-design/icons";
import { Alert, Badge, Button, Col, Row, Space, Spin, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime, formatDuration } from "../../common/time";
import { waitedSeconds } from "./api";
import { useNow, useWallboard } from "./live";
import { AgentList, BigFigure, QueueTable } from "./parts";
import "./wallboard.css";

function useFullScreen(target: React.RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const onChange = () => setActive(Boolean(document.fullscreenElement));
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.();
    else void target.current?.requestFullscreen?.();
  };
  return { active, toggle };
}

export function WallboardPage() {
  const { t } = useTranslation("wallboard");
  const { data, isError, connected } = useWallboard();
  const now = useNow();
  const root = useRef<HTMLDivElement>(null);
  const fullScreen = useFullScreen(root);

  if (isError && !data) return <Alert type="error" message={t("loadFailed")} />;
  if (!data) return <Spin />;
  const totals = data.totals;
  const waited = waitedSeconds(totals.longest_wait_since, now);
  const dash = (n: number | null) => (n === null ? t("unknown") : n);

  return (
    <div className="wallboard" ref={root}>
      <Space className="wallboard-header" align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t("title")}
        </Typography.Title>
        <span data-testid="wallboard-live" data-connected={connected}>
          <Badge status={connected ? "processing" : "warning"} text={connected ? t("live") : t("offline")} />
        </span>
        <Typography.Text type="secondary">{t("updatedAt", { time: formatDateTime(data.generated_at) })}</Typography.Text>
        <Button
          icon={fullScreen.active ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
          onClick={fullScreen.toggle}
        >
          {fullScreen.active ? t("exitFullScreen") : t("fullScreen")}
        </Button>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <BigFigure testId="wb-waiting-chats" label={t("figures.waiting_chats")} value={totals.waiting_chats} />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure
            testId="wb-waiting-calls"
            label={t("figures.waiting_calls")}
            value={totals.waiting_calls}
            detail={t("callsDetail", { ringing: totals.calls_ringing, ringbacks: totals.ringbacks_open })}
          />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure testId="wb-waiting-other" label={t("figures.waiting_other")} value={totals.waiting_other} />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure
            testId="wb-longest-wait"
            label={t("figures.longest_wait")}
            value={waited === null ? t("noWait") : formatDuration(waited)}
            detail={totals.longest_wait_since ? t("since", { time: formatDateTime(totals.longest_wait_since) }) : undefined}
            tone={waited !== null && waited >= 600 ? "danger" : waited !== null && waited >= 120 ? "warning" : "normal"}
          />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure testId="wb-agents-online" label={t("figures.agents_online")} value={dash(totals.agents_online)} />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure testId="wb-agents-on-shift" label={t("figures.agents_on_shift")} value={totals.agents_on_shift} />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure
            testId="wb-sla-at-risk"
            label={t("figures.sla_at_risk")}
            value={totals.sla_at_risk}
            tone={totals.sla_at_risk ? "warning" : "normal"}
          />
        </Col>
        <Col xs={12} md={6}>
          <BigFigure
            testId="wb-sla-breached"
            label={t("figures.sla_breached_open")}
            value={totals.sla_breached_open}
            tone={totals.sla_breached_open ? "danger" : "normal"}
          />
        </Col>
      </Row>
      <Typography.Title level={3}>{t("queues")}</Typography.Title>
      <QueueTable rows={data.queues} now={now} />
      <Typography.Title level={3}>{t("agents")}</Typography.Title>
      <AgentList agents={data.agents} />
    </div>
  );
}
