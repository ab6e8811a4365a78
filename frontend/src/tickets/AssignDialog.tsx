/** A queue lead gives the ticket to a member of its queue. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { TicketDetail } from "../api/types";
import { assignItem, fetchQueue, queueKey } from "./api";
import { DialogError } from "./DialogError";
import { errorText } from "./errors";
import { useRefresh } from "./useRefresh";

export function AssignDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(ticket.id);
  const [assignee, setAssignee] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const queue = useQuery({
    queryKey: queueKey(ticket.queue.id),
    queryFn: () => fetchQueue(ticket.queue.id),
    staleTime: 60_000,
  });
  const assign = useMutation({
    mutationFn: () => assignItem(ticket.id, assignee!, reason.trim()),
    onSuccess: async (item) => {
      void message.success(t("assign.done", { name: item.assignee?.name ?? "" }));
      onClose();
      await refresh();
    },
  });
  const members = (queue.data?.memberships ?? []).filter((m) => m.user.id !== ticket.assignee?.id);

  return (
    <Modal
      open
      title={t("assign.title", { reference: ticket.reference })}
      okText={t("assign.submit")}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => assign.mutate()}
      okButtonProps={{
        disabled: assignee === null,
        loading: assign.isPending,
        "data-testid": "assign-submit",
      }}
    >
      <DialogError
        text={
          assign.isError
            ? errorText(assign.error, tc("errors.generic"))
            : queue.isError
              ? errorText(queue.error, tc("errors.generic"))
              : null
        }
      />
      <Form layout="vertical">
        <Form.Item label={t("assign.user")} required htmlFor="assign-user">
          <Select<number>
            id="assign-user"
            data-testid="assign-user"
            showSearch={{ optionFilterProp: "label" }}
            loading={queue.isPending}
            value={assignee}
            onChange={setAssignee}
            options={members.map((m) => ({
              value: m.user.id,
              label: `${m.user.name} (${m.user.username})`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t("assign.reason")} htmlFor="assign-reason">
          <Input.TextArea
            id="assign-reason"
            data-testid="assign-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
