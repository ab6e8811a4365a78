/**
 * Move the ticket to another queue, saying why. The queues offered are the user's own (all of
 * them for a manager): `GET /queues/` lists only those.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import type { TicketDetail } from "../api/types";
import { fetchQueues, queuesKey, stillVisible, transferItem } from "./api";
import { DialogError } from "./DialogError";
import { errorText } from "./errors";
import { useRefresh } from "./useRefresh";

export function TransferDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefresh(ticket.id);
  const [queue, setQueue] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const queues = useQuery({ queryKey: queuesKey, queryFn: fetchQueues, staleTime: 60_000 });
  const transfer = useMutation({
    mutationFn: () => transferItem(ticket.id, queue!, reason.trim()),
    onSuccess: async (result) => {
      onClose();
      if (!stillVisible(result)) {
        void message.info(t("transfer.gone", { reference: ticket.reference }));
        await refresh();
        navigate("/inbox");
        return;
      }
      void message.success(t("transfer.done", { queue: result.queue.name }));
      await refresh();
    },
  });
  const options = (queues.data?.results ?? [])
    .filter((q) => q.id !== ticket.queue.id && q.is_active)
    .map((q) => ({ value: q.id, label: q.name }));
  const ready = queue !== null && reason.trim() !== "";

  return (
    <Modal
      open
      title={t("transfer.title", { reference: ticket.reference })}
      okText={t("transfer.submit")}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => transfer.mutate()}
      okButtonProps={{
        disabled: !ready,
        loading: transfer.isPending,
        "data-testid": "transfer-submit",
      }}
    >
      <DialogError
        text={
          transfer.isError
            ? errorText(transfer.error, tc("errors.generic"))
            : queues.isError
              ? errorText(queues.error, tc("errors.generic"))
              : null
        }
      />
      <Form layout="vertical">
        <Form.Item label={t("transfer.queue")} required htmlFor="transfer-queue">
          <Select<number>
            id="transfer-queue"
            data-testid="transfer-queue"
            showSearch={{ optionFilterProp: "label" }}
            loading={queues.isPending}
            value={queue}
            onChange={setQueue}
            options={options}
            notFoundContent={queues.isPending ? t("loading") : t("transfer.noQueues")}
          />
        </Form.Item>
        <Form.Item label={t("transfer.reason")} required htmlFor="transfer-reason">
          <Input.TextArea
            id="transfer-reason"
            data-testid="transfer-reason"
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
