/**
 * `/complaints/:complaintId`: one complaint. The header (stage, severity, SLA, what waits) with the
 * workflow's buttons the detail's `actions` allow; the resolution, the remedies and the evidence
 * timeline; the facts (customer, source, orders) and the findings.
 */
import { Alert, Button, Card, Col, Result, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { ApiError } from "../api/client";
import { useNow } from "../common/useNow";
import { TITLE_STYLE } from "../customers/FormParts";
import type { ComplaintDetail } from "./api";
import { EvidenceCard } from "./Evidence";
import { FactsCard, ResolutionCard } from "./Facts";
import { FindingsCard } from "./Findings";
import { useComplaintLive } from "./live";
import { ComplaintError, complaintErrorText, SeverityTag, SlaBadge, StageTag } from "./parts";
import { useComplaint, useComplaintOptions } from "./queries";
import { RemediesCard } from "./Remedies";
import { WorkflowActions } from "./WorkflowActions";
import "./complaints.css";

function NotFound() {
  const { t } = useTranslation("complaints");
  return (
    <Result
      status="404"
      title={t("detail.notFound")}
      data-testid="complaint-not-found"
      extra={
        <Link to="/complaints">
          <Button type="primary">{t("detail.back")}</Button>
        </Link>
      }
    />
  );
}

export function ComplaintPage() {
  const id = Number(useParams().complaintId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFound />;
  return <ComplaintView key={id} id={id} />;
}

function ComplaintView({ id }: { id: number }) {
  const { t } = useTranslation("complaints");
  const { t: tc } = useTranslation();
  const detail = useComplaint(id);
  const options = useComplaintOptions();
  const now = useNow(30_000);
  const [actionError, setActionError] = useState<unknown>(null);
  useComplaintLive(id);

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403)) return <NotFound />;
    return (
      <Result
        status="error"
        title={complaintErrorText(detail.error, tc("errors.generic"))}
        extra={<Button onClick={() => void detail.refetch()}>{tc("actions.retry")}</Button>}
      />
    );
  }
  const c = detail.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        data-testid="complaint-header"
        title={
          <Space wrap>
            <Link to="/complaints">{t("detail.back")}</Link>
            <h1 style={TITLE_STYLE} data-testid="complaint-reference">
              {c.reference}
            </h1>
            <StageTag stage={c.stage} testId="complaint-stage" />
            <SeverityTag severity={c.severity} testId="complaint-severity" />
            <SlaBadge sla={c.sla} now={now} testId="complaint-sla" />
            {c.appeal_round > 0 && <Tag color="volcano">{t("card.appeal", { round: c.appeal_round })}</Tag>}
            {c.outcome && <Tag data-testid="complaint-outcome">{t(`outcomes.${c.outcome}`)}</Tag>}
          </Space>
        }
        extra={<WorkflowActions complaint={c} options={options.data} onError={setActionError} />}
      >
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="complaint-subject">
          {c.subject}
        </Typography.Title>
        {actionError !== null && <ComplaintError error={actionError} testId="complaint-action-error" />}
        <NextStep complaint={c} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <ResolutionCard complaint={c} />
            <RemediesCard complaint={c} />
            <EvidenceCard complaint={c} />
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <FactsCard complaint={c} />
            <FindingsCard complaint={c} options={options.data} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** What the complaint waits for, in words; a manager's reason for sending it back. */
function NextStep({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const sentBack = c.stage === "sent_back" ? [...c.steps].reverse().find((s) => s.action === "send_back") : undefined;
  return (
    <Alert
      type={c.stage === "sent_back" ? "warning" : c.stage === "closed" ? "success" : "info"}
      showIcon
      title={t(`next.${c.stage}`)}
      description={sentBack?.reason ? t("next.sentBackWhy", { reason: sentBack.reason }) : undefined}
      data-testid="complaint-next"
    />
  );
}
