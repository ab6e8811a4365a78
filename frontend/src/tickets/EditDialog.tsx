/** Change the ticket's priority and tags (PATCH /items/:id/; each change is an event). */
import { useMutation } from "@tanstack/react-query";
import { App, Form, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Priority, TicketDetail } from "../api/types";
import { updateItem } from "./api";
import { DialogError } from "./DialogError";
import { errorText } from "./errors";
import { useRefresh } from "./useRefresh";

const PRIORITIES: Priority[] = [1, 2, 3, 4];

export function EditDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(ticket.id);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [tags, setTags] = useState<string[]>(ticket.tags);
  const cleanTags = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
  const changes = {
    ...(priority !== ticket.priority && { priority }),
    ...([...cleanTags].sort().join("\n") !== [...ticket.tags].sort().join("\n") && {
      tags: cleanTags,
    }),
  };
  const save = useMutation({
    mutationFn: () => updateItem(ticket.id, changes),
    onSuccess: async () => {
      void message.success(t("edit.done"));
      onClose();
      await refresh();
    },
  });

  return (
    <Modal
      open
      title={t("edit.title", { reference: ticket.reference })}
      okText={tc("actions.save")}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okButtonProps={{
        disabled: Object.keys(changes).length === 0,
        loading: save.isPending,
        "data-testid": "edit-submit",
      }}
    >
      <DialogError text={save.isError ? errorText(save.error, tc("errors.generic")) : null} />
      <Form layout="vertical">
        <Form.Item label={t("fields.priority")} htmlFor="edit-priority">
          <Select<Priority>
            id="edit-priority"
            data-testid="edit-priority"
            value={priority}
            onChange={setPriority}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          />
        </Form.Item>
        <Form.Item label={t("fields.tags")} htmlFor="edit-tags" extra={t("edit.tagsHelp")}>
          <Select<string[]>
            id="edit-tags"
            data-testid="edit-tags"
            mode="tags"
            value={tags}
            onChange={setTags}
            tokenSeparators={[",", "，"]}
            maxCount={20}
            open={false}
            suffixIcon={null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
