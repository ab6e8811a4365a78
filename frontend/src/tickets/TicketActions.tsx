/** Take, release, assign, transfer, edit, merge and link: what the user may do to the ticket. */
import { useMutation } from "@tanstack/react-query";
import { App, Button, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { TicketDetail } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { OpenComplaintButton } from "../complaints/OpenComplaintButton";
import { EscalateButton } from "../sla/EscalateDialog";
import { releaseItem, takeItem } from "./api";
import { AssignDialog } from "./AssignDialog";
import { EditDialog } from "./EditDialog";
import { errorText } from "./errors";
import { UNRESOLVED } from "./lifecycle";
import { LinkDialog, MergeDialog } from "./MergeLinkDialogs";
import { TransferDialog } from "./TransferDialog";
import { useRefresh } from "./useRefresh";

type Dialog = "assign" | "transfer" | "edit" | "merge" | "link";

export function TicketActions({
  ticket,
  onError,
}: {
  ticket: TicketDetail;
  onError: (text: string | null) => void;
}) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const refresh = useRefresh(ticket.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const onFail = (e: unknown) => onError(errorText(e, tc("errors.generic")));
  const take = useMutation({
    mutationFn: () => takeItem(ticket.id),
    onMutate: () => onError(null),
    onSuccess: async () => {
      void message.success(t("actions.taken"));
      await refresh();
    },
    onError: onFail,
  });
  const release = useMutation({
    mutationFn: () => releaseItem(ticket.id),
    onMutate: () => onError(null),
    onSuccess: async () => {
      void message.success(t("actions.released"));
      await refresh();
    },
    onError: onFail,
  });

  const unresolved = UNRESOLVED.includes(ticket.status);
  const mine = ticket.assignee !== null && ticket.assignee.id === me?.id;
  const merged = ticket.merged_into !== null;
  const close = () => setDialog(null);

  return (
    <>
      <Space wrap>
        {!ticket.assignee && unresolved && can("workitem.take") && (
          <Button type="primary" data-testid="ticket-take" loading={take.isPending} onClick={() => take.mutate()}>
            {t("actions.take")}
          </Button>
        )}
        {ticket.assignee && (mine || can("workitem.assign")) && can("workitem.release") && (
          <Button data-testid="ticket-release" loading={release.isPending} onClick={() => release.mutate()}>
            {t("actions.release")}
          </Button>
        )}
        {unresolved && can("workitem.assign") && (
          <Button data-testid="ticket-assign" onClick={() => setDialog("assign")}>
            {t("actions.assign")}
          </Button>
        )}
        {unresolved && can("workitem.transfer") && (
          <Button data-testid="ticket-transfer" onClick={() => setDialog("transfer")}>
            {t("actions.transfer")}
          </Button>
        )}
        {can("workitem.edit") && (
          <Button data-testid="ticket-edit" onClick={() => setDialog("edit")}>
            {t("actions.edit")}
          </Button>
        )}
        {!merged && ticket.status !== "closed" && can("ticket.merge") && (
          <Button data-testid="ticket-merge" onClick={() => setDialog("merge")}>
            {t("actions.merge")}
          </Button>
        )}
        {can("workitem.link") && (
          <Button data-testid="ticket-link" onClick={() => setDialog("link")}>
            {t("actions.link")}
          </Button>
        )}
        <EscalateButton item={ticket} />
        {/* A dispute: one step to the complaint handlers, the thread kept as evidence. */}
        {!merged && (
          <OpenComplaintButton
            source={{ item: ticket.id, reference: ticket.reference }}
            onError={onError}
            testId="ticket-open-complaint"
          />
        )}
      </Space>
      {dialog === "assign" && <AssignDialog ticket={ticket} onClose={close} />}
      {dialog === "transfer" && <TransferDialog ticket={ticket} onClose={close} />}
      {dialog === "edit" && <EditDialog ticket={ticket} onClose={close} />}
      {dialog === "merge" && <MergeDialog ticket={ticket} onClose={close} />}
      {dialog === "link" && <LinkDialog ticket={ticket} onClose={close} />}
    </>
  );
}
