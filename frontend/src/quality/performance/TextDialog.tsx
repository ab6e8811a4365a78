/** A small dialog that asks for one text (a dispute, an answer) and sends it. */
import { App, Form, Input, Modal, type ButtonProps } from "antd";
import { useState, type ReactNode } from "react";

import { errorText } from "../../tickets/errors";

interface Props {
  open: boolean;
  title: string;
  label: string;
  required: string;
  okText: string;
  done: string;
  /** Shown above the text box (what is answered). */
  context?: ReactNode;
  send: (text: string) => Promise<unknown>;
  onClose: () => void;
}

export function TextDialog({ open, title, label, required, okText, done, context, send, onClose }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    const { text } = values;
    setBusy(true);
    try {
      await send(text.trim());
      void message.success(done);
      form.resetFields();
      onClose();
    } catch (error) {
      void message.error(errorText(error, "network"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} okText={okText} okButtonProps={{ "data-testid": "text-dialog-ok" } as ButtonProps} onOk={() => void submit()} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      {context}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true, message: required }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="text-dialog-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
