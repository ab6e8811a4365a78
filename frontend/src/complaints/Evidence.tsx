/**
 * The record: adding evidence (an investigation note, files, a linked ticket, chat or call, or an
 * order of the customer's) and the evidence timeline, oldest first: the workflow's steps (who,
 * when, why), the evidence at the time it happened (messages copied from the source, files to
 * download, notes, calls, orders, what the customer was told) and the work item's assignment and
 * SLA events. Text is shown as text, never as HTML.
 */
import { PaperClipOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { App, Button, Card, Empty, Input, Space, Tabs, Tag, Timeline, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../common/time";
import {
  addAttachments,
  addLink,
  addNote,
  type ComplaintDetail,
  type Evidence,
  type ItemEvent,
  type Step,
  type TimelineEntry,
} from "./api";
import { ComplaintError, personName } from "./parts";
import { useComplaintUpdated } from "./queries";
import { SearchSelect } from "./SearchSelect";

export function EvidenceCard({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  return (
    <Card title={t("evidence.title")} size="small" data-testid="complaint-evidence">
      {complaint.actions.includes("add_evidence") && <AddEvidence complaint={complaint} />}
      <EvidenceTimeline entries={complaint.timeline} />
    </Card>
  );
}

// --- adding ------------------------------------------------------------------------------------------

function useAdd<T>(complaint: ComplaintDetail, run: (value: T) => Promise<unknown>, done: string, reset: () => void) {
  const { message } = App.useApp();
  const updated = useComplaintUpdated(complaint.id);
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      updated();
      reset();
      void message.success(done);
    },
  });
}

function AddEvidence({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  return (
    <Tabs
      size="small"
      style={{ marginBottom: 8 }}
      items={[
        { key: "note", label: t("evidence.tabs.note"), children: <NoteForm complaint={complaint} /> },
        { key: "files", label: t("evidence.tabs.files"), children: <FilesForm complaint={complaint} /> },
        { key: "work", label: t("evidence.tabs.work"), children: <LinkForm complaint={complaint} kind="work" /> },
        { key: "order", label: t("evidence.tabs.order"), children: <LinkForm complaint={complaint} kind="order" /> },
      ]}
      data-testid="evidence-add"
    />
  );
}

function NoteForm({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const [body, setBody] = useState("");
  const add = useAdd(complaint, (text: string) => addNote(complaint.id, text), t("evidence.noteAdded"), () => setBody(""));
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {add.error && <ComplaintError error={add.error} testId="evidence-error" />}
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={20_000}
        placeholder={t("evidence.notePlaceholder")}
        aria-label={t("evidence.tabs.note")}
        data-testid="evidence-note-body"
      />
      <Button
        onClick={() => add.mutate(body.trim())}
        disabled={!body.trim()}
        loading={add.isPending}
        data-testid="evidence-note-add"
      >
        {t("evidence.addNote")}
      </Button>
    </Space>
  );
}

function FilesForm({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("complaints");
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [note, setNote] = useState("");
  const add = useAdd(
    complaint,
    () =>
      addAttachments(
        complaint.id,
        files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        note.trim(),
      ),
    t("evidence.filesAdded"),
    () => {
      setFiles([]);
      setNote("");
    },
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {add.error && <ComplaintError error={add.error} testId="evidence-error" />}
      <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
        <Button icon={<PaperClipOutlined />} data-testid="evidence-files-choose">
          {t("evidence.chooseFiles")}
        </Button>
      </Upload>
      <Input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        placeholder={t("evidence.filesNote")}
        aria-label={t("evidence.filesNote")}
        data-testid="evidence-files-note"
      />
      <Button onClick={() => add.mutate(undefined)} disabled={!files.length} loading={add.isPending} data-testid="evidence-files-add">
        {t("evidence.attach")}
      </Button>
    </Space>
  );
}

function LinkForm({ complaint, kind }: { complaint: ComplaintDetail; kind: "work" | "order" }) {
  const { t } = useTranslation("complaints");
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [round, setRound] = useState(0); // a new search box after each link
  const add = useAdd(
    complaint,
    (id: number) => addLink(complaint.id, kind === "work" ? { item: id } : { order: id }),
    t("evidence.linked"),
    () => {
      setChosen(undefined);
      setRound((r) => r + 1);
    },
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {add.error && <ComplaintError error={add.error} testId="evidence-error" />}
      <Typography.Text type="secondary">{t(kind === "work" ? "evidence.workHelp" : "evidence.orderHelp")}</Typography.Text>
      <SearchSelect
        key={round}
        kind={kind}
        minLength={kind === "order" ? 4 : 1}
        value={chosen}
        onChange={setChosen}
        testId={`evidence-link-${kind}`}
      />
      <Button
        onClick={() => chosen && add.mutate(chosen)}
        disabled={!chosen}
        loading={add.isPending}
        data-testid={`evidence-link-${kind}-add`}
      >
        {t("evidence.link")}
      </Button>
    </Space>
  );
}

// --- the timeline ------------------------------------------------------------------------------------

export function EvidenceTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation("complaints");
  if (!entries.length) return <Empty description={t("timeline.empty")} />;
  return (
    <Timeline
      data-testid="complaint-timeline"
      items={entries.map((entry, index) => {
        const key = `${entry.type}-${entry.step?.id ?? entry.evidence?.id ?? entry.event?.id ?? index}`;
        return {
          key,
          color: entry.type === "step" ? "blue" : entry.type === "event" ? "gray" : entry.evidence?.party === "customer" ? "orange" : "green",
          content: (
            <div data-testid={`timeline-${key}`} data-type={entry.type}>
              {entry.step && <StepEntry step={entry.step} t={t} />}
              {entry.evidence && <EvidenceEntry evidence={entry.evidence} t={t} />}
              {entry.event && <EventEntry event={entry.event} at={entry.at} />}
            </div>
          ),
        };
      })}
    />
  );
}

function When({ at, who }: { at: string; who?: string }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {" "}
      {formatDateTime(at)}
      {who ? ` · ${who}` : ""}
    </Typography.Text>
  );
}

