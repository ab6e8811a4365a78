import { EditOutlined, LineChartOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { Kind } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { formatDay, todayIso } from "../common/time";
import { ErrorAlert, FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { isQueueLead, useQueues } from "../queues/queries";
import {
  demandKey,
  MAX_DEMAND_DAYS,
  SLOTS_PER_DAY,
  slotLabel,
  type DemandDay,
  type DemandForecastResult,
  type DemandQuery,
} from "../shifts/api";
import { parseSeries } from "./StaffingPage";

const KINDS: Kind[] = ["call", "chat", "callback", "ticket", "complaint", "order_enquiry"];
const ISO = "YYYY-MM-DD";
const DEFAULT_DAYS = 14;

function validDay(value: string | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).isValid() ? value : null;
}

/** 12 stays 12; 2.25 shows as 2.3 (the exact figure is in the cell's tooltip). */
export function formatContacts(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Cell colour: the busier the half-hour against the busiest one shown, the darker. */
function heat(value: number, max: number): React.CSSProperties | undefined {
  if (value <= 0 || max <= 0) return undefined;
  const share = Math.min(1, value / max);
  return {
    background: `rgba(22, 119, 255, ${(0.08 + 0.82 * share).toFixed(2)})`,
    color: share > 0.55 ? "#fff" : undefined,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Demand per queue, kind of work, day and half-hour: a heat map of the days asked for, one day
 * entered by hand (48 figures), or every day forecast from the same weekdays of past weeks.
 * For managers and the queue's supervisors (`staffing.plan`).
 */
export function DemandPage() {
  const { t } = useTranslation("staffing");
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const queues = useQueues();
  const planned = useMemo(
    () => (queues.data ?? []).filter((q) => isQueueLead(me, q.id)),
    [queues.data, me],
  );
  const [params, setParams] = useSearchParams();
  const [weeks, setWeeks] = useState(4);
  const [editing, setEditing] = useState<DemandDay | null>(null);

  const queue = Number(params.get("queue")) || planned[0]?.id || null;
  const kindParam = params.get("kind") as Kind | null;
  const kind: Kind = kindParam && KINDS.includes(kindParam) ? kindParam : "call";
  const from = validDay(params.get("from")) ?? todayIso();
  const to = validDay(params.get("to")) ?? dayjs(from).add(DEFAULT_DAYS - 1, "day").format(ISO);
  const span = dayjs(to).diff(dayjs(from), "day") + 1;
  const rangeError =
    span < 1
      ? t("demand.rangeOrder")
      : span > MAX_DEMAND_DAYS
        ? t("demand.rangeTooLong", { max: MAX_DEMAND_DAYS })
        : null;
  const query: DemandQuery | null = queue !== null && !rangeError ? { queue, kind, from, to } : null;

  const demand = useQuery({
    queryKey: query ? demandKey(query) : ["demand", "none"],
    queryFn: ({ signal }) =>
      api<DemandDay[]>("/staffing/demand/", { query: { ...query }, signal }),
    enabled: query !== null,
  });

  const forecast = useMutation({
    mutationFn: ({ query: q, weeks: w }: { query: DemandQuery; weeks: number }) =>
      api<DemandForecastResult>("/staffing/demand/forecast/", {
        body: { queue: q.queue, kind: q.kind, first: q.from, last: q.to, weeks: w },
      }),
    onSuccess: (result, { query: q }) => {
      client.setQueryData(demandKey(q), result.days);
      message.success(t("demand.forecastDone", { count: result.days_written }));
    },
  });

  const update = (changes: Record<string, string>) =>
    setParams((old) => {
      const next = new URLSearchParams(old);
      for (const [key, value] of Object.entries(changes)) next.set(key, value);
      return next;
    });

  const rows = demand.data ?? [];
  const max = Math.max(0, ...rows.flatMap((r) => r.contacts));

  const columns: ColumnsType<DemandDay> = [
    {
      key: "day",
      title: t("demand.columns.day"),
      fixed: "left",
      width: 130,
      render: (_, row) => <span style={{ whiteSpace: "nowrap" }}>{formatDay(row.day)}</span>,
    },
    {
      key: "source",
      title: t("demand.columns.source"),
      width: 80,
      render: (_, row) => (
        <Tag color={row.source === "manual" ? "blue" : row.source === "forecast" ? "purple" : undefined}>
          {t(`demand.source.${row.source ?? "none"}`)}
        </Tag>
      ),
    },
    {
      key: "total",
      title: t("demand.columns.total"),
      width: 70,
      align: "right",
      render: (_, row) => <Typography.Text strong>{formatContacts(sum(row.contacts))}</Typography.Text>,
    },
    ...Array.from({ length: SLOTS_PER_DAY }, (_, slot) => ({
      key: `slot-${slot}`,
      title: <span style={{ fontSize: 11 }}>{slotLabel(slot)}</span>,
      width: 48,
      align: "center" as const,
      onCell: (row: DemandDay) => ({
        style: { padding: "4px 2px", fontSize: 12, ...heat(row.contacts[slot] ?? 0, max) },
        title: `${slotLabel(slot)}: ${row.contacts[slot] ?? 0}`,
      }),
      render: (_: unknown, row: DemandDay) => formatContacts(row.contacts[slot] ?? 0),
    })),
    {
      key: "edit",
      title: "",
      fixed: "right",
      width: 56,
      render: (_, row) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          aria-label={t("demand.edit.open", { day: row.day })}
          title={t("demand.edit.open", { day: row.day })}
          onClick={() => setEditing(row)}
          data-testid={`demand-edit-${row.day}`}
        />
      ),
    },
  ];

  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("demand.title")}</h1>}>
      <Typography.Paragraph type="secondary">{t("demand.intro")}</Typography.Paragraph>
      {queues.error && <ErrorAlert error={queues.error} />}
      {!queues.isLoading && planned.length === 0 ? (
        <Empty description={t("demand.noQueues")} />
      ) : (
        <>
          <Space wrap size="middle" align="end" style={{ marginBottom: 16 }}>
            <label>
              <div>{t("demand.queue")}</div>
              <Select
                style={{ minWidth: 180 }}
                value={queue ?? undefined}
                loading={queues.isLoading}
                onChange={(value: number) => update({ queue: String(value) })}
                options={planned.map((q) => ({ value: q.id, label: q.name }))}
                data-testid="demand-queue"
              />
            </label>
            <label>
              <div>{t("demand.kind")}</div>
              <Select
                style={{ minWidth: 140 }}
                value={kind}
                onChange={(value: Kind) => update({ kind: value })}
                options={KINDS.map((k) => ({ value: k, label: t(`demand.kinds.${k}`) }))}
                data-testid="demand-kind"
              />
            </label>
            <label>
              <div>{t("demand.days")}</div>
              <DatePicker.RangePicker
                allowClear={false}
                value={[dayjs(from), dayjs(to)]}
                disabledDate={(current, info) =>
                  info.from ? Math.abs(current.diff(info.from, "day")) >= MAX_DEMAND_DAYS : false
                }
                onChange={(range) => {
                  if (range?.[0] && range[1]) {
                    update({ from: range[0].format(ISO), to: range[1].format(ISO) });
                  }
                }}
                data-testid="demand-range"
              />
            </label>
            <label>
              <div>{t("demand.weeks")}</div>
              <InputNumber
                min={1}
                max={26}
                precision={0}
                value={weeks}
                onChange={(value) => setWeeks(value ?? 4)}
                style={{ width: 90 }}
                data-testid="demand-weeks"
              />
            </label>
            <Popconfirm
              title={t("demand.forecastConfirm", { from, to, weeks })}
              okText={t("demand.forecast")}
              cancelText={t("actions.cancel", { ns: "common" })}
              disabled={query === null}
              onConfirm={() => query && forecast.mutate({ query, weeks })}
            >
              <Button
                icon={<LineChartOutlined />}
                disabled={query === null}
                loading={forecast.isPending}
                data-testid="demand-forecast"
              >
                {t("demand.forecast")}
              </Button>
            </Popconfirm>
          </Space>
          {rangeError && <Alert type="warning" showIcon title={rangeError} style={{ marginBottom: 16 }} />}
          {demand.error && <ErrorAlert error={demand.error} />}
          {forecast.error && <ErrorAlert error={forecast.error} />}
          <Table<DemandDay>
            rowKey="day"
            size="small"
            bordered
            pagination={false}
            columns={columns}
            dataSource={rows}
            loading={demand.isFetching}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("demand.empty")} /> }}
            onRow={(row) => ({ "data-testid": `demand-row-${row.day}` }) as React.HTMLAttributes<HTMLElement>}
            data-testid="demand-table"
          />
          {rows.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="demand-legend">
              {t("demand.legend", { total: formatContacts(sum(rows.map((r) => sum(r.contacts)))), max: formatContacts(max) })}
            </Typography.Paragraph>
          )}
        </>
      )}
      {editing && query && (
        <DemandDayDialog query={query} day={editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}

interface DayValues {
  contacts: string;
}

/** One day's 48 figures by hand (`PUT /staffing/demand/`), e.g. a row pasted from a spreadsheet. */
function DemandDayDialog({ query, day, onClose }: { query: DemandQuery; day: DemandDay; onClose: () => void }) {
  const { t } = useTranslation("staffing");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<DayValues>();

  const save = useMutation({
    mutationFn: async (contacts: number[]) => {
      try {
        return await api<DemandDay>("/staffing/demand/", {
          method: "PUT",
          body: { queue: query.queue, kind: query.kind, day: day.day, contacts },
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["contacts"]));
        throw error;
      }
    },
    onSuccess: (saved) => {
      client.setQueryData<DemandDay[]>(demandKey(query), (old) =>
        old?.map((row) => (row.day === saved.day ? saved : row)),
      );
      message.success(t("demand.edit.saved", { day: saved.day }));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t("demand.edit.title", { day: formatDay(day.day) })}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      <Form<DayValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ contacts: day.contacts.join(" ") }}
        onFinish={(values) => save.mutate(parseSeries(values.contacts) ?? [])}
      >
        {save.error && <ErrorAlert error={save.error} />}
        <Form.Item
          name="contacts"
          label={t("demand.edit.contacts")}
          extra={t("demand.edit.help", { count: SLOTS_PER_DAY })}
          rules={[
            {
              validator: (_, value: string) => {
                const series = parseSeries(value ?? "");
                if (!series) return Promise.reject(new Error(t("demand.edit.bad")));
                if (series.length !== SLOTS_PER_DAY) {
                  return Promise.reject(
                    new Error(t("demand.edit.count", { expected: SLOTS_PER_DAY, count: series.length })),
                  );
                }
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="demand-day-contacts" />
        </Form.Item>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("actions.save", { ns: "common" })}
          busy={save.isPending}
          testId="demand-day-save"
        />
      </Form>
    </Modal>
  );
}
