import { EditOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { App, Button, Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { CreditStanding, Customer } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { CustomerFields, FILE_FIELDS } from "./CustomerFields";
import { ErrorAlert, FormButtons } from "./FormParts";
import { applyFieldErrors, plainField } from "./formErrors";
import { useCustomerCache } from "./queries";

interface Values {
  name: string;
  company: string;
  website: string;
  credit_standing: CreditStanding;
  custodian?: number | null;
  notes: string;
}

function initialValues(customer: Customer): Values {
  return {
    name: customer.name,
    company: customer.company,
    website: customer.website,
    credit_standing: customer.credit_standing,
    custodian: customer.custodian?.id ?? null,
    notes: customer.notes,
  };
}

/** Only what changed is sent (a PATCH; the server audits each change). */
export function changedFields(customer: Customer, values: Values, lead: boolean) {
  const before = initialValues(customer);
  const after: Values = {
    ...values,
    name: values.name.trim(),
    company: (values.company ?? "").trim(),
    website: (values.website ?? "").trim(),
    notes: values.notes ?? "",
  };
  const body: Record<string, unknown> = {};
  for (const key of ["name", "company", "website", "credit_standing", "notes"] as const) {
    if (after[key] !== before[key]) body[key] = after[key];
  }
  if (lead && (after.custodian ?? null) !== before.custodian) body.custodian = after.custodian ?? null;
  return body;
}

export function EditCustomerButton({ customer }: { customer: Customer }) {
  const { t } = useTranslation("customers");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="customer-edit">
        {t("actions.edit")}
      </Button>
      <Modal
        open={open}
        title={t("form.editTitle")}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
        width={640}
      >
        <EditCustomerForm customer={customer} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

/** Mounted only while the dialog is open, so every opening starts from the file as it is. */
function EditCustomerForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const cache = useCustomerCache(customer.id);
  const [form] = Form.useForm<Values>();

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = changedFields(customer, values, hasRole("manager", "supervisor"));
      if (Object.keys(body).length === 0) return customer;
      try {
        return await api<Customer>(`/customers/${customer.id}/`, { method: "PATCH", body });
      } catch (error) {
        applyFieldErrors(form, error, plainField(FILE_FIELDS));
        throw error;
      }
    },
    onSuccess: (updated) => {
      if (updated !== customer) {
        cache.setFile(updated); // the answer is the file: no second (audited) read
        cache.afterWrite();
        message.success(t("file.saved"));
      }
      onDone();
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues(customer)}
      onFinish={(values) => save.mutate(values)}
    >
      {save.error && <ErrorAlert error={save.error} />}
      <CustomerFields />
      <FormButtons
        onCancel={onDone}
        submitLabel={t("actions.save")}
        busy={save.isPending}
        testId="customer-save"
      />
    </Form>
  );
}
