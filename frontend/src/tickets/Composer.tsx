/** Reply to the customer or write an internal note; drafts survive navigation and sign-in. */
import { PaperClipOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Input, Select, Space, Tabs, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Status, TicketDetail } from "../api/types";
import { eventsKey, postMessage, ticketKey } from "./api";
import { CannedPicker } from "./CannedPicker";
import { draftKey, useDraft } from "./drafts";
import { errorText } from "./errors";
import { replyStatuses } from "./lifecycle";

type ComposerKind = "reply" | "note";

interface FormProps {
  ticket: TicketDetail;
  kind: ComposerKind;
  autoFocus: boolean;
}

function ComposerForm({ ticket, kind, autoFocus }: FormProps) {
  const { t } = useTranslation("tickets");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { text, setText, clear } = useDraft(draftKey(ticket.id, kind));
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<TextAreaRef>(null);

  useEffect(() => {
    if (!autoFocus) return;
    const area = textRef.current?.resizableTextArea?.textArea;
    area?.focus();
    area?.scrollIntoView?.({ block: "center" });
  }, [autoFocus]);

  const send = useMutation({
    mutationFn: () =>
      postMessage(ticket.id, {
        kind,
        body: text,
        files: files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        status,
      }),
    onSuccess: async () => {
      clear();
      setFiles([]);
      setStatus(null);
      setError(null);
      void message.success(kind === "reply" ? t("composer.replySent") : t("composer.noteSaved"));
      await Promise.all([
        client.invalidateQueries({ queryKey: ticketKey(ticket.id) }),
        client.invalidateQueries({ queryKey: eventsKey(ticket.id) }),
      ]);
    },
    onError: (e) => setError(errorText(e, tc("errors.generic"))),
  });

  const empty = !text.trim() && files.length === 0;
  const submit = () => {
    if (!empty && !send.isPending) send.mutate();
  };
  const insert = (snippet: string) => {
    setText(text.trim() ? `${text.replace(/\s+$/, "")}\n\n${snippet}` : snippet);
    textRef.current?.focus();
  };
  const statusOptions = replyStatuses(ticket.status);

  return (
    <div style={kind === "note" ? { background: "#fffbe6", padding: 8, borderRadius: 6 } : undefined}>
      {kind === "note" && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t("composer.noteHint")}
        </Typography.Paragraph>
      )}
      <Input.TextArea
        ref={textRef}
        data-testid="composer-text"
        aria-label={kind === "reply" ? t("composer.replyLabel") : t("composer.noteLabel")}
        placeholder={kind === "reply" ? t("composer.replyPlaceholder") : t("composer.notePlaceholder")}
        autoSize={{ minRows: 4, maxRows: 16 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          data-testid="composer-error"
          role="alert"
          style={{ marginTop: 8 }}
          closable={{ onClose: () => setError(null) }}
        />
      )}
      <Space wrap style={{ marginTop: 8, width: "100%", justifyContent: "space-between" }}>
        <Space wrap>
          <CannedPicker
            ticketId={ticket.id}
            queueId={ticket.queue.id}
            onInsert={insert}
            onError={(e) => setError(errorText(e, tc("errors.generic")))}
          />
          <Upload
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<PaperClipOutlined />} data-testid="composer-attach">
              {t("composer.attach")}
            </Button>
          </Upload>
        </Space>
        <Space wrap>
          {kind === "reply" && statusOptions.length > 0 && (
            <Select<Status>
              data-testid="composer-status"
              aria-label={t("composer.setStatus")}
              placeholder={t("composer.setStatus")}
              allowClear
              style={{ minWidth: 200 }}
              value={status}
              onChange={(value) => setStatus(value ?? null)}
              options={statusOptions.map((s) => ({
                value: s,
                label: t("composer.andSet", { status: t(`status.${s}`) }),
              }))}
            />
          )}
          <Button
            type="primary"
            icon={<SendOutlined />}
            data-testid="composer-send"
            disabled={empty}
            loading={send.isPending}
            onClick={submit}
          >
            {kind === "reply" ? t("composer.sendReply") : t("composer.saveNote")}
          </Button>
        </Space>
      </Space>
    </div>
  );
}

export function Composer({ ticket, focusReply }: { ticket: TicketDetail; focusReply: boolean }) {
  const { t } = useTranslation("tickets");
  const closed = ticket.status === "closed";
  const [kind, setKind] = useState<ComposerKind>(closed ? "note" : "reply");
  const current: ComposerKind = closed ? "note" : kind;

  if (ticket.merged_into !== null) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="composer-merged"
        title={t("composer.merged", { reference: `T-${String(ticket.merged_into).padStart(6, "0")}` })}
      />
    );
  }

  return (
    <section aria-label={t("composer.title")} data-testid="composer">
      <Tabs
        activeKey={current}
        onChange={(key) => setKind(key as ComposerKind)}
        items={[
          {
            key: "reply",
            disabled: closed,
            label: <span data-testid="composer-tab-reply">{t("composer.tabReply")}</span>,
          },
          {
            key: "note",
            label: <span data-testid="composer-tab-note">{t("composer.tabNote")}</span>,
          },
        ]}
      />
      {closed && (
        <Typography.Paragraph type="secondary">{t("composer.closedHint")}</Typography.Paragraph>
      )}
      <ComposerForm
        key={`${ticket.id}.${current}`}
        ticket={ticket}
        kind={current}
        autoFocus={focusReply && current === "reply"}
      />
    </section>
  );
}
