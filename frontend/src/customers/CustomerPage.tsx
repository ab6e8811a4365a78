import { ArrowLeftOutlined, EyeOutlined } from "@ant-design/icons";
import { Alert, Card, Descriptions, Result, Skeleton, Space, Tabs, Typography, type TabsProps } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { ApiError } from "../api/client";
import type { Customer } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { formatDateTime } from "../common/time";
import { ContactsCard } from "./ContactsCard";
import { CreditTag } from "./CreditTag";
import { CustomerAudit } from "./CustomerAudit";
import { CustomerTimeline } from "./CustomerTimeline";
import { EditCustomerButton } from "./EditCustomerButton";
import { ErrorAlert, TITLE_STYLE } from "./FormParts";
import { useCustomer } from "./queries";

/** One customer file. Opening it is audited, so it is read once and kept (see queries.ts). */
export function CustomerPage() {
  const { t } = useTranslation("customers");
  const { customerId } = useParams();
  const id = Number(customerId);
  const file = useCustomer(id);

  if (!Number.isInteger(id) || (file.error instanceof ApiError && file.error.status === 404)) {
    return (
      <Result
        status="404"
        title="404"
        subTitle={t("file.notFound")}
        extra={<Link to="/customers">{t("actions.back")}</Link>}
        data-testid="customer-not-found"
      />
    );
  }
  if (file.error) return <ErrorAlert error={file.error} />;
  if (!file.data) return <Skeleton active />;
  return <CustomerFile customer={file.data} />;
}

function CustomerFile({ customer }: { customer: Customer }) {
  const { t } = useTranslation("customers");
  const { can } = useAuth();
  const none = t("file.none");

  const tabs: NonNullable<TabsProps["items"]> = [
    {
      key: "timeline",
      label: t("tabs.timeline"),
      children: <CustomerTimeline customerId={customer.id} />,
    },
  ];
  if (can("customer.audit_read")) {
    tabs.push({
      key: "audit",
      label: <span data-testid="customer-audit-tab">{t("tabs.audit")}</span>,
      children: <CustomerAudit customerId={customer.id} />,
    });
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Link to="/customers">
        <ArrowLeftOutlined /> {t("actions.back")}
      </Link>
      <Alert
        type="info"
        showIcon
        icon={<EyeOutlined />}
        title={t("file.auditNote")}
        data-testid="customer-audit-note"
      />
      <Card
        title={
          <Space>
            <h1 style={TITLE_STYLE} data-testid="customer-file-name">
              {customer.name}
            </h1>
            <CreditTag value={customer.credit_standing} testId="customer-file-credit" />
          </Space>
        }
        extra={can("customer.write") && <EditCustomerButton customer={customer} />}
      >
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            { key: "company", label: t("form.company"), children: customer.company || none },
            {
              key: "website",
              label: t("file.website"),
              children: customer.website ? (
                <a href={customer.website} target="_blank" rel="noopener noreferrer">
                  {customer.website}
                </a>
              ) : (
                none
              ),
            },
            {
              key: "credit",
              label: t("file.credit"),
              children: customer.credit_standing_display,
            },
            {
              key: "custodian",
              label: t("file.custodian"),
              children: customer.custodian?.name || customer.custodian?.username || none,
            },
            { key: "created", label: t("file.created"), children: formatDateTime(customer.created_at) },
            { key: "updated", label: t("file.updated"), children: formatDateTime(customer.updated_at) },
            {
              key: "notes",
              label: t("file.notes"),
              span: "filled",
              children: customer.notes ? (
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                  {customer.notes}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t("file.noNotes")}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      <ContactsCard customer={customer} canWrite={can("customer.write")} />
      <Card size="small">
        <Tabs items={tabs} destroyOnHidden />
      </Card>
    </Space>
  );
}
