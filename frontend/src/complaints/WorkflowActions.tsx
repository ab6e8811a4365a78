/**
 * The workflow's buttons, exactly those the detail's `actions` allow the user now, and their
 * dialogs: propose (the resolution text), approve (managers; the large-amount confirmation when a
 * remedy is above the threshold), send back (a reason), inform (the approved text, exactly as the
 * customer will get it), close (the outcome), appeal (a reason; to the manager when allowed).
 */
import { useMutation } from "@tanstack/react-query";
import { App, Alert, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { yuan } from "../orders/format";
import {
  runStep,
  WORKFLOW_ACTIONS,
  type ComplaintDetail,
  type ComplaintOptions,
  type Outcome,
  type WorkflowAction,
} from "./api";
import { ComplaintError } from "./parts";
import { useComplaintUpdated } from "./queries";

const PRIMARY: WorkflowAction[] = ["investigate", "propose", "approve", "inform"];

export function WorkflowActions({
  complaint,
  options,
  onError,
}: {
  complaint: ComplaintDetail;
  options: ComplaintOptions | undefined;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);
  const investigate = useMutation({
    mutationFn: () => runStep(complaint.id, "investigate"),
    onMutate: () => onError(null),
    onSuccess: (detail) => {
      updated(detail);
      void message.success(t("steps.done.investigate", { reference: complaint.reference }));
    },
    onError,
  });
  const allowed = WORKFLOW_ACTIONS.filter((a) => complaint.actions.includes(a));
  if (!allowed.length) return null;
  return (
    <>
      <Space wrap data-testid="complaint-actions">
        {allowed.map((action) => (
          <Button
            key={action}
            type={PRIMARY.includes(action) ? "primary" : "default"}
            danger={action === "send_back"}
            loading={action === "investigate" && investigate.isPending}
            onClick={() => {
              onError(null);
              if (action === "investigate") investigate.mutate();
              else setDialog(action);
            }}
            data-testid={`complaint-action-${action}`}
          >
            {t(`steps.buttons.${action}`)}
          </Button>
        ))}
      </Space>
      {dialog && dialog !== "investigate" && (
        <StepDialog action={dialog} complaint={complaint} options={options} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

interface StepValues {
  resolution?: string;
  reason?: string;
  note?: string;
  confirm_above_threshold?: boolean;
  outcome?: Outcome;
  to_manager?: boolean;
}

/** What each step sends (helpdesk/complaints/serializers.py). */
function stepBody(action: WorkflowAction, v: StepValues, stage: ComplaintDetail["stage"]): Record<string, unknown> {
  const reason = (v.reason ?? "").trim();
  switch (action) {
    case "propose":
      return { resolution: (v.resolution ?? "").trim(), ...(reason && { reason }) };
    case "approve":
      return {
        ...((v.note ?? "").trim() && { note: (v.note ?? "").trim() }),
        ...(v.confirm_above_threshold !== undefined && { confirm_above_threshold: !!v.confirm_above_threshold }),
      };
    case "send_back":
      return { reason };
    case "inform":
      return {};
    case "close":
      return stage === "informed" ? { ...(reason && { reason }) } : { outcome: v.outcome, reason };
    case "appeal":
      return { reason, ...(v.to_manager && { to_manager: true }) };
    default:
      return {};
  }
}

function StepDialog({
  action,
  complaint,
  options,
  onClose,
}: {
  action: Exclude<WorkflowAction, "investigate">;
  complaint: ComplaintDetail;
  options: ComplaintOptions | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  const [form] = Form.useForm<StepValues>();
  // The stage the dialog was opened in: the answer moves the complaint on while the dialog closes.
  const [stage] = useState(complaint.stage);
  const step = useMutation({
    mutationFn: async (values: StepValues) => {
      try {
        return await runStep(complaint.id, action, stepBody(action, values, stage));
      } catch (error) {
        applyFieldErrors(form, error, plainField(["resolution", "reason", "note", "outcome", "confirm_above_threshold"]));
        throw error;
      }
    },
    onSuccess: (detail) => {
      updated(detail);
      void message.success(t(`steps.done.${action}`, { reference: complaint.reference }));
      onClose();
    },
  });
  const early = action === "close" && stage !== "informed";
  const reasonRequired = action === "send_back" || action === "appeal" || early;
  const standing = complaint.remedies.filter((r) => r.state !== "withdrawn");

  return (
    <Modal
      open
      title={t(`steps.titles.${action}`, { reference: complaint.reference })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={640}
    >
      <Form<StepValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ resolution: complaint.resolution || complaint.approved_resolution, confirm_above_threshold: false }}
        onFinish={(values) => step.mutate(values)}
        data-testid="step-dialog"
        data-action={action}
      >
        {step.error && <ComplaintError error={step.error} testId="step-error" />}
        <Typography.Paragraph type="secondary">{t(`steps.explain.${action}`)}</Typography.Paragraph>
        {action === "propose" && (
          <Form.Item
            name="resolution"
            label={t("steps.resolution")}
            extra={t("steps.resolutionHelp")}
            rules={[{ required: true, whitespace: true, message: t("steps.resolutionRequired") }]}
          >
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10_000} data-testid="step-resolution" />
          </Form.Item>
        )}
        {(action === "approve" || action === "send_back") && (
          <>
            <Typography.Text strong>{t("steps.proposedText")}</Typography.Text>
            <div className="complaint-resolution" data-testid="step-proposed-text" style={{ margin: "4px 0 12px" }}>
              {complaint.resolution}
            </div>
            <RemedySummary complaint={complaint} />
          </>
        )}
        {action === "approve" && complaint.needs_amount_confirmation && (
          <Form.Item
            name="confirm_above_threshold"
            valuePropName="checked"
            extra={t("steps.confirmAmountHelp", { threshold: yuan(options?.approval_threshold_fen ?? complaint.approval_threshold_fen) })}
          >
            <Checkbox data-testid="step-confirm-amount">
              {t("steps.confirmAmount", {
                amount: yuan(standing.filter((r) => r.above_threshold).reduce((sum, r) => sum + (r.amount_fen ?? 0), 0)),
              })}
            </Checkbox>
          </Form.Item>
        )}
        {action === "approve" && (
          <Form.Item name="note" label={t("steps.note")}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} data-testid="step-note" />
          </Form.Item>
        )}
        {action === "inform" && (
          <>
            <Typography.Text strong>{t("steps.informText")}</Typography.Text>
            <div className="complaint-resolution" data-testid="step-inform-text" style={{ margin: "4px 0 12px" }}>
              {complaint.approved_resolution}
            </div>
            <RemedySummary complaint={complaint} />
          </>
        )}
        {early && (
          <Form.Item name="outcome" label={t("steps.outcome")} rules={[{ required: true, message: t("steps.outcomeRequired") }]}>
            <Select<Outcome>
              options={(["withdrawn", "duplicate"] as const).map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
              data-testid="step-outcome"
            />
          </Form.Item>
        )}
        {action !== "inform" && action !== "approve" && (
          <Form.Item
            name="reason"
            label={t(reasonRequired ? "steps.reason" : "steps.reasonOptional")}
            rules={reasonRequired ? [{ required: true, whitespace: true, message: t("steps.reasonRequired") }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} data-testid="step-reason" />
          </Form.Item>
        )}
        {action === "appeal" && options?.appeal_to_manager && (
          <Form.Item name="to_manager" valuePropName="checked" extra={t("steps.toManagerHelp")}>
            <Checkbox data-testid="step-to-manager">{t("steps.toManager")}</Checkbox>
          </Form.Item>
        )}
        <FormButtons onCancel={onClose} submitLabel={t(`steps.buttons.${action}`)} busy={step.isPending} testId="step-submit" />
      </Form>
    </Modal>
  );
}

/** The remedies that stand, and what they add up to, under the text being decided or sent. */
function RemedySummary({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const standing = complaint.remedies.filter((r) => r.state !== "withdrawn");
  if (!standing.length) {
    return <Alert type="info" showIcon title={t("steps.noRemedies")} style={{ marginBottom: 12 }} />;
  }
  return (
    <ul style={{ margin: "0 0 12px", paddingLeft: 20 }} data-testid="step-remedies">
      {standing.map((r) => (
        <li key={r.id}>
          {t(`remedyKinds.${r.kind}`)}
          {r.order && ` · ${r.order.reference}`}
          {r.amount_fen !== null && ` · ${yuan(r.amount_fen)}`}
          {r.description && ` · ${r.description}`}
          {r.above_threshold && (
            <Typography.Text type="danger"> · {t("remedies.aboveThreshold")}</Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}
