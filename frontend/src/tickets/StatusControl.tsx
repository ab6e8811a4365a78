/**
 * Move the ticket along its lifecycle. Only sensible next statuses are offered; the server has
 * the last word and its `invalid_transition` message is shown as it is.
 */
import { useMutation } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Status, TicketDetail } from "../api/types";
import { setStatus } from "./api";
import { DialogError } from "./DialogError";
import { errorText } from "./errors";
import { needsReason, nextStatuses } from "./lifecycle";
import { useRefresh } from "./useRefresh";

interface Props {
  ticket: TicketDetail;
  isManager: boolean;
  onError: (text: string | null) => void;
}

export function StatusControl({ ticket, isManager, onError }: Props) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(ticket.id);
  const [asking, setAsking] = useState<Status | null>(null);
  const [reason, setReason] = useState("");
  const change = useMutation({
    mutationFn: ({ status, why }: { status: Status; why: string }) =>
      setStatus(ticket.id, status, why),
    onMutate: () => onError(null),
    onSuccess: async (row) => {
      setAsking(null);
      setReason("");
      void message.success(t("statusChange.done", { status: row.status_display }));
      await refresh();
    },
    onError: (e) => {
      if (!asking) onError(errorText(e, tc("errors.generic")));
    },
  });

  if (ticket.merged_into !== null) return null;
  const options = nextStatuses(ticket.status, { isManager });
  if (options.length === 0) return null;

  const pick = (status: Status) => {
    // Closing is final and reopening a closed ticket needs a reason: both ask first.
    if (status === "closed" || needsReason(ticket.status, status)) {
      change.reset();
      setAsking(status);
    } else {
      change.mutate({ status, why: "" });
    }
  };
  const reasonRequired = asking !== null && needsReason(ticket.status, asking);

  return (
    <Space wrap size={4} role="group" aria-label={t("statusChange.label")}>
      <Typography.Text type="secondary">{t("statusChange.label")}:</Typography.Text>
      {options.map((status) => (
        <Button
          key={status}
          size="small"
          danger={status === "closed"}
          data-testid={`ticket-set-status-${status}`}
          loading={change.isPending && change.variables?.status === status}
          onClick={() => pick(status)}
        >
          {t(`status.${status}`)}
        </Button>
      ))}
      {asking && (
        <Modal
          open
          title={t("statusChange.confirmTitle", { status: t(`status.${asking}`) })}
          okText={t("statusChange.confirm")}
          cancelText={tc("actions.cancel")}
          onCancel={() => setAsking(null)}
          onOk={() => change.mutate({ status: asking, why: reason.trim() })}
          okButtonProps={{
            danger: asking === "closed",
            disabled: reasonRequired && !reason.trim(),
            loading: change.isPending,
            "data-testid": "status-submit",
          }}
        >
          <DialogError text={change.isError ? errorText(change.error, tc("errors.generic")) : null} />
          {asking === "closed" && <p>{t("statusChange.closeFinal")}</p>}
          <Form layout="vertical">
            <Form.Item label={t("statusChange.reason")} required={reasonRequired} htmlFor="status-reason">
              <Input.TextArea
                id="status-reason"
                data-testid="status-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={1000}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}
