import { Alert, App, Button, Form, Input, Modal, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Queue, UserBrief, WorkItem } from "../api/types";
import { useBulkAssign, type AssignFailure } from "./queries";

/** Everyone who works one of the items' queues: only they can be given those items. */
export function candidates(items: WorkItem[], queues: Queue[]): UserBrief[] {
  const queueIds = new Set(items.map((i) => i.queue.id));
  const users = new Map<number, UserBrief>();
  for (const queue of queues) {
    if (!queueIds.has(queue.id)) continue;
    for (const m of queue.memberships) users.set(m.user.id, m.user);
  }
  return [...users.values()].sort((a, b) => a.name.localeCompare(b.name));
}

interface FormProps {
  items: WorkItem[];
  queues: Queue[];
  onCancel: () => void;
  /** Called with the ids that were assigned; failures stay on screen. */
  onAssigned: (ids: number[], allDone: boolean) => void;
}

function BulkAssignForm({ items, queues, onCancel, onAssigned }: FormProps) {
  const { t } = useTranslation("inbox");
  const { message } = App.useApp();
  const [assignee, setAssignee] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [failures, setFailures] = useState<AssignFailure[]>([]);
  const assign = useBulkAssign(t("errors.generic", { ns: "common" }));
  const users = candidates(items, queues);

  const submit = () => {
    if (assignee === null || !items.length) return;
    assign.mutate(
      { items, assignee, reason },
      {
        onSuccess: ({ assigned, failures }) => {
          setFailures(failures);
          if (assigned.length) message.success(t("bulk.done", { count: assigned.length }));
          onAssigned(
            assigned.map((i) => i.id),
            failures.length === 0,
          );
        },
      },
    );
  };

  return (
    <Form layout="vertical" onFinish={submit}>
      <Form.Item label={t("bulk.assignee")} htmlFor="inbox-bulk-assignee" required>
        <Select<number>
          id="inbox-bulk-assignee"
          data-testid="inbox-bulk-assignee"
          showSearch={{ optionFilterProp: "label" }}
          value={assignee ?? undefined}
          onChange={setAssignee}
          placeholder={t("bulk.assigneePlaceholder")}
          options={users.map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
        />
      </Form.Item>
      <Form.Item label={t("bulk.reason")} htmlFor="inbox-bulk-reason">
        <Input.TextArea
          id="inbox-bulk-reason"
          rows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Form.Item>
      {failures.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="inbox-bulk-result"
          title={t("bulk.failed", { count: failures.length })}
          description={
            <ul className="inbox-bulk-failures">
              {failures.map((f) => (
                <li key={f.item.id} data-testid={`inbox-bulk-failure-${f.item.id}`}>
                  {t("bulk.failure", { reference: f.item.reference, message: f.message })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Space className="inbox-bulk-actions">
        <Button onClick={onCancel}>{t("actions.cancel", { ns: "common" })}</Button>
        <Button
          type="primary"
          htmlType="submit"
          loading={assign.isPending}
          disabled={assignee === null || !items.length}
          data-testid="inbox-bulk-submit"
        >
          {t("bulk.submit")}
        </Button>
      </Space>
    </Form>
  );
}

interface Props {
  items: WorkItem[];
  queues: Queue[];
  onAssigned: (ids: number[]) => void;
}

/** For queue leads: give the selected items to one member, reporting each refusal. */
export function BulkAssign({ items, queues, onAssigned }: Props) {
  const { t } = useTranslation("inbox");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        data-testid="inbox-bulk-assign"
        disabled={!items.length}
        onClick={() => setOpen(true)}
      >
        {t("bulk.button", { count: items.length })}
      </Button>
      <Modal
        open={open}
        title={t("bulk.title", { count: items.length })}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
      >
        <BulkAssignForm
          items={items}
          queues={queues}
          onCancel={() => setOpen(false)}
          onAssigned={(ids, allDone) => {
            onAssigned(ids);
            if (allDone) setOpen(false);
          }}
        />
      </Modal>
    </>
  );
}
