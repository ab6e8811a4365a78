/** "Place a test order": a product on sale, a phone number (or game account), the face value. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { App, Form, Input, InputNumber, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import { uuid4 } from "../common/uuid";
import { FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { CHANNELS_KEY, createOrder, fetchProducts, ORDERS_KEY, PRODUCTS_KEY, type Product } from "./api";
import { toFen, yuan } from "./format";
import { OrderErrorAlert } from "./parts";

interface Values {
  product: number;
  account: string;
  /** In yuan, as typed. */
  amount: number;
}

export function PlaceOrderDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("orders");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const products = useQuery({ queryKey: PRODUCTS_KEY, queryFn: ({ signal }) => fetchProducts(signal), staleTime: 60_000 });
  const productId = Form.useWatch("product", form);
  const product = products.data?.find((p) => p.id === productId);
  // One key for this dialog: a second click, or a retry after the answer was lost, cannot place
  // a second order (the server answers with the first).
  const [key] = useState(uuid4);

  const place = useMutation({
    mutationFn: async (values: Values) => {
      try {
        return await createOrder({ product: values.product, account: values.account.trim(), amount: toFen(values.amount) }, key);
      } catch (error) {
        applyFieldErrors(form, error, plainField(["product", "account", "amount"]));
        throw error;
      }
    },
    onSuccess: (order) => {
      void message.success(t("place.done", { reference: order.reference }));
      void client.invalidateQueries({ queryKey: ORDERS_KEY });
      void client.invalidateQueries({ queryKey: CHANNELS_KEY });
      onClose();
    },
  });
  // Field errors sit under their inputs; anything else above the form.
  const fieldError = place.error instanceof ApiError && Object.keys(place.error.fields).some((f) => ["product", "account", "amount"].includes(f));

  const chooseProduct = (id: number) => {
    const chosen = products.data?.find((p) => p.id === id);
    if (chosen) form.setFieldValue("amount", chosen.face_value / 100);
  };

  return (
    <Modal open title={t("place.title")} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(values) => place.mutate(values)}>
        {products.error && <OrderErrorAlert error={products.error} />}
        {place.error && !fieldError && <OrderErrorAlert error={place.error} />}
        <Form.Item name="product" label={t("place.product")} rules={[{ required: true, message: t("form.required") }]}>
          <Select<number>
            loading={products.isPending}
            onChange={chooseProduct}
            showSearch={{ optionFilterProp: "label" }}
            options={(products.data ?? []).map((p: Product) => ({
              value: p.id,
              label: `${p.name} (${p.code}) · ${yuan(p.face_value)}`,
            }))}
            data-testid="place-product"
          />
        </Form.Item>
        <Form.Item
          name="account"
          label={product?.kind === "game_credit" ? t("place.gameAccount") : t("place.phone")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="place-account" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t("place.amount")}
          extra={product ? t("place.faceValue", { value: yuan(product.face_value) }) : undefined}
          rules={[{ required: true, message: t("form.required") }]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 160 }} data-testid="place-amount" />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t("place.submit")} busy={place.isPending} testId="place-submit" />
      </Form>
    </Modal>
  );
}
