import { Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";

import { useAuth } from "../auth/AuthContext";
import { useUsers } from "../queues/useUsers";
import { CREDIT_STANDINGS } from "./CreditTag";

export const FILE_FIELDS = ["name", "company", "website", "credit_standing", "custodian", "notes"];

/** Name, company, website, credit standing, custodian (leads only) and notes. */
export function CustomerFields() {
  const { t } = useTranslation("customers");
  const { hasRole } = useAuth();
  const lead = hasRole("manager", "supervisor");
  const users = useUsers(lead);

  return (
    <>
      <Form.Item
        label={t("form.name")}
        name="name"
        rules={[{ required: true, whitespace: true, message: t("form.required") }]}
      >
        <Input maxLength={200} data-testid="customer-name" />
      </Form.Item>
      <Form.Item label={t("form.company")} name="company">
        <Input maxLength={200} data-testid="customer-company" />
      </Form.Item>
      <Form.Item label={t("form.website")} name="website">
        <Input type="url" maxLength={200} placeholder="https://" data-testid="customer-website" />
      </Form.Item>
      <Form.Item label={t("form.credit")} name="credit_standing">
        <Select
          data-testid="customer-credit"
          options={CREDIT_STANDINGS.map((value) => ({ value, label: t(`credit.${value}`) }))}
        />
      </Form.Item>
      {lead && (
        <Form.Item label={t("form.custodian")} name="custodian">
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={users.isLoading}
            placeholder={t("form.noCustodian")}
            data-testid="customer-custodian"
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: `${u.name} (${u.username})`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item label={t("form.notes")} name="notes">
        <Input.TextArea rows={3} maxLength={20000} data-testid="customer-notes" />
      </Form.Item>
    </>
  );
}
