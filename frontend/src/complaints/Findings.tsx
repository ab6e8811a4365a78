/**
 * The findings: the root cause and the attribution it requires (an agent, a supplier channel,
 * or a note naming the process or product), needed before a resolution is proposed; and the
 * classification (severity, category). Findings change only while the complaint is received,
 * investigated or sent back (`resolution_locked` otherwise); the classification while it is open.
 */
import { useMutation } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Form, Input, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { UserBrief } from "../api/types";
import { formatDateTime } from "../common/time";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import {
  ROOT_CAUSES,
  SEVERITIES,
  updateComplaint,
  type Attribution,
  type ComplaintDetail,
  type ComplaintOptions,
  type ComplaintPatch,
  type RootCause,
  type Severity,
} from "./api";
import { ComplaintError, EDITABLE_STAGES, personName } from "./parts";
import { useComplaintUpdated } from "./queries";

/** What each root cause must name (the server's `requires`; this is its fallback). */
const REQUIRES: Record<RootCause, Attribution | null> = {
  agent_conduct: "attributed_agent",
  supplier_channel: "attributed_channel",
  product: "attribution_note",
  process: "attribution_note",
  other: "attribution_note",
  customer_misunderstanding: null,
};

export function requirementOf(cause: RootCause | "" | undefined, options: ComplaintOptions | undefined): Attribution | null {
  if (!cause) return null;
  const found = options?.root_causes.find((c) => c.value === cause);
  return found ? found.requires : REQUIRES[cause];
}

/** Staff this complaint could be attributed to: those it names, who appear in its record, the
 * front-line staff the server offers, and the complaint handlers. */
function useAgentChoices(complaint: ComplaintDetail, options: ComplaintOptions | undefined): UserBrief[] {
  const found = new Map<number, UserBrief>();
  const add = (u: UserBrief | null | undefined) => {
    if (u && !found.has(u.id)) found.set(u.id, u);
  };
  add(complaint.attributed_agent);
  add(complaint.complained_agent);
  complaint.evidence.forEach((e) => e.party === "staff" && add(e.author));
  (options?.agents ?? []).forEach(add);
  (options?.handlers ?? []).forEach(add);
  return [...found.values()];
}

interface Values {
  severity: Severity;
  category: number | null;
  root_cause?: RootCause;
  attributed_agent?: number | null;
  attributed_channel?: number | null;
  attribution_note?: string;
}

export function FindingsCard({
  complaint,
  options,
}: {
  complaint: ComplaintDetail;
  options: ComplaintOptions | undefined;
}) {
  const { t } = useTranslation("complaints");
  const canEdit = complaint.actions.includes("edit");
  const findingsOpen = canEdit && EDITABLE_STAGES.includes(complaint.stage);
  return (
    <Card title={t("findings.title")} size="small" data-testid="complaint-findings">
      {canEdit ? (
        <FindingsForm key={complaint.stage} complaint={complaint} options={options} findingsOpen={findingsOpen} />
      ) : (
        <FindingsFacts complaint={complaint} />
      )}
    </Card>
  );
}

