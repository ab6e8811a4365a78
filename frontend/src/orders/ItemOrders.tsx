/** On a work item's page: the orders a customer's enquiry is about (nothing when there are none). */
import { useQuery } from "@tanstack/react-query";
import { Card, List, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { formatDateTime } from "../common/time";
import { fetchOrders, ORDERS_KEY } from "./api";
import { yuan } from "./format";
import { OrderStatusTag } from "./parts";

export function ItemOrders({ itemId, style }: { itemId: number; style?: React.CSSProperties }) {
  const { t } = useTranslation("orders");
  const orders = useQuery({
    queryKey: [...ORDERS_KEY, { item: itemId }],
    queryFn: ({ signal }) => fetchOrders({ item: itemId }, signal),
  });
  const rows = orders.data?.results ?? [];
  if (rows.length === 0) return null;
  return (
    <Card title={t("itemOrders.title")} style={style} data-testid="item-orders">
      <List
        dataSource={rows}
        renderItem={(order) => (
          <List.Item data-testid={`item-order-${order.id}`}>
            <Space direction="vertical" size={0}>
              <Space wrap>
                <Link to={`/orders/${order.id}`}>{order.reference}</Link>
                <OrderStatusTag status={order.status} />
              </Space>
              <Typography.Text type="secondary">
                {order.product.name} · {order.account} · {yuan(order.price)} · {formatDateTime(order.created_at)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
