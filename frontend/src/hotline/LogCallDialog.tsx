/**
 * "Log a call": a call made or taken on a telephone without integration, with the fields the
 * telephone system would give (direction, number, queue, how it went, when) and the wrap-up
 * (outcome, category, notes). With a work item ("Call back" on a ring-back or a call) it is
 * logged against that item: an answered call back completes a ring-back.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, DatePicker, Form, Input, Modal, Radio, Select, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { zonedToIso } from "../common/time";
import { FormButtons } from "../customers/FormParts";
import { applyFieldErrors } from "../customers/formErrors";
import {
  categoriesKey,
  fetchCategories,
  HOTLINE_KEY,
  LOGGED_STATES,
  logCall,
  OUTCOMES,
  type CallLogInput,
  type CallOutcome,
  type Direction,
  type LoggedState,
} from "./api";
import { useQueueOptions } from "./CallList";
import { formatNumber } from "./format";
import { HotlineError } from "./parts";

const WALL_CLOCK = "YYYY-MM-DD HH:mm";

/** What the dialog starts with; `item` logs the call against that work item (a call back). */
export interface LogPreset {
  direction?: Direction;
  number?: string;
  queue?: number;
  item?: { id: number; reference: string };
}

interface Values {
  direction: Direction;
  number: string;
  queue?: number;
  state: LoggedState;
  initiated_at?: Dayjs | null;
  ended_at?: Dayjs | null;
  outcome?: CallOutcome;
  category?: number;
  notes?: string;
}

/** The server's field → the form's (`from` / `to` are the number typed). */
const FIELD_NAMES: Record<string, string> = {
  from: "number",
  to: "number",
  queue: "queue",
  state: "state",
  initiated_at: "initiated_at",
  answered_at: "initiated_at",
  ended_at: "ended_at",
  outcome: "outcome",
  category: "category",
  notes: "notes",
};

function toInput(values: Values, preset: LogPreset): CallLogInput {
  const number = values.number.trim();
  return {
    direction: values.direction,
    ...(values.direction === "inbound" ? { from: number } : { to: number }),
    state: values.state,
    ...(preset.item ? { item: preset.item.id } : { queue: values.queue }),
    ...(values.initiated_at && { initiated_at: zonedToIso(values.initiated_at.format(WALL_CLOCK)) }),
    ...(values.ended_at && { ended_at: zonedToIso(values.ended_at.format(WALL_CLOCK)) }),
    ...(values.outcome && { outcome: values.outcome }),
    ...(values.category && { category: values.category }),
    notes: (values.notes ?? "").trim(),
  };
}

export function LogCallDialog({ preset, onClose }: { preset: LogPreset; onClose: () => void }) {
  const { t } = useTranslation("hotline");
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const options = useQueueOptions();
  const direction = Form.useWatch("direction", form) ?? preset.direction ?? "inbound";
  const chosenQueue = Form.useWatch("queue", form);
  const queue = preset.item ? preset.queue : chosenQueue;
  const categories = useQuery({
    queryKey: categoriesKey(queue ?? 0),
    queryFn: ({ signal }) => fetchCategories(queue!, signal),
    enabled: Boolean(queue),
    staleTime: 5 * 60_000,
  });

  const log = useMutation({
    mutationFn: async (values: Values) => {
      try {
        return await logCall(toInput(values, preset));
      } catch (error) {
        applyFieldErrors(form, error, (field) => (FIELD_NAMES[field] ? [FIELD_NAMES[field]] : null));
        throw error;
      }
    },
    onSuccess: (call) => {
      void message.success(t("log.done", { reference: call.reference }));
      void client.invalidateQueries({ queryKey: HOTLINE_KEY });
      onClose();
    },
  });
  // Errors of a field sit under it; anything else above the form.
  const fieldError =
    log.error instanceof ApiError && Object.keys(log.error.fields).some((f) => f in FIELD_NAMES);
  const callBack = Boolean(preset.item);

  return (
    <Modal
      open
      title={
        preset.item
          ? t("log.callBackTitle", { reference: preset.item.reference, number: formatNumber(preset.number) })
          : t("log.title")
      }
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          direction: preset.direction ?? "inbound",
          number: preset.number ?? "",
          queue: preset.queue ?? (me?.queues.length === 1 ? me.queues[0]!.queue : undefined),
          state: "answered",
          notes: "",
        }}
        onFinish={(values) => log.mutate(values)}
        data-testid="log-form"
      >
        {log.error && !fieldError && <HotlineError error={log.error} testId="log-error" />}
        <Form.Item name="direction" label={t("columns.direction")}>
          <Radio.Group disabled={callBack} data-testid="log-direction">
            <Radio.Button value="inbound" data-testid="log-direction-inbound">
              {t("directions.inbound")}
            </Radio.Button>
            <Radio.Button value="outbound" data-testid="log-direction-outbound">
              {t("directions.outbound")}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="number"
          label={t(direction === "inbound" ? "log.caller" : "log.callee")}
          rules={[{ required: true, whitespace: true, message: t("form.required") }]}
        >
          <Input type="tel" maxLength={64} autoComplete="off" placeholder="138 0013 8000" disabled={callBack} data-testid="log-number" />
        </Form.Item>
        {!callBack && (
          <Form.Item name="queue" label={t("columns.queue")} rules={[{ required: true, message: t("form.required") }]}>
            <Select<number>
              options={options.queues}
              loading={options.loading}
              showSearch={{ optionFilterProp: "label" }}
              onChange={() => form.setFieldValue("category", undefined)}
              data-testid="log-queue"
            />
          </Form.Item>
        )}
        <Form.Item name="state" label={t("log.how")} rules={[{ required: true, message: t("form.required") }]}>
          <Select<LoggedState>
            options={LOGGED_STATES.map((s) => ({ value: s, label: t(`log.states.${direction}.${s}`) }))}
            data-testid="log-state"
          />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="initiated_at" label={t("log.started")} extra={t("log.nowIfEmpty")}>
            <DatePicker showTime={{ format: "HH:mm" }} format={WALL_CLOCK} data-testid="log-started" />
          </Form.Item>
          <Form.Item name="ended_at" label={t("log.ended")} extra={t("log.nowIfEmpty")}>
            <DatePicker showTime={{ format: "HH:mm" }} format={WALL_CLOCK} data-testid="log-ended" />
          </Form.Item>
        </Space>
        <Space size={16} wrap>
          <Form.Item name="outcome" label={t("wrapUp.outcome")}>
            <Select<CallOutcome>
              allowClear
              style={{ minWidth: 200 }}
              options={OUTCOMES.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
              data-testid="log-outcome"
            />
          </Form.Item>
          <Form.Item name="category" label={t("wrapUp.category")}>
            <Select<number>
              allowClear
              style={{ minWidth: 200 }}
              disabled={!queue}
              loading={categories.isFetching}
              options={(categories.data?.results ?? []).map((c) => ({ value: c.id, label: c.name }))}
              data-testid="log-category"
            />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t("wrapUp.notes")}>
          <Input.TextArea maxLength={10000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="log-notes" />
        </Form.Item>
        {callBack && (
          <Typography.Paragraph type="secondary" data-testid="log-callback-hint">
            {t("log.callBackHint")}
          </Typography.Paragraph>
        )}
        <FormButtons onCancel={onClose} submitLabel={t("log.submit")} busy={log.isPending} testId="log-submit" />
      </Form>
    </Modal>
  );
}
