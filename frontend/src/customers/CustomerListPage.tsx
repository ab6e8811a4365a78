import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Input, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { buildQuery } from "../api/client";
import type { CustomerRow } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { CreditTag } from "./CreditTag";
import { NewCustomerButton } from "./NewCustomerButton";
import { ErrorAlert, TITLE_STYLE } from "./FormParts";
import { PAGE_SIZE, useCustomerSearch } from "./queries";

/**
 * Customer search. Every search is audited, so it runs on submit (Enter or the button), never
 * while typing; the query lives in the URL so going back to the list costs no new search.
 */
export function CustomerListPage() {
  const { t } = useTranslation("customers");
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q"); // null: nothing searched yet
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [draft, setDraft] = useState(q ?? "");
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    // The URL changed under us (back button, the menu): the box follows it.
    setShownQ(q);
    setDraft(q ?? "");
  }
  const search = useCustomerSearch(q, page);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ q: draft.trim() });
  };

  const columns: ColumnsType<CustomerRow> = [
    {
      key: "name",
      title: t("columns.name"),
      render: (_, row) => <Link to={`/customers/${row.id}`}>{row.name}</Link>,
    },
    { key: "company", title: t("columns.company"), dataIndex: "company" },
    { key: "phone", title: t("columns.phone"), dataIndex: "primary_phone" },
    { key: "email", title: t("columns.email"), dataIndex: "primary_email" },
    {
      key: "credit",
      title: t("columns.credit"),
      render: (_, row) => <CreditTag value={row.credit_standing} />,
    },
  ];

  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("title")}</h1>}
      extra={
        <Space>
          {can("customer.export") && (
            <Button
              icon={<DownloadOutlined />}
              href={`/api/v1/customers/export.csv${buildQuery({ q: q ?? "" })}`}
              data-testid="customer-export"
            >
              {t("actions.export")}
            </Button>
          )}
          {can("customer.write") && <NewCustomerButton />}
        </Space>
      }
    >
      <form role="search" onSubmit={submit} className="customer-search">
        <Space.Compact style={{ width: "100%", maxWidth: 560 }}>
          <Input
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t("search.placeholder")}
            aria-label={t("search.label")}
            maxLength={100}
            allowClear
            data-testid="customer-search"
          />
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="customer-search-submit"
          >
            {t("search.submit")}
          </Button>
        </Space.Compact>
      </form>
      {search.error && <ErrorAlert error={search.error} style={{ marginTop: 16 }} />}
      {q === null ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t("search.prompt")}
        </Typography.Paragraph>
      ) : (
        <Table<CustomerRow>
          style={{ marginTop: 16 }}
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={search.data?.results ?? []}
          loading={search.isFetching}
          locale={{ emptyText: <Empty description={t("search.empty")} /> }}
          onRow={(row) =>
            ({
              "data-testid": `customer-row-${row.id}`,
              onClick: (event: React.MouseEvent) => {
                // Clicks on the name's link are handled by the link itself.
                if (!(event.target as HTMLElement).closest("a")) navigate(`/customers/${row.id}`);
              },
              style: { cursor: "pointer" },
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: search.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (next) => setParams({ q: q, page: String(next) }),
          }}
        />
      )}
    </Card>
  );
}
