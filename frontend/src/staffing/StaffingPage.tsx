import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import { ErrorAlert, TITLE_STYLE } from "../customers/FormParts";

export interface StaffingInterval {
  contacts: number;
  traffic_erlangs: number;
  raw_agents: number;
  scheduled_agents: number;
  service_level: number;
  occupancy: number;
  probability_of_waiting: number;
  average_speed_of_answer: number;
}

interface StaffingResult {
  intervals: StaffingInterval[];
  peak_scheduled_agents: number;
  scheduled_agent_hours: number;
}

interface FormValues {
  contacts: string;
  intervalMinutes: number;
  handling: number;
  answer: number;
  serviceLevel: number;
  shrinkage: number;
  occupancy: number;
  concurrency: number;
}

const DEFAULTS: FormValues = {
  contacts: "100",
  intervalMinutes: 30,
  handling: 180,
  answer: 20,
  serviceLevel: 80,
  shrinkage: 30,
  occupancy: 85,
  concurrency: 1,
};

/** Numbers separated by spaces or commas (ASCII or full-width), or null when any is not one. */
export function parseSeries(text: string): number[] | null {
  const parts = text.split(/[\s,，、]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isFinite(n) && n >= 0) ? numbers : null;
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** Erlang C: agents needed per interval, for managers and supervisors. */
export function StaffingPage() {
  const { t } = useTranslation("staffing");
  const [form] = Form.useForm<FormValues>();
  const calculate = useMutation({
    mutationFn: (values: FormValues) => {
      const series = parseSeries(values.contacts) ?? [];
      return api<StaffingResult>("/staffing/erlang-c/", {
        body: {
          series,
          interval_seconds: values.intervalMinutes * 60,
          handling_seconds: values.handling,
          target_answer_seconds: values.answer,
          target_service_level: values.serviceLevel / 100,
          shrinkage: values.shrinkage / 100,
          max_occupancy: values.occupancy / 100,
          concurrency: values.concurrency,
        },
      });
    },
  });
  const result = calculate.data;

  const columns: ColumnsType<StaffingInterval & { index: number }> = [
    { key: "index", title: t("result.interval"), render: (_, row) => row.index + 1 },
    { key: "contacts", title: t("result.contacts"), dataIndex: "contacts" },
    { key: "traffic", title: t("result.traffic"), render: (_, row) => row.traffic_erlangs.toFixed(2) },
    { key: "raw", title: t("result.raw"), dataIndex: "raw_agents" },
    {
      key: "scheduled",
      title: t("result.scheduled"),
      render: (_, row) => <Typography.Text strong>{row.scheduled_agents}</Typography.Text>,
    },
    { key: "sl", title: t("result.serviceLevel"), render: (_, row) => percent(row.service_level) },
    { key: "occupancy", title: t("result.occupancy"), render: (_, row) => percent(row.occupancy) },
    { key: "wait", title: t("result.wait"), render: (_, row) => percent(row.probability_of_waiting) },
    {
      key: "asa",
      title: t("result.asa"),
      render: (_, row) => t("result.seconds", { value: row.average_speed_of_answer.toFixed(1) }),
    },
  ];

  const number = (name: keyof FormValues, label: string, min: number, max: number, extra?: string) => (
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} style={{ width: 140 }} data-testid={`staffing-${name}`} />
    </Form.Item>
  );

  return (
    <Card title={<h1 style={TITLE_STYLE}>{t("title")}</h1>}>
      <Typography.Paragraph type="secondary">{t("intro")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={DEFAULTS}
        onFinish={(values) => calculate.mutate(values)}
        data-testid="staffing-form"
      >
        <Form.Item
          name="contacts"
          label={t("form.contacts")}
          extra={t("form.contactsHelp")}
          rules={[
            {
              validator: (_, value: string) =>
                parseSeries(value ?? "") ? Promise.resolve() : Promise.reject(new Error(t("form.badContacts"))),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="staffing-contacts" />
        </Form.Item>
        <Space wrap size="large" align="start">
          {number("intervalMinutes", t("form.interval"), 1, 1440)}
          {number("handling", t("form.handling"), 1, 86400)}
          {number("answer", t("form.answer"), 0, 86400)}
          {number("serviceLevel", t("form.serviceLevel"), 1, 99.9)}
          {number("shrinkage", t("form.shrinkage"), 0, 90)}
          {number("occupancy", t("form.occupancy"), 10, 100)}
          {number("concurrency", t("form.concurrency"), 1, 20, t("form.concurrencyHelp"))}
        </Space>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={calculate.isPending} data-testid="staffing-submit">
            {t("form.submit")}
          </Button>
        </Form.Item>
      </Form>
      {calculate.isError && <ErrorAlert error={calculate.error} />}
      {result && (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${t("result.peak", { count: result.peak_scheduled_agents })} · ${t("result.hours", {
              hours: result.scheduled_agent_hours.toFixed(1),
            })}`}
            data-testid="staffing-summary"
          />
          <Table
            rowKey="index"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={result.intervals.map((row, index) => ({ ...row, index }))}
            data-testid="staffing-results"
          />
        </>
      )}
    </Card>
  );
}
