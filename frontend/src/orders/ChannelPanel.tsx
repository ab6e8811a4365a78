/**
 * The channel panel: a tile per supplier channel (breaker, success over 15 minutes, latency, in
 * flight, balance, errors, the last 30 minutes), polled every 3 s; forcing a channel open or
 * closed (with a reason) and its history for those who manage channels.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useAuth } from "../auth/AuthContext";
import { formatDateTime, formatDuration } from "../common/time";
import { useNow } from "../common/useNow";
import { ErrorAlert, FormButtons } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import {
  CATEGORIES,
  CHANNELS_KEY,
  channelEventsKey,
  fetchChannelEvents,
  fetchChannels,
  forceChannel,
  type ChannelEvent,
  type ChannelTile,
  type ForcedState,
} from "./api";
import { Sparkline } from "./charts";
import { latency, percent, secondsSince, yuan } from "./format";
import { useChannelsLive } from "./live";
import { BREAKER_COLOURS, breakerLabel, categoryName, reasonText } from "./parts";

export const POLL_MS = 3_000;

/** The tiles, polled every 3 s (and refetched on order events, see ./live). */
export function useChannelTiles(enabled = true) {
  return useQuery({
    queryKey: CHANNELS_KEY,
    queryFn: ({ signal }) => fetchChannels(signal),
    refetchInterval: POLL_MS,
    enabled,
  });
}

type Force = { channel: ChannelTile; state: ForcedState };

export function ChannelPanel() {
  const { t } = useTranslation("orders");
  const { can } = useAuth();
  useChannelsLive();
  const tiles = useChannelTiles();
  const now = useNow(1_000);
  const [force, setForce] = useState<Force | null>(null);
  const [history, setHistory] = useState<ChannelTile | null>(null);

  if (tiles.isPending) return <Skeleton active />;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text type="secondary" data-testid="panel-updated" data-stale={tiles.isError}>
          {tiles.dataUpdatedAt ? t("panel.updated", { seconds: secondsSince(tiles.dataUpdatedAt, now) }) : ""}
        </Typography.Text>
        {tiles.isError && tiles.data && (
          <Typography.Text type="danger">{t("panel.stale")}</Typography.Text>
        )}
      </Space>
      {tiles.isError && !tiles.data && <ErrorAlert error={tiles.error} />}
      {tiles.data && tiles.data.length === 0 && <Empty description={t("panel.empty")} />}
      <Row gutter={[16, 16]} data-testid="channel-tiles">
        {(tiles.data ?? []).map((tile) => (
          <Col key={tile.id} xs={24} md={12} xl={8}>
            <ChannelTileCard
              tile={tile}
              manage={can("channel.manage")}
              onForce={(state) => setForce({ channel: tile, state })}
              onHistory={() => setHistory(tile)}
            />
          </Col>
        ))}
      </Row>
      {force && <ForceDialog force={force} onClose={() => setForce(null)} />}
      {history && <HistoryDrawer channel={history} onClose={() => setHistory(null)} />}
    </>
  );
}

function BreakerBadge({ tile }: { tile: ChannelTile }) {
  const { t } = useTranslation("orders");
  const { state, forced } = tile.breaker;
  const tag = (
    <Tag
      color={BREAKER_COLOURS[state]}
      data-testid={`channel-state-${tile.id}`}
      data-state={state}
      data-forced={forced}
      style={forced ? { borderStyle: "dashed" } : undefined}
    >
      {breakerLabel(t, state, forced)}
    </Tag>
  );
  if (!forced) return tag;
  return <ForcedTooltip tile={tile}>{tag}</ForcedTooltip>;
}

/** Who forced the channel and why: the reason from the tile, the person from its latest forced event. */
function ForcedTooltip({ tile, children }: { tile: ChannelTile; children: React.ReactElement }) {
  const { t } = useTranslation("orders");
  const [open, setOpen] = useState(false);
  const events = useQuery({
    queryKey: channelEventsKey(tile.id),
    queryFn: ({ signal }) => fetchChannelEvents(tile.id, signal),
    enabled: open,
    staleTime: 10_000,
  });
  const last = events.data?.results.find((e) => e.kind === "forced");
  const title = (
    <div data-testid={`channel-forced-${tile.id}`}>
      <div>{t("tile.forcedWhy", { reason: tile.forced_reason || "—" })}</div>
      {last && (
        <div>{t("tile.forcedBy", { name: last.actor?.name || last.actor?.username || "—", time: formatDateTime(last.created_at) })}</div>
      )}
    </div>
  );
  return (
    <Tooltip title={title} open={open} onOpenChange={setOpen}>
      {children}
    </Tooltip>
  );
}

