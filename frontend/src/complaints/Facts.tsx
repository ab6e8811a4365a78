/** The complaint's facts (customer, handler, source, orders) and its resolution (proposed, approved, told). */
import { Card, Descriptions, Empty, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { formatDateTime } from "../common/time";
import { workItemPath } from "../hotline/format";
import { yuan } from "../orders/format";
import type { ComplaintDetail } from "./api";
import { personName } from "./parts";

export function FactsCard({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const { t: to } = useTranslation("orders");
  const sourcePath = c.source_item ? workItemPath(c.source_item.kind, c.source_item.id) : null;
  return (
    <Card title={t("facts.title")} size="small" data-testid="complaint-facts">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t("fields.customer")}>
          {c.customer ? (
            <Link to={`/customers/${c.customer.id}`} data-testid="complaint-customer">
              {c.customer.name}
            </Link>
          ) : (
            "—"
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("fields.handler")}>
          <span data-testid="complaint-handler">{personName(c.assignee) || t("card.unassigned")}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("fields.category")}>{c.category?.name ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("fields.opened")}>
          {formatDateTime(c.created_at)}
          {c.created_by && ` · ${personName(c.created_by)}`}
        </Descriptions.Item>
        {(c.source_item || c.source_order) && (
          <Descriptions.Item label={t("fields.source")}>
            <span data-testid="complaint-source">
              {c.source_item &&
                (sourcePath ? (
                  <Link to={sourcePath} data-testid="complaint-source-link">
                    {c.source_item.reference}
                  </Link>
                ) : (
                  c.source_item.reference
                ))}
              {c.source_item && ` · ${t(`sourceKinds.${c.source_item.kind}`, { defaultValue: c.source_item.kind })} · ${c.source_item.subject}`}
              {c.source_order && (
                <Link to={`/orders/${c.source_order.id}`} data-testid="complaint-source-order">
                  {c.source_order.reference}
                </Link>
              )}
            </span>
          </Descriptions.Item>
        )}
        {c.complained_agent && <Descriptions.Item label={t("fields.complainedAgent")}>{personName(c.complained_agent)}</Descriptions.Item>}
        {c.complained_channel && <Descriptions.Item label={t("fields.complainedChannel")}>{c.complained_channel.name}</Descriptions.Item>}
      </Descriptions>
      <Typography.Text strong>{t("facts.orders")}</Typography.Text>
      {c.orders.length ? (
        <ul style={{ margin: "4px 0 0", paddingLeft: 20 }} data-testid="complaint-orders">
          {c.orders.map((o) => (
            <li key={o.id} data-testid={`complaint-order-${o.id}`}>
              <Link to={`/orders/${o.id}`}>{o.reference}</Link> {o.product} · {o.account} · {yuan(o.price)}{" "}
              <Tag>{to(`statuses.${o.status}`, { defaultValue: o.status })}</Tag>
            </li>
          ))}
        </ul>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("facts.noOrders")} />
      )}
    </Card>
  );
}

export function ResolutionCard({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  if (!c.resolution && !c.approved_resolution) return null;
  const sameText = c.approved_resolution && c.approved_resolution === c.resolution;
  return (
    <Card title={t("resolution.title")} size="small" data-testid="complaint-resolution">
      {c.resolution && !sameText && (
        <>
          <Typography.Text type="secondary">
            {t("resolution.proposed", { name: personName(c.proposed_by) || "—", time: formatDateTime(c.proposed_at) })}
          </Typography.Text>
          <div className="complaint-resolution" data-testid="resolution-proposed" style={{ background: "#fafafa", borderColor: "#d9d9d9" }}>
            {c.resolution}
          </div>
        </>
      )}
      {c.approved_resolution && (
        <div style={{ marginTop: c.resolution && !sameText ? 12 : 0 }}>
          <Typography.Text type="secondary">
            {t("resolution.approved", { name: personName(c.approved_by) || "—", time: formatDateTime(c.approved_at) })}
          </Typography.Text>
          <div className="complaint-resolution" data-testid="resolution-approved">
            {c.approved_resolution}
          </div>
        </div>
      )}
      {c.informed_at && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="resolution-informed">
          {t("resolution.informed", { time: formatDateTime(c.informed_at) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