function StepEntry({ step, t }: { step: Step; t: TFunction<"complaints"> }) {
  return (
    <div data-action={step.action}>
      <Typography.Text strong>{t(`stepActions.${step.action}`, { defaultValue: step.action_display })}</Typography.Text>
      {step.from_stage && step.from_stage !== step.to_stage && (
        <Typography.Text type="secondary">
          {" "}
          ({t(`stages.${step.from_stage}`)} → {t(`stages.${step.to_stage}`)})
        </Typography.Text>
      )}
      <When at={step.created_at} who={personName(step.actor)} />
      {step.reason && (
        <div className="complaint-evidence-body">
          <Typography.Text type="secondary">{t("timeline.why")}: </Typography.Text>
          {step.reason}
        </div>
      )}
    </div>
  );
}

function fileSize(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function EvidenceEntry({ evidence: e, t }: { evidence: Evidence; t: TFunction<"complaints"> }) {
  const who = e.author_name || personName(e.author) || personName(e.added_by);
  return (
    <div
      className="complaint-evidence"
      data-testid={`evidence-${e.id}`}
      data-kind={e.kind}
      data-party={e.party}
      data-internal={String(e.internal)}
    >
      <Typography.Text strong>{t(`evidenceKinds.${e.kind}`, { defaultValue: e.kind_display })}</Typography.Text>
      {e.source_ref && <Tag style={{ marginLeft: 8 }}>{e.source_ref}</Tag>}
      {e.party && e.party !== "system" && <Tag color={e.party === "customer" ? "orange" : "blue"}>{t(`parties.${e.party}`)}</Tag>}
      {e.internal && <Tag color="gold">{t("timeline.internal")}</Tag>}
      <When at={e.occurred_at} who={who} />
      {e.body && <div className="complaint-evidence-body">{e.body}</div>}
      {e.url && (
        <div style={{ marginTop: 4 }}>
          <a href={e.url} download={e.filename || true} data-testid={`evidence-file-${e.id}`}>
            <PaperClipOutlined /> {e.filename || t("timeline.file")}
          </a>{" "}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fileSize(e.size)}
          </Typography.Text>
        </div>
      )}
      {e.added_by && personName(e.added_by) !== who && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("timeline.addedBy", { name: personName(e.added_by), time: formatDateTime(e.created_at) })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

function EventEntry({ event, at }: { event: ItemEvent; at: string }) {
  const { t } = useTranslation("complaints");
  return (
    <div data-verb={event.verb}>
      <Typography.Text>{event.verb_display || event.verb}</Typography.Text>
      <When at={at} who={personName(event.actor)} />
      {event.reason && (
        <div className="complaint-evidence-body">
          <Typography.Text type="secondary">{t("timeline.why")}: </Typography.Text>
          {event.reason}
        </div>
      )}
    </div>
  );
}