function FindingsFacts({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const requires = requirementOf(complaint.root_cause, undefined);
  return (
    <Descriptions size="small" column={1} data-testid="findings-facts">
      <Descriptions.Item label={t("fields.rootCause")}>
        <span data-testid="findings-root-cause">
          {complaint.root_cause ? t(`rootCauses.${complaint.root_cause}`) : t("findings.none")}
        </span>
      </Descriptions.Item>
      {(requires === "attributed_agent" || complaint.attributed_agent) && (
        <Descriptions.Item label={t("fields.attributedAgent")}>{personName(complaint.attributed_agent) || "—"}</Descriptions.Item>
      )}
      {(requires === "attributed_channel" || complaint.attributed_channel) && (
        <Descriptions.Item label={t("fields.attributedChannel")}>{complaint.attributed_channel?.name ?? "—"}</Descriptions.Item>
      )}
      {complaint.attribution_note && (
        <Descriptions.Item label={t("fields.attributionNote")}>
          <span style={{ whiteSpace: "pre-wrap" }}>{complaint.attribution_note}</span>
        </Descriptions.Item>
      )}
      {complaint.attributed_at && (
        <Descriptions.Item label={t("fields.attributedAt")}>{formatDateTime(complaint.attributed_at)}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

function FindingsForm({
  complaint,
  options,
  findingsOpen,
}: {
  complaint: ComplaintDetail;
  options: ComplaintOptions | undefined;
  findingsOpen: boolean;
}) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  const [form] = Form.useForm<Values>();
  const cause = Form.useWatch("root_cause", form) ?? complaint.root_cause;
  const requires = requirementOf(cause, options);
  const agents = useAgentChoices(complaint, options);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const patch: ComplaintPatch = { severity: values.severity, category: values.category ?? null };
      if (findingsOpen) {
        patch.root_cause = values.root_cause ?? "";
        patch.attributed_agent = values.attributed_agent ?? null;
        patch.attributed_channel = values.attributed_channel ?? null;
        patch.attribution_note = (values.attribution_note ?? "").trim();
      }
      try {
        return await updateComplaint(complaint.id, patch);
      } catch (error) {
        applyFieldErrors(
          form,
          error,
          plainField(["severity", "category", "root_cause", "attributed_agent", "attributed_channel", "attribution_note"]),
        );
        throw error;
      }
    },
    onSuccess: (detail) => {
      updated(detail);
      void message.success(t("findings.saved"));
    },
  });

  const causes = options?.root_causes.map((c) => c.value) ?? [...ROOT_CAUSES];
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{
        severity: complaint.severity,
        category: complaint.category?.id ?? null,
        root_cause: complaint.root_cause || undefined,
        attributed_agent: complaint.attributed_agent?.id ?? null,
        attributed_channel: complaint.attributed_channel?.id ?? null,
        attribution_note: complaint.attribution_note,
      }}
      onFinish={(values) => save.mutate(values)}
      data-testid="findings-form"
    >
      {save.error && <ComplaintError error={save.error} testId="findings-error" />}
      <Form.Item name="severity" label={t("fields.severity")}>
        <Select<Severity> options={SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) }))} data-testid="findings-severity" />
      </Form.Item>
      <Form.Item name="category" label={t("fields.category")}>
        <Select<number>
          allowClear
          options={(options?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="findings-category"
        />
      </Form.Item>
      {findingsOpen ? (
        <>
          <Form.Item name="root_cause" label={t("fields.rootCause")} extra={t("findings.rootCauseHelp")}>
            <Select<RootCause>
              allowClear
              options={causes.map((c) => ({ value: c, label: t(`rootCauses.${c}`) }))}
              data-testid="findings-root-cause-select"
            />
          </Form.Item>
          {requires === "attributed_agent" && (
            <Form.Item name="attributed_agent" label={t("fields.attributedAgent")} extra={t("findings.agentHelp")}>
              <Select<number>
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                options={agents.map((u) => ({ value: u.id, label: personName(u) }))}
                data-testid="findings-agent"
              />
            </Form.Item>
          )}
          {requires === "attributed_channel" && (
            <Form.Item name="attributed_channel" label={t("fields.attributedChannel")}>
              <Select<number>
                allowClear
                options={(options?.channels ?? []).map((c) => ({ value: c.id, label: c.name }))}
                data-testid="findings-channel"
              />
            </Form.Item>
          )}
          {cause && (
            <Form.Item
              name="attribution_note"
              label={t(requires === "attribution_note" ? "fields.attributionNoteRequired" : "fields.attributionNote")}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="findings-note" />
            </Form.Item>
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t("findings.locked")}</Typography.Paragraph>
          <FindingsFacts complaint={complaint} />
        </>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="findings-save">
        {t("findings.save")}
      </Button>
    </Form>
  );
}
