/**
 * "New complaint" on the board: from a ticket, chat or call the user can see (by number or
 * subject), from an order (by reference or phone number), or directly (a customer and their
 * words). The source's messages become evidence; then the new complaint opens.
 */
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Radio, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { COMPLAINTS_KEY, openComplaint, SEVERITIES, type OpenInput, type Severity } from "./api";
import { ComplaintError } from "./parts";
import { useComplaintOptions } from "./queries";
import { SearchSelect } from "./SearchSelect";

type From = "work" | "order" | "direct";

interface Values {
  from: From;
  source_item?: number;
  source_order?: number;
  customer?: number;
  subject?: string;
  description?: string;
  severity: Severity;
  category?: number;
}

export function NewComplaintButton() {
  const { t } = useTranslation("complaints");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="complaint-new">
        {t("new.button")}
      </Button>
      {open && <NewComplaintDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function NewComplaintDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const options = useComplaintOptions();
  const [form] = Form.useForm<Values>();
  const from = Form.useWatch("from", form) ?? "work";

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const input: OpenInput = {
        severity: values.severity,
        subject: values.subject?.trim() || undefined,
        description: values.description?.trim() || undefined,
        category: values.category ?? undefined,
      };
      if (values.from === "work") input.source_item = values.source_item;
      if (values.from === "order") input.source_order = values.source_order;
      if (values.from === "direct") input.customer = values.customer;
      try {
        return await openComplaint(input);
      } catch (error) {
        applyFieldErrors(
          form,
          error,
          plainField(["source_item", "source_order", "customer", "subject", "description", "severity", "category"]),
        );
        throw error;
      }
    },
    onSuccess: (card) => {
      void client.invalidateQueries({ queryKey: COMPLAINTS_KEY });
      void message.success(t("open.done", { reference: card.reference }));
      onClose();
      navigate(`/complaints/${card.id}`);
    },
  });

  const required = (text: string) => [{ required: true, message: text }];
  return (
    <Modal open title={t("new.title")} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ from: "work", severity: "medium" }}
        onFinish={(values) => save.mutate(values)}
      >
        {save.error && <ComplaintError error={save.error} testId="new-complaint-error" />}
        <Form.Item name="from" label={t("new.from")}>
          <Radio.Group
            optionType="button"
            options={(["work", "order", "direct"] as const).map((f) => ({
              value: f,
              label: t(`new.fromOptions.${f}`),
            }))}
            data-testid="new-complaint-from"
          />
        </Form.Item>
        {from === "work" && (
          <Form.Item name="source_item" label={t("new.work")} extra={t("new.workHelp")} rules={required(t("new.workRequired"))}>
            <SearchSelect kind="work" testId="new-complaint-work" />
          </Form.Item>
        )}
        {from === "order" && (
          <Form.Item name="source_order" label={t("new.order")} extra={t("new.orderHelp")} rules={required(t("new.orderRequired"))}>
            <SearchSelect kind="order" minLength={4} testId="new-complaint-order" />
          </Form.Item>
        )}
        {from === "direct" && (
          <Form.Item name="customer" label={t("new.customer")} extra={t("new.customerHelp")} rules={required(t("new.customerRequired"))}>
            <SearchSelect kind="customer" minLength={2} testId="new-complaint-customer" />
          </Form.Item>
        )}
        <Form.Item
          name="subject"
          label={t("new.subject")}
          extra={from === "direct" ? undefined : t("new.subjectHelp")}
          rules={from === "direct" ? [{ required: true, whitespace: true, message: t("new.subjectRequired") }] : []}
        >
          <Input maxLength={255} data-testid="new-complaint-subject" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t("new.description")}
          rules={from === "direct" ? [{ required: true, whitespace: true, message: t("new.descriptionRequired") }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={10_000} data-testid="new-complaint-description" />
        </Form.Item>
        <Form.Item name="severity" label={t("fields.severity")}>
          <Select<Severity>
            options={SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) }))}
            data-testid="new-complaint-severity"
          />
        </Form.Item>
        <Form.Item name="category" label={t("fields.category")}>
          <Select<number>
            allowClear
            loading={options.isPending}
            options={(options.data?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="new-complaint-category"
          />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("new.submit")} busy={save.isPending} testId="new-complaint-submit" />
      </Form>
    </Modal>
  );
}
