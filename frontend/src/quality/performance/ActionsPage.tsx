/**
 * `/quality/actions` (quality.review: supervisors, managers): corrective actions raised by low
 * ratings — open or done, mine or everyone's — with the rating and the item; add a note, mark
 * done. A new action assigned to oneself arrives live (`quality.action_raised`) and refetches.
 */
import { App, Button, Card, Checkbox, Descriptions, Empty, Input, Rate, Segmented, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useEffectEvent, useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import type { InboxEvent } from "../../api/ws";
import { useAuth } from "../../auth/AuthContext";
import { formatDateTime } from "../../common/time";
import { TITLE_STYLE } from "../../customers/FormParts";
import { useLive } from "../../shell/LiveContext";
import { errorText } from "../../tickets/errors";
import { workAction, type ActionStatusFilter, type CorrectiveAction } from "./api";
import { ItemLink, LoadError, NotAllowed } from "./parts";
import { useActions, useQualityChanged } from "./queries";

export function ActionsPage() {
  const { can } = useAuth();
  if (!can("quality.review")) return <NotAllowed />;
  return <Actions />;
}

/** A new action for oneself: tell the user and refetch. */
function useActionsLive() {
  const { subscribe } = useLive();
  const { notification } = App.useApp();
  const { t } = useTranslation("performance");
  const changed = useQualityChanged();
  const onEvent = useEffectEvent((event: InboxEvent) => {
    if (event.type === "connected") changed();
    if (event.type !== "quality.action_raised") return;
    const payload = event.payload as { reference?: string; score?: number };
    notification.info({ title: t("actions.raisedLive", { reference: payload.reference, score: payload.score }) });
    changed();
  });
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

function Actions() {
  const { t } = useTranslation("performance");
  const [params] = useSearchParams();
  const [status, setStatus] = useState<ActionStatusFilter>("open");
  const [mine, setMine] = useState(false);
  const actions = useActions(status, mine);
  useActionsLive();
  const linked = Number(params.get("action")) || null;
  const columns: ColumnsType<CorrectiveAction> = [
    { title: t("actions.columns.item"), key: "item", render: (_, a) => <ItemLink kind={a.kind} id={a.item} reference={a.reference} /> },
    { title: t("trace.subject"), dataIndex: "subject", key: "subject" },
    { title: t("actions.columns.agent"), key: "agent", render: (_, a) => a.agent?.name ?? "–" },
    {
      title: t("actions.columns.rating"),
      key: "rating",
      render: (_, a) => (
        <span data-testid={`action-score-${a.id}`}>
          <Rate disabled value={a.score} count={5} style={{ fontSize: 12 }} /> {a.score}
        </span>
      ),
    },
    { title: t("actions.columns.assignee"), key: "assignee", render: (_, a) => a.assignee?.name ?? t("actions.unassigned") },
    { title: t("actions.columns.raised"), key: "raised", render: (_, a) => formatDateTime(a.created_at) },
    {
      title: t("actions.columns.status"),
      key: "status",
      render: (_, a) => <Tag color={a.status === "open" ? "orange" : "green"}>{t(`actions.status.${a.status}`)}</Tag>,
    },
  ];
  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("actions.title")}</h1>}>
      <Typography.Paragraph type="secondary">{t("actions.intro")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<ActionStatusFilter>
          value={status}
          onChange={setStatus}
          options={(["open", "done", "all"] as const).map((s) => ({ value: s, label: t(`actions.status.${s}`) }))}
          data-testid="status-filter"
        />
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} data-testid="mine-filter">
          {t("actions.mine")}
        </Checkbox>
      </Space>
      {actions.isError ? (
        <LoadError error={actions.error} />
      ) : (
        <Table<CorrectiveAction>
          rowKey="id"
          size="small"
          loading={actions.isLoading}
          columns={columns}
          dataSource={actions.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{
            expandedRowRender: (a) => <ActionDetail action={a} />,
            defaultExpandedRowKeys: linked ? [linked] : [],
          }}
          locale={{ emptyText: <Empty description={t("actions.empty")} /> }}
          data-testid="actions-table"
          onRow={(a) => ({ "data-testid": `action-row-${a.id}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}

function ActionDetail({ action }: { action: CorrectiveAction }) {
  const { t } = useTranslation("performance");
  const { message } = App.useApp();
  const changed = useQualityChanged();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const send = async (done: boolean) => {
    setBusy(true);
    try {
      await workAction(action.id, { note: note.trim(), done });
      void message.success(done ? t("actions.doneSaved") : t("actions.noted"));
      setNote("");
      changed();
    } catch (error) {
      void message.error(errorText(error, "network"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid={`action-detail-${action.id}`}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t("actions.columns.rating")}>
          {action.score} · {formatDateTime(action.rated_at)} · {action.comment ? `“${action.comment}”` : t("actions.noComment")}
        </Descriptions.Item>
        <Descriptions.Item label={t("actions.notes")}>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid={`action-notes-${action.id}`}>
            {action.note || t("actions.noNotes")}
          </Typography.Paragraph>
        </Descriptions.Item>
        {action.done_by && (
          <Descriptions.Item label={t("actions.status.done")}>
            <span data-testid={`action-done-${action.id}`}>
              {t("actions.doneBy", { name: action.done_by.name, at: formatDateTime(action.done_at) })}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Input.TextArea
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t("actions.notePlaceholder")}
        aria-label={t("actions.note")}
        maxLength={4000}
        data-testid={`action-note-${action.id}`}
      />
      <Space>
        <Button disabled={!note.trim() || busy} onClick={() => void send(false)} data-testid={`action-add-note-${action.id}`}>
          {t("actions.addNote")}
        </Button>
        {action.status === "open" && (
          <Button type="primary" loading={busy} onClick={() => void send(true)} data-testid={`action-done-button-${action.id}`}>
            {note.trim() ? t("actions.noteAndDone") : t("actions.markDone")}
          </Button>
        )}
      </Space>
    </Space>
  );
}
