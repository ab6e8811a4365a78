/**
 * Remedies: what the customer is given (an apology, a refund of one of their orders, a
 * compensation amount, something else). Proposed with the resolution, approved by a manager
 * with it, carried out (or recorded for payment) when the customer is told. Added and withdrawn
 * only while the complaint is investigated (the detail's `add_remedy`).
 */
import { useMutation } from "@tanstack/react-query";
import { App, Button, Card, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import { formatDateTime } from "../common/time";
import { applyFieldErrors } from "../customers/formErrors";
import { toFen, yuan } from "../orders/format";
import {
  addRemedy,
  REMEDY_KINDS,
  withdrawRemedy,
  type ComplaintDetail,
  type Remedy,
  type RemedyInput,
  type RemedyKind,
} from "./api";
import { ComplaintError, personName, RemedyStateTag } from "./parts";
import { useComplaintUpdated } from "./queries";

export function RemediesCard({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  const mayChange = complaint.actions.includes("add_remedy");
  const [error, setError] = useState<unknown>(null);
  const withdraw = useMutation({
    mutationFn: (remedy: Remedy) => withdrawRemedy(complaint.id, remedy.id),
    onMutate: () => setError(null),
    onSuccess: () => {
      updated();
      void message.success(t("remedies.withdrawn"));
    },
    onError: setError,
  });

  const columns: ColumnsType<Remedy> = [
    { key: "kind", title: t("remedies.kind"), render: (_, r) => t(`remedyKinds.${r.kind}`, { defaultValue: r.kind_display }) },
    {
      key: "order",
      title: t("remedies.order"),
      render: (_, r) => (r.order ? <Link to={`/orders/${r.order.id}`}>{r.order.reference}</Link> : "—"),
    },
    {
      key: "amount",
      title: t("remedies.amount"),
      align: "right",
      render: (_, r) => (
        <span data-testid={`remedy-amount-${r.id}`}>
          {r.amount_fen !== null ? yuan(r.amount_fen) : "—"}
          {r.above_threshold && r.state !== "withdrawn" && (
            <Typography.Text type="danger" style={{ display: "block", fontSize: 12 }}>
              {t("remedies.aboveThreshold")}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: "description",
      title: t("remedies.description"),
      onCell: () => ({ style: { maxWidth: 260, whiteSpace: "pre-wrap" } }),
      render: (_, r) => r.description || "—",
    },
    {
      key: "state",
      title: t("remedies.state"),
      render: (_, r) => (
        <>
          <RemedyStateTag state={r.state} />
          {r.execution_note && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {r.execution_note}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: "who",
      title: t("remedies.who"),
      render: (_, r) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("remedies.proposedBy", { name: personName(r.proposed_by) || "—", time: formatDateTime(r.created_at) })}
          {r.approved_by && (
            <span style={{ display: "block" }}>
              {t("remedies.approvedBy", { name: personName(r.approved_by), time: formatDateTime(r.approved_at) })}
            </span>
          )}
        </Typography.Text>
      ),
    },
    ...(mayChange
      ? [
          {
            key: "actions",
            title: "",
            render: (_: unknown, r: Remedy) =>
              r.state === "proposed" && (
                <Popconfirm
                  title={t("remedies.withdrawConfirm")}
                  onConfirm={() => withdraw.mutate(r)}
                  okButtonProps={{ "data-testid": `remedy-withdraw-confirm-${r.id}` }}
                >
                  <Button size="small" danger data-testid={`remedy-withdraw-${r.id}`}>
                    {t("remedies.withdraw")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  const standing = complaint.remedies.filter((r) => r.state !== "withdrawn");
  return (
    <Card
      title={t("remedies.title")}
      size="small"
      extra={
        <Typography.Text data-testid="remedies-total">
          {t("remedies.total", { amount: yuan(standing.reduce((sum, r) => sum + (r.amount_fen ?? 0), 0)) })}
        </Typography.Text>
      }
      data-testid="complaint-remedies"
    >
      {error !== null && <ComplaintError error={error} testId="remedy-error" />}
      <Table<Remedy>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={complaint.remedies}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("remedies.none")} /> }}
        onRow={(r) =>
          ({ "data-testid": `remedy-${r.id}`, "data-kind": r.kind, "data-state": r.state }) as HTMLAttributes<HTMLElement>
        }
      />
      {mayChange && <AddRemedy complaint={complaint} />}
    </Card>
  );
}

interface Values {
  kind: RemedyKind;
  order?: number;
  amount?: number | null;
  description?: string;
}

function AddRemedy({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) ?? "apology";
  const orderId = Form.useWatch("order", form);
  const order = complaint.orders.find((o) => o.id === orderId);

  const add = useMutation({
    mutationFn: async (values: Values) => {
      const input: RemedyInput = { kind: values.kind };
      if (values.kind === "refund" && values.order) input.order = values.order;
      if ((values.kind === "refund" || values.kind === "compensation") && values.amount) {
        input.amount_fen = toFen(values.amount);
      }
      const description = (values.description ?? "").trim();
      if (description) input.description = description;
      try {
        return await addRemedy(complaint.id, input);
      } catch (error) {
        applyFieldErrors(form, error, (f) =>
          f === "amount_fen" ? ["amount"] : ["kind", "order", "description"].includes(f) ? [f] : null,
        );
        throw error;
      }
    },
    onSuccess: () => {
      updated();
      form.resetFields();
      void message.success(t("remedies.added"));
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ kind: "apology" }}
      onFinish={(values) => add.mutate(values)}
      style={{ marginTop: 16 }}
      data-testid="remedy-form"
    >
      <Typography.Text strong>{t("remedies.add")}</Typography.Text>
      {add.error && <ComplaintError error={add.error} testId="remedy-add-error" />}
      <Space wrap align="start" style={{ marginTop: 8 }}>
        <Form.Item name="kind" label={t("remedies.kind")}>
          <Select<RemedyKind>
            style={{ width: 160 }}
            options={REMEDY_KINDS.map((k) => ({ value: k, label: t(`remedyKinds.${k}`) }))}
            data-testid="remedy-kind"
          />
        </Form.Item>
        {kind === "refund" && (
          <Form.Item
            name="order"
            label={t("remedies.order")}
            extra={complaint.orders.length ? undefined : t("remedies.noOrders")}
            rules={[{ required: true, message: t("remedies.orderRequired") }]}
          >
            <Select<number>
              style={{ width: 260 }}
              options={complaint.orders.map((o) => ({ value: o.id, label: `${o.reference} · ${o.product} · ${yuan(o.price)}` }))}
              data-testid="remedy-order"
            />
          </Form.Item>
        )}
        {(kind === "refund" || kind === "compensation") && (
          <Form.Item
            name="amount"
            label={t("remedies.amountYuan")}
            extra={kind === "refund" ? t("remedies.refundAmountHelp", { price: order ? yuan(order.price) : "—" }) : undefined}
            rules={kind === "compensation" ? [{ required: true, message: t("remedies.amountRequired") }] : []}
          >
            <InputNumber<number> min={0.01} step={1} precision={2} prefix="¥" style={{ width: 160 }} data-testid="remedy-amount" />
          </Form.Item>
        )}
        <Form.Item
          name="description"
          label={t(kind === "other" ? "remedies.description" : "remedies.descriptionOptional")}
          rules={kind === "other" ? [{ required: true, whitespace: true, message: t("remedies.descriptionRequired") }] : []}
        >
          <Input style={{ width: 260 }} maxLength={2000} data-testid="remedy-description" />
        </Form.Item>
      </Space>
      <div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("remedies.thresholdHelp", { threshold: yuan(complaint.approval_threshold_fen) })}
        </Typography.Paragraph>
        <Button htmlType="submit" loading={add.isPending} data-testid="remedy-add">
          {t("remedies.addButton")}
        </Button>
      </div>
    </Form>
  );
}
