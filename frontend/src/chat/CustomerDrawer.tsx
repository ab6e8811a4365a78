/**
 * The customer's file beside the chat. Reading a file is audited, so it is fetched only when
 * the agent opens the drawer, never when the chat opens.
 */
import { IdcardOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Drawer, Skeleton, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { customerFileKey, fetchCustomer } from "./api";
import { errorText } from "./errors";

const STANDING_COLOURS: Record<string, string> = { good: "green", watch: "orange", hold: "volcano", blocked: "red" };

function FileBody({ customerId }: { customerId: number }) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const file = useQuery({
    queryKey: customerFileKey(customerId),
    queryFn: () => fetchCustomer(customerId),
    staleTime: 5 * 60_000,
  });
  if (file.isPending) return <Skeleton active />;
  if (file.isError) return <Alert type="error" showIcon title={errorText(file.error, tc("errors.generic"))} />;
  const c = file.data;
  return (
    <>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: "name", label: t("customer.name"), children: c.name },
          ...(c.company ? [{ key: "company", label: t("customer.company"), children: c.company }] : []),
          {
            key: "credit",
            label: t("customer.credit"),
            children: <Tag color={STANDING_COLOURS[c.credit_standing]}>{c.credit_standing_display}</Tag>,
          },
          { key: "custodian", label: t("customer.custodian"), children: c.custodian?.name ?? t("customer.noCustodian") },
          {
            key: "contacts",
            label: t("customer.contacts"),
            children: c.contacts.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {c.contacts.map((contact) => (
                  <li key={contact.id}>
                    {contact.value}
                    {contact.label && ` (${contact.label})`}
                    {contact.is_primary && <Tag style={{ marginLeft: 4 }}>{t("customer.primary")}</Tag>}
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            ),
          },
        ]}
      />
      <Link to={`/customers/${c.id}`} style={{ display: "inline-block", marginTop: 12 }}>
        {t("customer.fullFile")}
      </Link>
    </>
  );
}

export function CustomerDrawer({ conversationId, customer }: { conversationId: number; customer: { id: number; name: string } }) {
  const { t } = useTranslation("chat");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        icon={<IdcardOutlined />}
        data-testid={`chat-customer-${conversationId}`}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t("header.customer")}
      </Button>
      <Drawer
        title={t("customer.title", { name: customer.name })}
        open={open}
        onClose={() => setOpen(false)}
        size={420}
        destroyOnHidden
      >
        <div data-testid={`chat-customer-file-${conversationId}`}>{open && <FileBody customerId={customer.id} />}</div>
      </Drawer>
    </>
  );
}
