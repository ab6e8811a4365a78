/** My chat status (online / away / offline), my load, the socket's state, alerts and layout. */
import { SoundOutlined, MutedOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Radio, Segmented, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { PresenceStatus } from "../api/types";
import { fetchPresence, presenceKey, setPresence } from "./api";
import type { ConnectionStatus } from "./connection";
import { errorText } from "./errors";

export type Layout = "tabs" | "columns";

const STATUSES: PresenceStatus[] = ["online", "away", "offline"];
const CONNECTION_BADGE: Record<ConnectionStatus, "success" | "processing" | "warning" | "error"> = {
  ready: "success",
  syncing: "processing",
  connecting: "processing",
  offline: "warning",
  unauthenticated: "error",
  forbidden: "error",
};

interface Props {
  connection: ConnectionStatus;
  muted: boolean;
  onToggleMute: () => void;
  layout: Layout;
  onLayout: (layout: Layout) => void;
}

export function PresenceBar({ connection, muted, onToggleMute, layout, onLayout }: Props) {
  const { t } = useTranslation("chat");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const presence = useQuery({ queryKey: presenceKey, queryFn: fetchPresence, refetchInterval: 60_000 });
  const change = useMutation({
    mutationFn: setPresence,
    onSuccess: (answer) => client.setQueryData(presenceKey, answer),
    onError: (error) => void message.error(errorText(error, tc("errors.generic"))),
  });
  const status = change.isPending ? change.variables : presence.data?.status;

  return (
    <div className="chat-toolbar">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t("title")}
      </Typography.Title>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        aria-label={t("presence.label")}
        data-testid="chat-presence"
        data-status={presence.data?.status ?? ""}
        value={status}
        disabled={presence.isPending}
        onChange={(e) => change.mutate(e.target.value as PresenceStatus)}
      >
        {STATUSES.map((s) => (
          <Radio.Button key={s} value={s}>
            <span data-testid={`chat-presence-${s}`}>{t(`presence.${s}`)}</span>
          </Radio.Button>
        ))}
      </Radio.Group>
      {presence.data && (
        <Tooltip title={t("presence.capacityHint")}>
          <span
            data-testid="chat-capacity"
            data-active={presence.data.active_chats}
            data-capacity={presence.data.chat_capacity}
            className="chat-capacity"
          >
            {t("presence.capacity", {
              active: presence.data.active_chats,
              capacity: presence.data.chat_capacity,
            })}
          </span>
        </Tooltip>
      )}
      <span data-testid="chat-connection" data-status={connection}>
        <Badge status={CONNECTION_BADGE[connection]} text={t(`connection.${connection}`)} />
      </span>
      <span className="chat-toolbar-spacer" />
      <Segmented<Layout>
        aria-label={t("layout.label")}
        value={layout}
        onChange={onLayout}
        options={[
          { value: "tabs", label: t("layout.tabs") },
          { value: "columns", label: t("layout.columns") },
        ]}
      />
      <Tooltip title={muted ? t("mute.on") : t("mute.off")}>
        <Button
          data-testid="chat-mute"
          aria-pressed={muted}
          aria-label={muted ? t("mute.on") : t("mute.off")}
          icon={muted ? <MutedOutlined /> : <SoundOutlined />}
          onClick={onToggleMute}
        />
      </Tooltip>
      {presence.data?.status === "offline" ? (
        <Typography.Text type="secondary" className="chat-toolbar-hint">
          {t("presence.offlineHint")}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" className="chat-toolbar-hint">
          {t("presence.keepOpen")}
        </Typography.Text>
      )}
    </div>
  );
}
