import { Alert, Button, Space } from "antd";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";

export const TITLE_STYLE = { fontSize: 18, margin: 0 } as const;

/** The server's message (already translated), or a generic one. */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorMessage(error, t("errors.generic"))}
      style={{ marginBottom: 16, ...style }}
    />
  );
}

/** Cancel and submit at the foot of a dialog's form (Enter in a field submits too). */
export function FormButtons(props: {
  onCancel: () => void;
  submitLabel: string;
  busy: boolean;
  testId: string;
}) {
  const { t } = useTranslation("customers");
  return (
    <Space style={{ display: "flex", justifyContent: "flex-end" }}>
      <Button onClick={props.onCancel}>{t("actions.cancel")}</Button>
      <Button type="primary" htmlType="submit" loading={props.busy} data-testid={props.testId}>
        {props.submitLabel}
      </Button>
    </Space>
  );
}
