/**
 * The customer's satisfaction rating, opened from the emailed link `/rate/<token>`
 * (`QUALITY_RATING_URL` + token). Public: outside the signed-in shell, the token is the key.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Form, Input, Rate, Result, Spin, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { ApiError } from "../api/client";
import { formatDateTime } from "../common/time";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { fetchRateTarget, submitRating } from "./api";

type Problem = "invalid" | "expired" | "used" | "alreadyRated" | "generic";

/** What went wrong with the link, from the API's error (docs/quality.md). */
export function linkProblem(error: unknown): Problem {
  if (!(error instanceof ApiError)) return "generic";
  if (error.code === "link_expired") return "expired";
  if (error.code === "link_used") return "used";
  if (error.code === "already_rated") return "alreadyRated";
  if (error.code === "invalid_link" || error.status === 404) return "invalid";
  return "generic";
}

const RESULT_STATUS = {
  invalid: "error",
  expired: "warning",
  used: "info",
  alreadyRated: "info",
  generic: "error",
} as const;

interface Values {
  score: number;
  comment?: string;
}

const pageStyle = {
  minHeight: "100vh",
  display: "flex",
  justifyContent: "center",
  alignItems: "flex-start",
  padding: "24px 12px",
  background: "#f5f5f5",
  boxSizing: "border-box",
} as const;

export function RatePage() {
  const { t } = useTranslation("quality");
  const { token = "" } = useParams();
  const [form] = Form.useForm<Values>();
  const [score, setScore] = useState(0);

  const target = useQuery({
    queryKey: ["quality", "rate", token],
    queryFn: ({ signal }) => fetchRateTarget(token, signal),
    retry: false,
    staleTime: Infinity,
  });
  const send = useMutation({
    mutationFn: (values: Values) => submitRating(token, values.score, values.comment?.trim() ?? ""),
  });

  // A refused submission because of the link itself (expired, used, rated meanwhile) ends the page;
  // anything else (a network failure) lets the customer try again.
  const sendProblem = send.error ? linkProblem(send.error) : null;
  const problem: Problem | null = target.error
    ? linkProblem(target.error)
    : sendProblem && sendProblem !== "generic"
      ? sendProblem
      : null;

  let body;
  if (target.isPending) {
    body = (
      <div style={{ textAlign: "center", padding: 32 }}>
        <Spin aria-label={t("rate.loading")} />
      </div>
    );
  } else if (problem) {
    body = (
      <Result
        status={RESULT_STATUS[problem]}
        title={t(`rate.errorTitle.${problem === "alreadyRated" ? "used" : problem}`)}
        subTitle={<span data-testid="rate-problem">{t(`rate.errors.${problem}`)}</span>}
      />
    );
  } else if (send.isSuccess) {
    body = (
      <Result
        status="success"
        title={t("rate.thanksTitle")}
        subTitle={<span data-testid="rate-thanks">{t("rate.thanksText")}</span>}
      />
    );
  } else if (target.data) {
    const item = target.data;
    const kind = t(`rate.kind.${item.kind}`, { defaultValue: item.kind });
    body = (
      <>
        <Typography.Paragraph>{t("rate.intro")}</Typography.Paragraph>
        <Descriptions column={1} size="small" bordered data-testid="rate-target" style={{ marginBottom: 24 }}>
          <Descriptions.Item label={t("rate.subject")}>{item.subject}</Descriptions.Item>
          <Descriptions.Item label={t("rate.reference")}>
            {item.reference} · {kind}
          </Descriptions.Item>
          {item.agent && <Descriptions.Item label={t("rate.helpedBy")}>{item.agent}</Descriptions.Item>}
          {item.queue && <Descriptions.Item label={t("rate.team")}>{item.queue}</Descriptions.Item>}
          {item.resolved_at && (
            <Descriptions.Item label={t("rate.resolvedAt")}>{formatDateTime(item.resolved_at)}</Descriptions.Item>
          )}
        </Descriptions>
        {send.error && (
          <Alert type="error" showIcon role="alert" title={t("rate.errors.generic")} style={{ marginBottom: 16 }} />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => send.mutate(values)}
        >
          <Form.Item
            label={t("rate.score")}
            name="score"
            rules={[{ required: true, type: "number", min: 1, max: 5, message: t("rate.scoreRequired") }]}
            extra={score ? t(`rate.scores.${score}`) : undefined}
          >
            <Rate
              aria-label={t("rate.score")}
              tooltips={[1, 2, 3, 4, 5].map((n) => t(`rate.scores.${n}`))}
              onChange={setScore}
              style={{ fontSize: 32 }}
            />
          </Form.Item>
          <Form.Item label={t("rate.comment")} name="comment">
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              placeholder={t("rate.commentPlaceholder")}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={send.isPending}>
            {t("rate.submit")}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <main style={pageStyle}>
      <Card
        style={{ width: "100%", maxWidth: 560 }}
        title={
          <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
            {t("rate.title")}
          </Typography.Title>
        }
        extra={<LanguageSwitch />}
      >
        {body}
      </Card>
    </main>
  );
}
