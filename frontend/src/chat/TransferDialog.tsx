/** Transfer a chat to another agent or queue; a note for whoever picks it up is required. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { ChatConversation } from "../api/types";
import { chatQueuesKey, fetchQueues, transferConversation, type TransferTarget } from "./api";
import { errorText } from "./errors";

interface Props {
  conversation: ChatConversation;
  meId: number;
  onDone: () => void;
  onClose: () => void;
}

function parseTarget(value: string | null): TransferTarget | null {
  if (!value) return null;
  const [kind, id] = value.split(":");
  if (kind === "user") return { to_user: Number(id) };
  if (kind === "queue") return { to_queue: Number(id) };
  return null;
}

export function TransferDialog({ conversation, meId, onDone, onClose }: Props) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [touched, setTouched] = useState(false);
  const queues = useQuery({ queryKey: chatQueuesKey, queryFn: fetchQueues, staleTime: 60_000 });
  const transfer = useMutation({
    mutationFn: () => transferConversation(conversation.id, parseTarget(target)!, note.trim()),
    onSuccess: onDone,
  });

  const agents = new Map<number, string>();
  for (const queue of queues.data?.results ?? []) {
    for (const m of queue.memberships ?? []) {
      if (m.user.id !== meId && m.user.id !== conversation.agent?.id) agents.set(m.user.id, m.user.name || m.user.username);
    }
  }
  const options = [
    {
      label: t("transfer.agents"),
      options: [...agents].map(([id, name]) => ({ value: `user:${id}`, label: name })),
    },
    {
      label: t("transfer.queues"),
      options: (queues.data?.results ?? [])
        .filter((q) => q.is_active !== false && q.id !== conversation.queue.id)
        .map((q) => ({ value: `queue:${q.id}`, label: q.name })),
    },
  ];
  const noteMissing = note.trim() === "";
  const ready = target !== null && !noteMissing;

  return (
    <Modal
      open
      title={t("transfer.title")}
      okText={t("transfer.submit")}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => {
        setTouched(true);
        if (ready) transfer.mutate();
      }}
      okButtonProps={{ disabled: !ready, loading: transfer.isPending, "data-testid": "chat-transfer-submit" }}
    >
      {(transfer.isError || queues.isError) && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={errorText(transfer.error ?? queues.error, tc("errors.generic"))}
        />
      )}
      <Form layout="vertical">
        <Form.Item label={t("transfer.target")} required htmlFor={`chat-transfer-target-${conversation.id}`}>
          <Select<string>
            id={`chat-transfer-target-${conversation.id}`}
            data-testid="chat-transfer-target"
            showSearch={{ optionFilterProp: "label" }}
            loading={queues.isPending}
            value={target}
            onChange={setTarget}
            options={options}
          />
        </Form.Item>
        <Form.Item
          label={t("transfer.note")}
          required
          htmlFor={`chat-transfer-note-${conversation.id}`}
          validateStatus={touched && noteMissing ? "error" : undefined}
          help={noteMissing ? t("transfer.noteRequired") : undefined}
        >
          <Input.TextArea
            id={`chat-transfer-note-${conversation.id}`}
            data-testid="chat-transfer-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onBlur={() => setTouched(true)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
