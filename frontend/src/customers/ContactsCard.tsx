import { DeleteOutlined, MailOutlined, PhoneOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { App, Button, Card, Checkbox, Form, Input, Popconfirm, Select, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { Contact, ContactInput, Customer } from "../api/types";
import { ErrorAlert, errorMessage } from "./FormParts";
import { applyFieldErrors, plainField } from "./formErrors";
import { useCustomerCache, withContactAdded, withContactRemoved } from "./queries";

/** Phones (as stored, E.164) and emails; writers add and remove them one at a time. */
export function ContactsCard({ customer, canWrite }: { customer: Customer; canWrite: boolean }) {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const cache = useCustomerCache(customer.id);

  const remove = useMutation({
    mutationFn: (contact: Contact) =>
      api<void>(`/customers/${customer.id}/contacts/${contact.id}/`, { method: "DELETE" }),
    onSuccess: (_, contact) => {
      cache.updateContacts((contacts) => withContactRemoved(contacts, contact.id));
      cache.afterWrite();
      message.success(t("contacts.removed"));
    },
    onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
  });

  return (
    <Card title={t("file.contacts")} size="small" data-testid="customer-contacts">
      {customer.contacts.length === 0 ? (
        <Typography.Text type="secondary">{t("file.noContacts")}</Typography.Text>
      ) : (
        <ul className="customer-contacts" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {customer.contacts.map((contact) => (
            <li
              key={contact.id}
              data-testid={`contact-row-${contact.id}`}
              style={{ display: "flex", alignItems: "center", gap: 8, padding: "4px 0" }}
            >
              {contact.kind === "phone" ? (
                <PhoneOutlined aria-label={t("contacts.phone")} />
              ) : (
                <MailOutlined aria-label={t("contacts.email")} />
              )}
              <Typography.Text copyable>{contact.value}</Typography.Text>
              {contact.label && <Typography.Text type="secondary">{contact.label}</Typography.Text>}
              {contact.is_primary && <Tag color="blue">{t("contacts.primary")}</Tag>}
              {canWrite && (
                <Popconfirm
                  title={t("contacts.confirmRemove", { value: contact.value })}
                  okText={t("actions.remove")}
                  cancelText={t("actions.cancel")}
                  onConfirm={() => remove.mutate(contact)}
                  okButtonProps={{ "data-testid": "contact-remove-confirm" }}
                >
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t("actions.remove")} ${contact.value}`}
                    loading={remove.isPending && remove.variables?.id === contact.id}
                    data-testid={`contact-remove-${contact.id}`}
                  />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && <AddContactForm customerId={customer.id} />}
    </Card>
  );
}

interface AddValues {
  kind: "phone" | "email";
  value: string;
  label?: string;
  is_primary?: boolean;
}

function AddContactForm({ customerId }: { customerId: number }) {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const cache = useCustomerCache(customerId);
  const [form] = Form.useForm<AddValues>();
  const kind = Form.useWatch("kind", form) ?? "phone";

  const add = useMutation({
    mutationFn: async (values: AddValues) => {
      const body: ContactInput = {
        kind: values.kind,
        value: values.value.trim(),
        label: values.label?.trim() ?? "",
        is_primary: Boolean(values.is_primary),
      };
      try {
        return await api<Contact>(`/customers/${customerId}/contacts/`, { body });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["kind", "value", "label", "is_primary"]));
        throw error;
      }
    },
    onSuccess: (contact) => {
      cache.updateContacts((contacts) => withContactAdded(contacts, contact));
      cache.afterWrite();
      form.resetFields(["value", "label", "is_primary"]);
      message.success(t("contacts.added"));
    },
  });

  return (
    <Form<AddValues>
      form={form}
      layout="inline"
      initialValues={{ kind: "phone", is_primary: false }}
      onFinish={(values) => add.mutate(values)}
      style={{ marginTop: 12, rowGap: 8 }}
      aria-label={t("actions.addContact")}
    >
      {add.error && <ErrorAlert error={add.error} style={{ width: "100%", marginBottom: 8 }} />}
      <Form.Item name="kind">
        <Select
          aria-label={t("contacts.kind")}
          style={{ width: 100 }}
          options={[
            { value: "phone", label: t("contacts.phone") },
            { value: "email", label: t("contacts.email") },
          ]}
        />
      </Form.Item>
      <Form.Item name="value" rules={[{ required: true, whitespace: true, message: t("form.required") }]}>
        <Input
          type={kind === "phone" ? "tel" : "email"}
          aria-label={t("contacts.value")}
          placeholder={kind === "phone" ? "138 0013 8000" : "name@example.com"}
          maxLength={254}
          data-testid="contact-value"
        />
      </Form.Item>
      <Form.Item name="label">
        <Input aria-label={t("contacts.label")} placeholder={t("form.labelPlaceholder")} maxLength={50} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="is_primary" valuePropName="checked">
        <Checkbox>{t("contacts.makePrimary")}</Checkbox>
      </Form.Item>
      <Button htmlType="submit" loading={add.isPending} data-testid="contact-add">
        {t("actions.addContact")}
      </Button>
    </Form>
  );
}
