/**
 * Write to the visitor, or an internal note. Enter sends, Shift+Enter is a new line (and Enter
 * while an input method is composing Chinese only confirms the characters).
 */
import { SendOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Button, Input, Select, Switch, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { chatCannedKey, fetchCanned, renderCanned } from "./api";
import { MESSAGE_MAX_CHARS, type AgentChatConnection } from "./connection";
import { errorText } from "./errors";

interface Props {
  conversationId: number;
  queueId: number | null;
  itemId: number;
  connection: AgentChatConnection;
  ended: boolean;
}

function CannedPicker({ id, queueId, itemId, onInsert }: { id: number; queueId: number; itemId: number; onInsert: (text: string) => void }) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [opened, setOpened] = useState(false);
  const list = useQuery({
    queryKey: chatCannedKey(queueId),
    queryFn: () => fetchCanned(queueId),
    enabled: opened,
    staleTime: 60_000,
  });
  const render = useMutation({
    mutationFn: (cannedId: number) => renderCanned(cannedId, itemId),
    onSuccess: (rendered) => onInsert(rendered.body),
    onError: (error) => void message.error(errorText(error, tc("errors.generic"))),
  });
  return (
    <Select<number>
      data-testid={`chat-canned-${id}`}
      aria-label={t("composer.canned")}
      placeholder={t("composer.canned")}
      size="small"
      style={{ minWidth: 160 }}
      value={null}
      showSearch={{ optionFilterProp: "label" }}
      loading={list.isFetching || render.isPending}
      onOpenChange={(open) => open && setOpened(true)}
      onFocus={() => setOpened(true)}
      notFoundContent={list.isFetching ? t("loading") : t("composer.noCanned")}
      options={(list.data?.results ?? []).filter((c) => c.is_active).map((c) => ({ value: c.id, label: c.title }))}
      onChange={(cannedId) => render.mutate(cannedId)}
    />
  );
}

export function ChatComposer({ conversationId: id, queueId, itemId, connection, ended }: Props) {
  const { t } = useTranslation("chat");
  const [text, setText] = useState("");
  const [note, setNote] = useState(false);
  const area = useRef<TextAreaRef>(null);
  const tooLong = text.trim().length > MESSAGE_MAX_CHARS;

  if (ended) {
    return (
      <div className="chat-composer chat-composer-ended">
        <Typography.Text type="secondary">{t("composer.ended")}</Typography.Text>
      </div>
    );
  }

  const send = () => {
    if (!text.trim() || tooLong) return;
    if (connection.send(id, text, note)) setText("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    }
  };
  const insert = (snippet: string) => {
    setText((current) => (current.trim() ? `${current.replace(/\s+$/, "")}\n${snippet}` : snippet));
    area.current?.focus();
  };

  return (
    <div className={`chat-composer${note ? " chat-composer-note" : ""}`}>
      <Input.TextArea
        ref={area}
        data-testid={`chat-input-${id}`}
        aria-label={note ? t("composer.note") : t("composer.label")}
        placeholder={note ? t("composer.notePlaceholder") : t("composer.placeholder")}
        value={text}
        autoSize={{ minRows: 2, maxRows: 6 }}
        status={tooLong ? "error" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          // A note is never announced to the visitor as "typing".
          if (!note && e.target.value.trim()) connection.typing(id);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => connection.stopTyping(id)}
      />
      {tooLong && (
        <Typography.Text type="danger" role="alert">
          {t("composer.tooLong", { max: MESSAGE_MAX_CHARS })}
        </Typography.Text>
      )}
      <div className="chat-composer-bar">
        <label className="chat-note-toggle">
          <Switch
            size="small"
            checked={note}
            data-testid={`chat-note-toggle-${id}`}
            aria-label={t("composer.note")}
            onChange={(checked) => {
              setNote(checked);
              if (checked) connection.stopTyping(id);
            }}
          />{" "}
          {t("composer.note")}
        </label>
        {queueId !== null && <CannedPicker id={id} queueId={queueId} itemId={itemId} onInsert={insert} />}
        <span className="chat-toolbar-spacer" />
        <Button
          type="primary"
          size="small"
          icon={<SendOutlined />}
          data-testid={`chat-send-${id}`}
          disabled={!text.trim() || tooLong}
          onClick={send}
        >
          {note ? t("composer.saveNote") : t("composer.send")}
        </Button>
      </div>
    </div>
  );
}
