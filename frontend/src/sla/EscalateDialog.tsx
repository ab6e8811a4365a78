/**
 * Escalate: the person holding the item asks the level above (the supervisor on duty, or a
 * manager) for help: why, what is asked, by when; a complaint's appeal may go straight to a
 * manager when its queue's policy allows.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { WorkItem } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { nowWallClock, zonedToIso } from "../common/time";
import { escalateItem, ESCALATIONS_KEY, itemSlaKey } from "./api";
import { personName } from "./parts";
import { useItemSla } from "./queries";

const DONE = ["resolved", "closed"];
const WALL_CLOCK = "YYYY-MM-DD HH:mm";

interface Values {
  reason: string;
  ask: string;
  answer_by: Dayjs | null;
  to_manager: boolean;
}

/** The assignee, or whoever an open (or acknowledged) escalation of the item was raised to. */
export function useHoldsItem(item: WorkItem): boolean {
  const { me, can } = useAuth();
  const sla = useItemSla(item.id, can("sla.read"));
  if (!me) return false;
  if (item.assignee?.id === me.id) return true;
  return (sla.data?.escalations ?? []).some(
    (e) => e.to_user.id === me.id && (e.state === "open" || e.state === "acknowledged"),
  );
}

/** The "Escalate" button of the ticket's actions, for the person holding an unresolved item. */
export function EscalateButton({ item }: { item: WorkItem }) {
  const { t } = useTranslation("sla");
  const { can } = useAuth();
  const holds = useHoldsItem(item);
  const [open, setOpen] = useState(false);
  if (!can("escalation.raise") || !holds || DONE.includes(item.status)) return null;
  return (
    <>
      <Button danger data-testid="ticket-escalate" onClick={() => setOpen(true)}>
        {t("escalate.button")}
      </Button>
      {open && <EscalateDialog item={item} onClose={() => setOpen(false)} />}
    </>
  );
}

export function EscalateDialog({ item, onClose }: { item: WorkItem; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const complaint = item.kind === "complaint";

  const send = useMutation({
    mutationFn: async (values: Values) => {
      try {
        return await escalateItem(item.id, {
          reason: values.reason.trim(),
          ask: values.ask.trim(),
          answer_by: values.answer_by ? zonedToIso(values.answer_by.format(WALL_CLOCK)) : null,
          ...(complaint && { to_manager: values.to_manager }),
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["reason", "ask", "answer_by"]));
        throw error;
      }
    },
    onSuccess: (escalation) => {
      void message.success(t("escalate.done", { name: personName(escalation.to_user) }));
      void client.invalidateQueries({ queryKey: itemSlaKey(item.id) });
      void client.invalidateQueries({ queryKey: ESCALATIONS_KEY });
      void client.invalidateQueries({ queryKey: ["ticket-events", item.id] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t("escalate.title", { reference: item.reference })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("escalate.intro")}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ reason: "", ask: "", answer_by: null, to_manager: false }}
        onFinish={(values) => send.mutate(values)}
        data-testid="escalate-form"
      >
        {send.error && <ErrorAlert error={send.error} />}
        <Form.Item
          name="reason"
          label={t("escalate.reason")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="escalate-reason" />
        </Form.Item>
        <Form.Item
          name="ask"
          label={t("escalate.ask")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="escalate-ask" />
        </Form.Item>
        <Form.Item
          name="answer_by"
          label={t("escalate.answerBy")}
          extra={t("escalate.answerByHelp")}
          rules={[
            {
              validator: (_, value: Dayjs | null) =>
                !value || value.format(WALL_CLOCK) > nowWallClock()
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("escalate.answerByPast"))),
            },
          ]}
        >
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format={WALL_CLOCK}
            disabledDate={(day) => day.isBefore(dayjs(nowWallClock().slice(0, 10)), "day")}
            data-testid="escalate-answer-by"
          />
        </Form.Item>
        {complaint && (
          <Form.Item name="to_manager" valuePropName="checked" extra={t("escalate.appealHelp")}>
            <Checkbox data-testid="escalate-to-manager">{t("escalate.appeal")}</Checkbox>
          </Form.Item>
        )}
        <FormButtons
          onCancel={onClose}
          submitLabel={t("escalate.submit")}
          busy={send.isPending}
          testId="escalate-submit"
        />
      </Form>
    </Modal>
  );
}
