/** Orders by reference or phone number and status, newest first; a test order for order handlers. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { formatDateTime } from "../common/time";
import { ErrorAlert } from "../customers/FormParts";
import { fetchOrders, ORDER_STATUSES, ORDERS_KEY, type Order, type OrderStatus } from "./api";
import { yuan } from "./format";
import { useOrdersLive } from "./live";
import { OrderStatusTag } from "./parts";
import { PlaceOrderDialog } from "./PlaceOrderDialog";

const PAGE_SIZE = 50; // the API's page

export function OrderSearch() {
  const { t } = useTranslation("orders");
  const { can } = useAuth();
  useOrdersLive();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [placing, setPlacing] = useState(false);
  const handles = can("order.handle");
  const list = useQuery({
    queryKey: [...ORDERS_KEY, { q, status, page }],
    queryFn: ({ signal }) => fetchOrders({ q, status, page }, signal),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<Order> = [
    {
      key: "reference",
      title: t("columns.reference"),
      render: (_, o) => (
        <Link to={`/orders/${o.id}`} data-testid={`order-link-${o.id}`}>
          {o.reference}
        </Link>
      ),
    },
    { key: "account", title: t("columns.account"), render: (_, o) => o.account },
    { key: "product", title: t("columns.product"), render: (_, o) => o.product.name },
    { key: "amount", title: t("columns.amount"), align: "right", render: (_, o) => yuan(o.amount) },
    { key: "status", title: t("columns.status"), render: (_, o) => <OrderStatusTag status={o.status} /> },
    ...(handles
      ? [{ key: "channel", title: t("columns.channel"), render: (_: unknown, o: Order) => o.channel?.name ?? "—" }]
      : []),
    { key: "created", title: t("columns.created"), render: (_, o) => formatDateTime(o.created_at) },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16, width: "100%", justifyContent: "space-between" }}>
        <Space wrap>
          <Input.Search
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
            allowClear
            placeholder={t("search.placeholder")}
            aria-label={t("search.placeholder")}
            style={{ width: 320 }}
            data-testid="order-search"
          />
          <Select<OrderStatus>
            value={status}
            onChange={(value) => {
              setStatus(value);
              setPage(1);
            }}
            allowClear
            placeholder={t("search.anyStatus")}
            aria-label={t("columns.status")}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
            style={{ minWidth: 180 }}
            data-testid="order-status-filter"
          />
        </Space>
        {handles && (
          <Button type="primary" onClick={() => setPlacing(true)} data-testid="order-place">
            {t("place.button")}
          </Button>
        )}
      </Space>
      {list.error && <ErrorAlert error={list.error} />}
      <div data-testid="order-table">
        <Table<Order>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.results ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          locale={{
            emptyText: <Empty description={q || status ? t("search.noMatch") : t("search.empty")} />,
          }}
          onRow={(o) => ({ "data-testid": `order-row-${o.id}`, "data-status": o.status }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      {list.data && list.data.count > 0 && (
        <Typography.Text type="secondary" data-testid="order-count">
          {t("search.total", { count: list.data.count })}
        </Typography.Text>
      )}
      {placing && <PlaceOrderDialog onClose={() => setPlacing(false)} />}
    </>
  );
}
