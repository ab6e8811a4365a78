/** Merge this ticket into another, or link it to another item; both by reference number. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import type { LinkKind, TicketDetail } from "../api/types";
import { linkItem, mergeTicket, parseReference, ticketKey } from "./api";
import { DialogError } from "./DialogError";
import { errorText } from "./errors";
import { useRefresh } from "./useRefresh";

interface Props {
  ticket: TicketDetail;
  onClose: () => void;
}

export function MergeDialog({ ticket, onClose }: Props) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const refresh = useRefresh(ticket.id);
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const into = parseReference(target);
  const merge = useMutation({
    mutationFn: () => mergeTicket(ticket.id, into!, reason.trim()),
    onSuccess: async (merged) => {
      client.setQueryData(ticketKey(merged.id), merged);
      void message.success(t("merge.done", { reference: merged.reference }));
      onClose();
      await refresh();
      navigate(`/tickets/${merged.id}`);
    },
  });

  return (
    <Modal
      open
      title={t("merge.title", { reference: ticket.reference })}
      okText={t("merge.submit")}
      okButtonProps={{
        danger: true,
        disabled: into === null,
        loading: merge.isPending,
        "data-testid": "merge-submit",
      }}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => merge.mutate()}
    >
      <DialogError text={merge.isError ? errorText(merge.error, tc("errors.generic")) : null} />
      <p>{t("merge.explain")}</p>
      <Form layout="vertical">
        <Form.Item
          label={t("merge.target")}
          required
          htmlFor="merge-target"
          validateStatus={target && into === null ? "error" : undefined}
          help={target && into === null ? t("badReference") : undefined}
        >
          <Input
            id="merge-target"
            data-testid="merge-target"
            placeholder="T-000042"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t("merge.reason")} htmlFor="merge-reason">
          <Input.TextArea
            id="merge-reason"
            data-testid="merge-reason"
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

const LINK_KINDS: LinkKind[] = ["relates", "duplicates", "caused_by"];

export function LinkDialog({ ticket, onClose }: Props) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(ticket.id);
  const [target, setTarget] = useState("");
  const [kind, setKind] = useState<LinkKind>("relates");
  const id = parseReference(target);
  const link = useMutation({
    mutationFn: () => linkItem(ticket.id, id!, kind),
    onSuccess: async () => {
      void message.success(t("link.done"));
      onClose();
      await refresh();
    },
  });

  return (
    <Modal
      open
      title={t("link.title", { reference: ticket.reference })}
      okText={t("link.submit")}
      okButtonProps={{ disabled: id === null, loading: link.isPending, "data-testid": "link-submit" }}
      cancelText={tc("actions.cancel")}
      onCancel={onClose}
      onOk={() => link.mutate()}
    >
      <DialogError text={link.isError ? errorText(link.error, tc("errors.generic")) : null} />
      <Form layout="vertical">
        <Form.Item label={t("link.kind")} htmlFor="link-kind">
          <Select<LinkKind>
            id="link-kind"
            data-testid="link-kind"
            value={kind}
            onChange={setKind}
            options={LINK_KINDS.map((k) => ({ value: k, label: t(`linkKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t("link.target")}
          required
          htmlFor="link-target"
          validateStatus={target && id === null ? "error" : undefined}
          help={target && id === null ? t("badReference") : t("link.targetHelp")}
        >
          <Input
            id="link-target"
            data-testid="link-target"
            placeholder="T-000042"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
