import { Alert } from "antd";

export function DialogError({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Alert type="error" showIcon role="alert" title={text} data-testid="dialog-error" style={{ marginBottom: 12 }} />
  );
}
