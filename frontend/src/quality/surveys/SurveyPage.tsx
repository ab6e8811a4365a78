/**
 * The customer's survey, opened from the emailed link `/survey/<token>` (`QUALITY_SURVEY_URL` +
 * token). Public: outside the signed-in shell, the token is the key. Sibling of `../RatePage`.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Rate, Result, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";

import { ApiError } from "../../api/client";
import { formatDateTime } from "../../common/time";
import { LanguageSwitch } from "../../shell/LanguageSwitch";
import { answerSurvey, fetchSurvey, type SurveyAnswer } from "./api";

type Problem = "invalid" | "closed" | "used" | "generic";

/** What went wrong with the link, from the API's error (docs/surveys.md). */
export function surveyProblem(error: unknown): Problem {
  if (!(error instanceof ApiError)) return "generic";
  if (error.code === "survey_closed") return "closed";
  if (error.code === "link_used") return "used";
  if (error.code === "invalid_link" || error.status === 404) return "invalid";
  return "generic";
}

const RESULT_STATUS = { invalid: "error", closed: "warning", used: "info", generic: "error" } as const;
const QUESTIONS = ["service", "price", "overall"] as const;

const pageStyle = {
  minHeight: "100vh",
  display: "flex",
  justifyContent: "center",
  alignItems: "flex-start",
  padding: "24px 12px",
  background: "#f5f5f5",
  boxSizing: "border-box",
} as const;

export function SurveyPage() {
  const { t } = useTranslation("surveys");
  const { token = "" } = useParams();
  const [form] = Form.useForm<SurveyAnswer>();
  const survey = useQuery({
    queryKey: ["surveys", "link", token],
    queryFn: ({ signal }) => fetchSurvey(token, signal),
    retry: false,
    staleTime: Infinity,
  });
  const send = useMutation({
    mutationFn: (values: SurveyAnswer) => answerSurvey(token, { ...values, comment: values.comment?.trim() ?? "" }),
  });

  // A refusal because of the link itself ends the page; a network failure lets the customer retry.
  const sendProblem = send.error ? surveyProblem(send.error) : null;
  const problem: Problem | null = survey.error
    ? surveyProblem(survey.error)
    : sendProblem && sendProblem !== "generic" && !(send.error instanceof ApiError && send.error.status === 400)
      ? sendProblem
      : null;

  let body;
  if (survey.isPending) {
    body = (
      <div style={{ textAlign: "center", padding: 32 }}>
        <Spin aria-label={t("public.loading")} />
      </div>
    );
  } else if (problem) {
    body = (
      <Result
        status={RESULT_STATUS[problem]}
        title={t(`public.errorTitle.${problem}`)}
        subTitle={<span data-testid="survey-problem">{t(`public.errors.${problem}`)}</span>}
      />
    );
  } else if (send.isSuccess) {
    body = (
      <Result
        status="success"
        title={t("public.thanksTitle")}
        subTitle={<span data-testid="survey-thanks">{t("public.thanksText")}</span>}
      />
    );
  } else if (survey.data) {
    const data = survey.data;
    body = (
      <>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {data.name}
        </Typography.Title>
        <Typography.Paragraph>{t("public.greeting", { name: data.customer })}</Typography.Paragraph>
        {data.intro && <Typography.Paragraph style={{ whiteSpace: "pre-line" }}>{data.intro}</Typography.Paragraph>}
        <Typography.Paragraph type="secondary">
          {t("public.deadline", { when: formatDateTime(data.deadline) })}
        </Typography.Paragraph>
        {send.error && (
          <Alert type="error" showIcon role="alert" title={t("public.errors.generic")} style={{ marginBottom: 16 }} />
        )}
        <Form<SurveyAnswer> form={form} layout="vertical" requiredMark={false} onFinish={(v) => send.mutate(v)}>
          {QUESTIONS.map((key) => (
            <Form.Item
              key={key}
              label={t(`questions.${key}`)}
              name={key}
              rules={[{ required: true, type: "number", min: 1, max: 5, message: t("public.scoreRequired") }]}
            >
              <Rate
                aria-label={t(`questions.${key}`)}
                tooltips={[1, 2, 3, 4, 5].map((n) => t(`public.scores.${n}`))}
                style={{ fontSize: 28 }}
              />
            </Form.Item>
          ))}
          <Form.Item label={t("public.comment")} name="comment">
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={send.isPending}>
            {t("public.submit")}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <main style={pageStyle}>
      <Card
        style={{ width: "100%", maxWidth: 600 }}
        title={
          <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
            {t("public.title")}
          </Typography.Title>
        }
        extra={<LanguageSwitch />}
      >
        {body}
      </Card>
    </main>
  );
}
