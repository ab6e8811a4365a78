import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  Tag,
  TimePicker,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { api, ApiError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { clock, hours, SHIFT_TYPES_KEY, shiftEnd, useShiftTypes, type ShiftType } from "./api";

/** The shift types, and a form that adds one for planners (managers and supervisors). */
export function ShiftTypesPage() {
  const { t } = useTranslation("shifts");
  const { can } = useAuth();
  const types = useShiftTypes();

  const columns: ColumnsType<ShiftType> = [
    {
      key: "code",
      title: t("types.columns.code"),
      render: (_, row) => <Tag color={row.is_night ? "geekblue" : "blue"}>{row.code}</Tag>,
    },
    { key: "name", title: t("types.columns.name"), dataIndex: "name" },
    { key: "start", title: t("types.columns.start"), render: (_, row) => clock(row.start) },
    {
      key: "end",
      title: t("types.columns.end"),
      render: (_, row) => {
        const { end, nextDay } = shiftEnd(row.start, row.minutes);
        return nextDay ? t("types.nextDay", { time: end }) : end;
      },
    },
    {
      key: "length",
      title: t("types.columns.length"),
      render: (_, row) => t("types.hours", { hours: hours(row.minutes) }),
    },
    {
      key: "night",
      title: t("types.columns.night"),
      render: (_, row) => (row.is_night ? <Tag color="geekblue">{t("types.night")}</Tag> : null),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("types.title")}</h1>}>
        <Typography.Paragraph type="secondary">{t("types.intro")}</Typography.Paragraph>
        {types.error && <ErrorAlert error={types.error} />}
        <Table<ShiftType>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={types.data ?? []}
          loading={types.isFetching}
          pagination={false}
          locale={{ emptyText: <Empty description={t("types.empty")} /> }}
          onRow={(row) => ({ "data-testid": `shift-type-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
          data-testid="shift-types-table"
        />
      </Card>
      {can("staffing.plan") && <NewShiftType />}
    </Space>
  );
}

type Night = "auto" | "yes" | "no";

interface Values {
  name: string;
  code: string;
  start: Dayjs | null;
  hours: number;
  night: Night;
}

const FIELDS = ["name", "code", "start", "is_night"];

/** `409 shift_type_exists`: shown at the name and the code rather than above the form. */
const isTaken = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.code === "shift_type_exists";

function NewShiftType() {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();

  const create = useMutation({
    mutationFn: async (values: Values) => {
      try {
        return await api<ShiftType>("/shifts/types/", {
          body: {
            name: values.name.trim(),
            code: values.code.trim(),
            start: values.start?.format("HH:mm"),
            minutes: Math.round(values.hours * 60),
            ...(values.night === "auto" ? {} : { is_night: values.night === "yes" }),
          },
        });
      } catch (error) {
        if (isTaken(error)) {
          // The name or the code is taken: say so at both.
          form.setFields([
            { name: "name", errors: [error.message] },
            { name: "code", errors: [error.message] },
          ]);
        } else {
          applyFieldErrors(form, error, (field) =>
            field === "minutes" ? ["hours"] : field === "is_night" ? ["night"] : plainField(FIELDS)(field),
          );
        }
        throw error;
      }
    },
    onSuccess: (created) => {
      message.success(t("types.form.created", { code: created.code }));
      form.resetFields();
      void client.invalidateQueries({ queryKey: SHIFT_TYPES_KEY });
    },
  });

  const required = { required: true, message: t("form.required") };

  return (
    <Card title={<h2 style={TITLE_STYLE}>{t("types.form.title")}</h2>}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ hours: 8, night: "auto" }}
        onFinish={(values) => create.mutate(values)}
        data-testid="shift-type-form"
      >
        {create.error && !isTaken(create.error) && <ErrorAlert error={create.error} />}
        <Space wrap size="large" align="start">
          <Form.Item name="name" label={t("types.form.name")} rules={[required]}>
            <Input maxLength={60} style={{ width: 220 }} data-testid="shift-type-name" />
          </Form.Item>
          <Form.Item name="code" label={t("types.form.code")} extra={t("types.form.codeHelp")} rules={[required]}>
            <Input maxLength={8} style={{ width: 120 }} data-testid="shift-type-code" />
          </Form.Item>
          <Form.Item name="start" label={t("types.form.start")} extra={t("types.form.startHelp")} rules={[required]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} data-testid="shift-type-start" />
          </Form.Item>
          <Form.Item name="hours" label={t("types.form.length")} rules={[required]}>
            <InputNumber min={1} max={16} step={0.5} style={{ width: 120 }} data-testid="shift-type-hours" />
          </Form.Item>
        </Space>
        <Form.Item name="night" label={t("types.form.night")}>
          <Radio.Group
            data-testid="shift-type-night"
            options={[
              { value: "auto", label: t("types.form.nightAuto") },
              { value: "yes", label: t("types.form.nightYes") },
              { value: "no", label: t("types.form.nightNo") },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="shift-type-submit">
          {t("types.form.submit")}
        </Button>
      </Form>
    </Card>
  );
}
