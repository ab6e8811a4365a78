/**
 * "Open a complaint" on a ticket, a chat, a call or an order: one request (`POST /complaints/`
 * with the source; its messages become evidence), then the new complaint's page. Those who do
 * not work complaints (`complaint.read`) are told it was opened and stay where they are.
 */
import { ExclamationCircleOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { COMPLAINTS_KEY, openComplaint } from "./api";
import { complaintErrorText, existingComplaint } from "./parts";

export type ComplaintSource = { item: number; reference: string } | { order: number; reference: string };

export function OpenComplaintButton({
  source,
  onError,
  size,
  testId = "open-complaint",
}: {
  source: ComplaintSource;
  /** Where the page shows an action's refusal; a message otherwise. */
  onError?: (text: string | null) => void;
  size?: "small" | "middle";
  testId?: string;
}) {
  const { t } = useTranslation("complaints");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const reads = can("complaint.read");

  const open = useMutation({
    mutationFn: () => openComplaint("item" in source ? { source_item: source.item } : { source_order: source.order }),
    onMutate: () => onError?.(null),
    onSuccess: (card) => {
      void client.invalidateQueries({ queryKey: COMPLAINTS_KEY });
      if (reads) {
        void message.success(t("open.done", { reference: card.reference }));
        navigate(`/complaints/${card.id}`);
      } else {
        void message.success(t("open.doneElsewhere", { reference: card.reference }));
      }
    },
    onError: (error) => {
      const existing = existingComplaint(error);
      if (existing !== null && reads) {
        void message.info(complaintErrorText(error, tc("errors.generic")));
        navigate(`/complaints/${existing}`);
        return;
      }
      const text = complaintErrorText(error, tc("errors.generic"));
      if (onError) onError(text);
      else void message.error(text);
    },
  });

  if (!can("complaint.open")) return null;
  return (
    <Popconfirm
      title={t("open.confirmTitle", { reference: source.reference })}
      description={t("item" in source ? "open.confirmItem" : "open.confirmOrder")}
      okText={t("open.confirm")}
      cancelText={tc("actions.cancel")}
      okButtonProps={{ "data-testid": `${testId}-confirm` }}
      onConfirm={() => open.mutate()}
    >
      <Button size={size} icon={<ExclamationCircleOutlined />} loading={open.isPending} data-testid={testId}>
        {t("open.button")}
      </Button>
    </Popconfirm>
  );
}
