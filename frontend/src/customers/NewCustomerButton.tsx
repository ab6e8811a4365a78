import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { api } from "../api/client";
import type { ContactInput, CreditStanding, Customer } from "../api/types";
import { ContactListFields } from "./ContactListFields";
import { CustomerFields, FILE_FIELDS } from "./CustomerFields";
import { ErrorAlert, FormButtons } from "./FormParts";
import { applyFieldErrors } from "./formErrors";
import { customerKeys } from "./queries";

interface ContactRow {
  value?: string;
  label?: string;
}

interface Values {
  name: string;
  company?: string;
  website?: string;
  credit_standing: CreditStanding;
  custodian?: number | null;
  notes?: string;
  phones?: ContactRow[];
  emails?: ContactRow[];
}

type NamePath = (string | number)[];

/** The request body, and where each sent contact came from (to put its error on its input). */
export function toRequest(values: Values): { body: Record<string, unknown>; paths: NamePath[] } {
  const contacts: ContactInput[] = [];
  const paths: NamePath[] = [];
  for (const [list, kind] of [
    ["phones", "phone"],
    ["emails", "email"],
  ] as const) {
    let first = true;
    (values[list] ?? []).forEach((row, index) => {
      const value = row?.value?.trim();
      if (!value) return;
      contacts.push({ kind, value, label: row.label?.trim() ?? "", is_primary: first });
      paths.push([list, index, "value"]);
      first = false;
    });
  }
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    company: values.company?.trim() ?? "",
    website: values.website?.trim() ?? "",
    credit_standing: values.credit_standing,
    notes: values.notes ?? "",
    contacts,
  };
  if (values.custodian) body.custodian = values.custodian;
  return { body, paths };
}

const INITIAL: Partial<Values> = {
  credit_standing: "good",
  phones: [{ value: "", label: "" }],
  emails: [{ value: "", label: "" }],
};

/** "New customer": opens a file; its opener becomes the custodian unless a lead names another. */
export function NewCustomerButton() {
  const { t } = useTranslation("customers");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        data-testid="customer-new"
      >
        {t("actions.new")}
      </Button>
      <Modal
        open={open}
        title={t("form.newTitle")}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
        width={640}
      >
        <NewCustomerForm onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

/** Mounted only while the dialog is open: every opening starts empty. */
export function NewCustomerForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();

  const create = useMutation({
    mutationFn: async (values: Values) => {
      const { body, paths } = toRequest(values);
      try {
        return await api<Customer>("/customers/", { body });
      } catch (error) {
        applyFieldErrors(form, error, (field) => {
          const match = /^contacts\.(\d+)\.value$/.exec(field);
          if (match) return paths[Number(match[1])] ?? null;
          return FILE_FIELDS.includes(field) ? [field] : null;
        });
        throw error;
      }
    },
    onSuccess: (customer) => {
      // The answer is the whole file: no need to read (and audit) it again.
      client.setQueryData(customerKeys.file(customer.id), customer);
      void client.invalidateQueries({ queryKey: ["customers"], refetchType: "none" });
      message.success(t("file.created_ok"));
      onDone();
      navigate(`/customers/${customer.id}`);
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={INITIAL}
      onFinish={(values) => create.mutate(values)}
    >
      {create.error && <ErrorAlert error={create.error} />}
      <CustomerFields />
      <ContactListFields kind="phone" />
      <ContactListFields kind="email" />
      <FormButtons
        onCancel={onDone}
        submitLabel={t("actions.create")}
        busy={create.isPending}
        testId="customer-create"
      />
    </Form>
  );
}
