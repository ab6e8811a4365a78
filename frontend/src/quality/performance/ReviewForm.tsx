/** The review form: every active scorecard criterion scored 1–5, a comment, the weighted score as
 * the server will compute it. */
import { App, Form, Input, Modal, Radio, Space, Typography, type ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorText } from "../../tickets/errors";
import { createReview, weightedScore, type Candidate, type Criterion, type Rule } from "./api";
import { useQualityChanged, useScorecard } from "./queries";

interface Values {
  scores: Record<number, number | undefined>;
  comment: string;
}

export function ReviewForm({ candidate, reason, onClose }: { candidate: Candidate | null; reason: Rule; onClose: () => void }) {
  const { t } = useTranslation("performance");
  const { message } = App.useApp();
  const scorecard = useScorecard();
  const changed = useQualityChanged();
  const [form] = Form.useForm<Values>();
  const scores = Form.useWatch("scores", form) ?? {};
  const [busy, setBusy] = useState(false);
  const criteria: Criterion[] = scorecard.data ?? [];
  const weighted = weightedScore(criteria, scores);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setBusy(true);
    try {
      await createReview({
        item: candidate!.id,
        reason,
        scores: criteria.map((c) => ({ criterion: c.id, score: values.scores[c.id]! })),
        comment: values.comment ?? "",
      });
      void message.success(t("reviews.saved"));
      changed();
      form.resetFields();
      onClose();
    } catch (error) {
      void message.error(errorText(error, "network"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={candidate !== null}
      title={candidate ? t("reviews.formTitle", { reference: candidate.reference, agent: candidate.agent.name }) : ""}
      okText={t("reviews.submit")}
      onOk={() => void submit()}
      okButtonProps={{ "data-testid": "review-submit" } as ButtonProps}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" data-testid="review-form">
        {criteria.map((c) => (
          <Form.Item
            key={c.id}
            name={["scores", c.id]}
            label={`${c.name} (×${c.weight})`}
            tooltip={c.description || undefined}
            rules={[{ required: true, message: t("reviews.scoreRequired") }]}
          >
            <Radio.Group data-testid={`criterion-${c.id}`}>
              {[1, 2, 3, 4, 5].map((n) => (
                <Radio.Button key={n} value={n} aria-label={`${c.name} ${n}`}>
                  {n}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        ))}
        <Form.Item name="comment" label={t("reviews.comment")}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="review-comment" />
        </Form.Item>
      </Form>
      <Space>
        <Typography.Text strong data-testid="weighted-score">
          {weighted === null ? t("reviews.weightedNone") : t("reviews.weighted", { score: weighted.toFixed(2) })}
        </Typography.Text>
      </Space>
    </Modal>
  );
}
