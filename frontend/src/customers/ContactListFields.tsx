import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Input } from "antd";
import { useTranslation } from "react-i18next";

const ROW = { display: "flex", gap: 8, alignItems: "flex-start" } as const;

/** The phones or the emails of a new file: a value and a label each; the first is primary. */
export function ContactListFields({ kind }: { kind: "phone" | "email" }) {
  const { t } = useTranslation("customers");
  const list = kind === "phone" ? "phones" : "emails";
  return (
    <Form.Item
      label={t(kind === "phone" ? "form.phones" : "form.emails")}
      extra={kind === "phone" ? t("form.phoneHint") : undefined}
    >
      <Form.List name={list}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <div key={field.key} style={ROW}>
                <Form.Item name={[field.name, "value"]} style={{ flex: 1 }}>
                  <Input
                    type={kind === "phone" ? "tel" : "email"}
                    aria-label={t(kind === "phone" ? "form.phone" : "form.email", { n: index + 1 })}
                    placeholder={kind === "phone" ? "138 0013 8000" : "name@example.com"}
                    data-testid={`customer-${kind}-${index}`}
                  />
                </Form.Item>
                <Form.Item name={[field.name, "label"]}>
                  <Input
                    aria-label={`${t("form.label")} ${index + 1}`}
                    placeholder={t("form.labelPlaceholder")}
                    maxLength={50}
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t("form.removeContact")}
                  onClick={() => remove(field.name)}
                />
              </div>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ value: "", label: "" })}
              data-testid={`customer-add-${kind}`}
            >
              {t(kind === "phone" ? "actions.addPhone" : "actions.addEmail")}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