function ChannelTileCard({
  tile,
  manage,
  onForce,
  onHistory,
}: {
  tile: ChannelTile;
  manage: boolean;
  onForce: (state: ForcedState) => void;
  onHistory: () => void;
}) {
  const { t } = useTranslation("orders");
  const now = useNow(1_000);
  const { state, forced, retry_in: retryIn } = tile.breaker;
  const errors = CATEGORIES.filter((c) => (tile.errors[c] ?? 0) > 0);
  const other = Object.keys(tile.errors).filter((c) => !(CATEGORIES as readonly string[]).includes(c) && tile.errors[c]! > 0);
  return (
    <Card
      size="small"
      data-testid={`channel-tile-${tile.id}`}
      data-name={tile.name}
      data-state={state}
      data-forced={forced}
      title={
        <Space size={8} wrap>
          <span>{tile.name}</span>
          <BreakerBadge tile={tile} />
          {!tile.enabled && <Tag>{t("tile.disabled")}</Tag>}
        </Space>
      }
      extra={
        <Button size="small" type="link" onClick={onHistory} data-testid={`channel-history-${tile.id}`}>
          {t("tile.history")}
        </Button>
      }
      actions={
        manage
          ? [
              ...(forced !== "open"
                ? [
                    <Button key="open" size="small" danger onClick={() => onForce("open")} data-testid={`channel-force-open-${tile.id}`}>
                      {t("force.open")}
                    </Button>,
                  ]
                : []),
              ...(forced !== "closed"
                ? [
                    <Button key="closed" size="small" onClick={() => onForce("closed")} data-testid={`channel-force-closed-${tile.id}`}>
                      {t("force.closed")}
                    </Button>,
                  ]
                : []),
              ...(forced
                ? [
                    <Button key="auto" size="small" type="primary" onClick={() => onForce("")} data-testid={`channel-force-auto-${tile.id}`}>
                      {t("force.auto")}
                    </Button>,
                  ]
                : []),
            ]
          : undefined
      }
    >
      {state === "open" && !forced && retryIn !== null && (
        <Typography.Paragraph type="danger" style={{ marginBottom: 8 }} data-testid={`channel-retry-${tile.id}`}>
          {retryIn > 0
            ? t("tile.retryIn", { span: formatDuration(Math.ceil(retryIn)) })
            : t("tile.retryNext")}
          {tile.breaker.trips > 1 && ` · ${t("tile.trips", { count: tile.breaker.trips })}`}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} colon={false} styles={{ label: { width: 120, whiteSpace: "nowrap" } }}>
        <Descriptions.Item label={t("tile.success")}>
          <span data-testid={`channel-rate-${tile.id}`} data-rate={tile.success_rate ?? ""}>
            <Typography.Text strong type={rateType(tile.success_rate)}>
              {percent(tile.success_rate)}
            </Typography.Text>{" "}
            <Typography.Text type="secondary">{t("tile.answers", { count: tile.answered })}</Typography.Text>
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tile.latency")}>
          <span data-testid={`channel-latency-${tile.id}`}>
            {t("tile.percentiles", { p50: latency(tile.latency_p50_ms), p95: latency(tile.latency_p95_ms) })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tile.inFlight")}>
          <span data-testid={`channel-in-flight-${tile.id}`}>{tile.in_flight}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tile.balance")}>
          <span data-testid={`channel-balance-${tile.id}`}>
            {tile.balance === null ? (
              <Typography.Text type="secondary">{t("tile.balanceUnknown")}</Typography.Text>
            ) : (
              <>
                <Typography.Text type={tile.low_balance ? "warning" : undefined}>{yuan(tile.balance)}</Typography.Text>{" "}
                {tile.balance_read_at && (
                  <Typography.Text type="secondary">
                    {t("tile.readAgo", { span: formatDuration(secondsSince(tile.balance_read_at, now)) })}
                  </Typography.Text>
                )}
                {tile.low_balance && (
                  <Tag color="orange" style={{ marginLeft: 6 }} data-testid={`channel-low-balance-${tile.id}`}>
                    {t("tile.lowBalance")}
                  </Tag>
                )}
              </>
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("tile.errors")}>
          <span data-testid={`channel-errors-${tile.id}`}>
            {errors.length + other.length === 0 ? (
              <Typography.Text type="secondary">{t("tile.noErrors")}</Typography.Text>
            ) : (
              [...errors, ...other].map((c) => (
                <Tag key={c} color={c === "customer" ? undefined : "red"} data-category={c}>
                  {categoryName(t, c)}: {tile.errors[c]}
                </Tag>
              ))
            )}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("tile.lastMinutes")}
        </Typography.Text>
        <Sparkline points={tile.sparkline} testId={`channel-spark-${tile.id}`} />
      </div>
    </Card>
  );
}

function rateType(rate: number | null): "success" | "warning" | "danger" | undefined {
  if (rate === null) return undefined;
  if (rate >= 0.95) return "success";
  return rate >= 0.8 ? "warning" : "danger";
}

/** Force open (no traffic), force closed (all traffic, breaker ignored), or back to automatic: always with a reason. */
function ForceDialog({ force, onClose }: { force: Force; onClose: () => void }) {
  const { t } = useTranslation("orders");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const { channel, state } = force;
  const key = state === "" ? "auto" : state;

  const save = useMutation({
    mutationFn: async (reason: string) => {
      try {
        return await forceChannel(channel.id, state, reason);
      } catch (error) {
        applyFieldErrors(form, error, plainField(["reason"]));
        throw error;
      }
    },
    onSuccess: (tiles) => {
      client.setQueryData(CHANNELS_KEY, tiles);
      void client.invalidateQueries({ queryKey: channelEventsKey(channel.id) });
      void message.success(t(`force.done.${key}`, { name: channel.name }));
      onClose();
    },
  });

  return (
    <Modal open title={t(`force.title.${key}`, { name: channel.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t(`force.explain.${key}`)}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => save.mutate(values.reason.trim())}>
        {save.error && <ErrorAlert error={save.error} />}
        <Form.Item
          name="reason"
          label={t("force.reason")}
          rules={[{ required: true, whitespace: true, message: t("force.reasonRequired") }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="force-reason" />
        </Form.Item>
        <FormButtons onCancel={onClose} submitLabel={t(`force.${key}`)} busy={save.isPending} testId="force-submit" />
      </Form>
    </Modal>
  );
}

function eventTitle(event: ChannelEvent, t: (key: string, options?: Record<string, unknown>) => string): string {
  const state = (value: string) => (value ? t(`breaker.${value}`, { defaultValue: value }) : "—");
  if (event.kind === "forced") return t(`history.forced.${event.to_state}`, { defaultValue: event.to_state });
  if (event.kind === "released") return t("history.released");
  return t("history.breaker", { from: state(event.from_state), to: state(event.to_state) });
}

/** A channel's breaker turns and forced states, newest first. */
function HistoryDrawer({ channel, onClose }: { channel: ChannelTile; onClose: () => void }) {
  const { t } = useTranslation("orders");
  const events = useQuery({
    queryKey: channelEventsKey(channel.id),
    queryFn: ({ signal }) => fetchChannelEvents(channel.id, signal),
    refetchInterval: POLL_MS,
  });
  return (
    <Drawer open title={t("history.title", { name: channel.name })} onClose={onClose} size="large" destroyOnHidden>
      {events.error && <ErrorAlert error={events.error} />}
      {events.isPending ? (
        <Skeleton active />
      ) : events.data?.results.length ? (
        <Timeline
          data-testid="channel-history"
          items={events.data.results.map((event) => ({
            key: event.id,
            color: event.to_state === "open" ? "red" : event.to_state === "half_open" ? "orange" : event.kind === "released" ? "blue" : "green",
            content: (
              <div data-testid={`channel-event-${event.id}`}>
                <Typography.Text strong>{eventTitle(event, t)}</Typography.Text>{" "}
                <Typography.Text type="secondary">{formatDateTime(event.created_at)}</Typography.Text>
                {event.actor && <div>{t("history.by", { name: event.actor.name || event.actor.username })}</div>}
                {event.reason && (
                  <div>
                    <Typography.Text type="secondary">{t("history.why")}: </Typography.Text>
                    {reasonText(t, event.reason)}
                  </div>
                )}
                {typeof event.data.wait_seconds === "number" && (
                  <div>
                    <Typography.Text type="secondary">
                      {t("history.wait", { span: formatDuration(Math.round(event.data.wait_seconds)) })}
                    </Typography.Text>
                  </div>
                )}
              </div>
            ),
          }))}
        />
      ) : (
        <Empty description={t("history.empty")} />
      )}
    </Drawer>
  );
}
