/** Business calendars: opening hours per weekday, holidays and make-up working days, imports. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
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
import type { Dayjs } from "dayjs";
import { useMemo, useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api/client";
import { formatDay } from "../common/time";
import { ErrorAlert, errorMessage } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { timeZones } from "../shell/TimeZoneDialog";
import {
  addSpecialDay,
  CALENDARS_KEY,
  deleteCalendar,
  deleteSpecialDay,
  fetchCalendars,
  importHolidays,
  saveCalendar,
  type BusinessCalendar,
  type DayKind,
  type SpecialDay,
} from "./api";
import { dayProblems, errorsByWeekday, fromWeek, toWeek, WEEKDAYS, type WeekHours } from "./hours";

export function useCalendars() {
  return useQuery({ queryKey: CALENDARS_KEY, queryFn: ({ signal }) => fetchCalendars(signal) });
}

function HoursSummary({ calendar }: { calendar: BusinessCalendar }) {
  const { t } = useTranslation("sla");
  const week = toWeek(calendar.hours);
  return (
    <div style={{ fontSize: 12 }}>
      {WEEKDAYS.map((d) => (
        <div key={d}>
          <Typography.Text type="secondary">{t(`weekdaysShort.${d}`)} </Typography.Text>
          {week[d]!.length ? week[d]!.map((i) => `${i.start}–${i.end}`).join(", ") : t("calendar.closed")}
        </div>
      ))}
    </div>
  );
}

export function CalendarsTab() {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<BusinessCalendar | "new" | null>(null);
  const [daysOf, setDaysOf] = useState<number | null>(null);
  const remove = useMutation({
    mutationFn: (calendar: BusinessCalendar) => deleteCalendar(calendar.id),
    onSuccess: () => void message.success(t("calendar.deleted")),
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
    onSettled: () => client.invalidateQueries({ queryKey: CALENDARS_KEY }),
  });

  const columns: ColumnsType<BusinessCalendar> = [
    { key: "name", title: t("calendar.name"), render: (_, c) => <Typography.Text strong>{c.name}</Typography.Text> },
    { key: "zone", title: t("calendar.timeZone"), dataIndex: "time_zone" },
    { key: "hours", title: t("calendar.hours"), render: (_, c) => <HoursSummary calendar={c} /> },
    {
      key: "days",
      title: t("calendar.specialDays"),
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <span>{t("calendar.dayCount", { count: c.special_days.length })}</span>
          {c.country && <Tag>{t("calendar.country", { country: c.country })}</Tag>}
        </Space>
      ),
    },
    {
      key: "actions",
      title: "",
      render: (_, c) => (
        <Space wrap>
          <Button size="small" onClick={() => setEditing(c)} data-testid={`calendar-edit-${c.id}`}>
            {t("actions.edit")}
          </Button>
          <Button size="small" onClick={() => setDaysOf(c.id)} data-testid={`calendar-days-${c.id}`}>
            {t("calendar.specialDays")}
          </Button>
          <Popconfirm
            title={t("calendar.deleteConfirm", { name: c.name })}
            okText={t("actions.delete")}
            cancelText={tc("actions.cancel")}
            onConfirm={() => remove.mutate(c)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("actions.delete")} data-testid={`calendar-delete-${c.id}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const shown = daysOf === null ? null : (calendars.data ?? []).find((c) => c.id === daysOf) ?? null;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="calendar-new">
          {t("calendar.new")}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t("calendar.intro")}</Typography.Paragraph>
      {calendars.error && <ErrorAlert error={calendars.error} />}
      <Table<BusinessCalendar>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={calendars.data ?? []}
        loading={calendars.isPending}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("calendar.empty")} /> }}
        onRow={(c) => ({ "data-testid": `calendar-row-${c.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing && <CalendarEditor calendar={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {shown && <SpecialDaysDrawer calendar={shown} onClose={() => setDaysOf(null)} />}
    </>
  );
}

const NEW_WEEK: WeekHours = WEEKDAYS.map((d) => (d < 5 ? [{ start: "09:00", end: "18:00" }] : []));

/** Name, time zone and the hours of each weekday (several intervals a day). */
export function CalendarEditor({ calendar, onClose }: { calendar: BusinessCalendar | null; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [name, setName] = useState(calendar?.name ?? "");
  const [zone, setZone] = useState(calendar?.time_zone ?? "Asia/Shanghai");
  const [week, setWeek] = useState<WeekHours>(() => (calendar ? toWeek(calendar.hours) : NEW_WEEK));
  const [checked, setChecked] = useState(false);
  const [serverDays, setServerDays] = useState<Record<number, string[]>>({});
  const zoneOptions = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);

  const save = useMutation({
    mutationFn: () => saveCalendar(calendar?.id ?? null, { name: name.trim(), time_zone: zone, hours: fromWeek(week) }),
    onMutate: () => setServerDays({}),
    onSuccess: (saved) => {
      void message.success(t("calendar.saved", { name: saved.name }));
      void client.invalidateQueries({ queryKey: CALENDARS_KEY });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError) setServerDays(errorsByWeekday(error.fields, fromWeek(week)));
    },
  });

  const localDays = Object.fromEntries(
    WEEKDAYS.map((d) => [d, dayProblems(week[d]!).map((p) => t(`calendar.problems.${p}`))]),
  ) as Record<number, string[]>;
  const nameMissing = checked && !name.trim();
  const blocked = !name.trim() || WEEKDAYS.some((d) => localDays[d]!.length > 0);
  const fieldError = (field: string) => {
    const fields = save.error instanceof ApiError ? save.error.fields : {};
    const value = fields[field];
    return Array.isArray(value) ? value.join(" ") : undefined;
  };

  const update = (day: number, change: (intervals: WeekHours[number]) => WeekHours[number]) => {
    setServerDays((old) => ({ ...old, [day]: [] }));
    setWeek((old) => old.map((intervals, d) => (d === day ? change(intervals) : intervals)));
  };

  const submit = () => {
    setChecked(true);
    if (!blocked) save.mutate();
  };

  return (
    <Modal
      open
      width={720}
      title={calendar ? t("calendar.editTitle", { name: calendar.name }) : t("calendar.new")}
      onCancel={onClose}
      onOk={submit}
      okText={t("actions.save")}
      okButtonProps={{ loading: save.isPending, "data-testid": "calendar-save" }}
      destroyOnHidden
    >
      {save.error && <ErrorAlert error={save.error} />}
      <Form layout="vertical" requiredMark={false} component="div">
        <Space wrap align="start" size="large">
          <Form.Item
            label={t("calendar.name")}
            validateStatus={nameMissing || fieldError("name") ? "error" : undefined}
            help={nameMissing ? t("form.required") : fieldError("name")}
            htmlFor="calendar-name"
          >
            <Input id="calendar-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-testid="calendar-name" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item
            label={t("calendar.timeZone")}
            validateStatus={fieldError("time_zone") ? "error" : undefined}
            help={fieldError("time_zone")}
          >
            <Select
              showSearch={{ optionFilterProp: "label" }}
              value={zone}
              onChange={setZone}
              options={zoneOptions}
              style={{ width: 260 }}
              aria-label={t("calendar.timeZone")}
              data-testid="calendar-zone"
            />
          </Form.Item>
        </Space>
        <div>
          <Typography.Text strong>{t("calendar.hours")}</Typography.Text>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t("calendar.hoursHelp")}
        </Typography.Paragraph>
        {WEEKDAYS.map((day) => {
          const problems = [...(checked ? localDays[day]! : []), ...(serverDays[day] ?? [])];
          return (
            <div
              key={day}
              data-testid={`calendar-day-${day}`}
              data-invalid={problems.length > 0}
              style={{ display: "flex", gap: 12, alignItems: "flex-start", padding: "6px 0", borderBottom: "1px solid #f0f0f0" }}
            >
              <div style={{ width: 90, paddingTop: 4 }}>
                <Typography.Text>{t(`weekdays.${day}`)}</Typography.Text>
              </div>
              <div style={{ flex: 1 }}>
                {week[day]!.length === 0 && (
                  <Typography.Text type="secondary" style={{ display: "inline-block", paddingTop: 4 }}>
                    {t("calendar.closed")}
                  </Typography.Text>
                )}
                {week[day]!.map((interval, index) => (
                  <Space key={index} size="small" style={{ display: "flex", marginBottom: 4 }}>
                    <Input
                      value={interval.start}
                      placeholder="09:00"
                      maxLength={5}
                      style={{ width: 80 }}
                      status={problems.length ? "error" : undefined}
                      aria-label={t("calendar.opens", { day: t(`weekdays.${day}`) })}
                      data-testid={`calendar-start-${day}-${index}`}
                      onChange={(e) =>
                        update(day, (list) => list.map((i, k) => (k === index ? { ...i, start: e.target.value } : i)))
                      }
                    />
                    –
                    <Input
                      value={interval.end}
                      placeholder="18:00"
                      maxLength={5}
                      style={{ width: 80 }}
                      status={problems.length ? "error" : undefined}
                      aria-label={t("calendar.closes", { day: t(`weekdays.${day}`) })}
                      data-testid={`calendar-end-${day}-${index}`}
                      onChange={(e) =>
                        update(day, (list) => list.map((i, k) => (k === index ? { ...i, end: e.target.value } : i)))
                      }
                    />
                    <Button
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t("calendar.removeInterval")}
                      data-testid={`calendar-remove-${day}-${index}`}
                      onClick={() => update(day, (list) => list.filter((_, k) => k !== index))}
                    />
                  </Space>
                ))}
                {problems.length > 0 && (
                  <div role="alert" data-testid={`calendar-day-error-${day}`}>
                    <Typography.Text type="danger">{[...new Set(problems)].join(" ")}</Typography.Text>
                  </div>
                )}
              </div>
              <Button
                size="small"
                icon={<PlusOutlined />}
                data-testid={`calendar-add-${day}`}
                onClick={() => {
                  const last = week[day]!.at(-1);
                  update(day, (list) => [...list, last ? { start: last.end, end: "" } : { start: "09:00", end: "18:00" }]);
                }}
              >
                {t("calendar.addInterval")}
              </Button>
            </div>
          );
        })}
      </Form>
    </Modal>
  );
}

interface DayValues {
  day: Dayjs | null;
  kind: DayKind;
  name: string;
  hours_of_weekday: number;
}

/** Holidays (closed all day) and make-up working days (open with a weekday's hours); imports. */
function SpecialDaysDrawer({ calendar, onClose }: { calendar: BusinessCalendar; onClose: () => void }) {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<DayValues>();
  const kind = Form.useWatch("kind", form);
  const [country, setCountry] = useState(calendar.country || "CN");
  const [year, setYear] = useState<number | null>(() => new Date().getFullYear());
  const [imported, setImported] = useState<number | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: CALENDARS_KEY });

  const add = useMutation({
    mutationFn: async (values: DayValues) => {
      try {
        return await addSpecialDay(calendar.id, {
          day: values.day!.format("YYYY-MM-DD"),
          kind: values.kind,
          name: (values.name ?? "").trim(),
          hours_of_weekday: values.kind === "workday" ? values.hours_of_weekday : 0,
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["day", "kind", "name", "hours_of_weekday"]));
        throw error;
      }
    },
    onSuccess: (day) => {
      void message.success(t("days.added", { day: formatDay(day.day) }));
      form.resetFields(["day", "name"]);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (day: SpecialDay) => deleteSpecialDay(calendar.id, day.id),
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
    onSettled: refresh,
  });
  const importDays = useMutation({
    mutationFn: () => importHolidays(calendar.id, country.trim().toUpperCase(), year ?? 0),
    onMutate: () => setImported(null),
    onSuccess: (result) => {
      setImported(result.days_written);
      void refresh();
    },
  });

  const columns: ColumnsType<SpecialDay> = [
    { key: "day", title: t("days.day"), render: (_, d) => formatDay(d.day) },
    {
      key: "kind",
      title: t("days.kind"),
      render: (_, d) =>
        d.kind === "closed" ? (
          <Tag color="red">{t("days.kinds.closed")}</Tag>
        ) : (
          <Tag color="green">{t("days.workdayWith", { weekday: t(`weekdays.${d.hours_of_weekday}`) })}</Tag>
        ),
    },
    { key: "name", title: t("days.name"), dataIndex: "name" },
    { key: "source", title: t("days.source"), render: (_, d) => t(`days.sources.${d.source}`) },
    {
      key: "remove",
      title: "",
      render: (_, d) => (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t("days.remove", { day: d.day })}
          loading={remove.isPending && remove.variables?.id === d.id}
          onClick={() => remove.mutate(d)}
          data-testid={`day-remove-${d.id}`}
        />
      ),
    },
  ];

  return (
    <Drawer open size="large" title={t("days.title", { name: calendar.name })} onClose={onClose} data-testid="days-drawer">
      <Typography.Title level={5}>{t("days.import")}</Typography.Title>
      <Space wrap align="start" style={{ marginBottom: 8 }}>
        <Input
          value={country}
          onChange={(e) => setCountry(e.target.value)}
          maxLength={8}
          style={{ width: 90 }}
          aria-label={t("days.countryLabel")}
          data-testid="import-country"
        />
        <InputNumber<number>
          value={year}
          onChange={setYear}
          min={2000}
          max={2100}
          aria-label={t("days.year")}
          data-testid="import-year"
        />
        <Button onClick={() => importDays.mutate()} loading={importDays.isPending} disabled={!country.trim() || !year} data-testid="import-submit">
          {t("days.importButton")}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t("days.importHelp")}</Typography.Paragraph>
      {importDays.error && <ErrorAlert error={importDays.error} />}
      {imported !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("days.imported", { count: imported })}
          data-testid="import-result"
        />
      )}
      <Typography.Title level={5}>{t("days.add")}</Typography.Title>
      <Form<DayValues>
        form={form}
        layout="inline"
        requiredMark={false}
        initialValues={{ day: null, kind: "closed", name: "", hours_of_weekday: 0 }}
        onFinish={(values) => add.mutate(values)}
        style={{ rowGap: 8, marginBottom: 16 }}
        data-testid="day-form"
      >
        <Form.Item name="day" rules={[{ required: true, message: t("form.required") }]}>
          <DatePicker placeholder={t("days.day")} data-testid="day-date" />
        </Form.Item>
        <Form.Item name="kind">
          <Select<DayKind>
            style={{ width: 180 }}
            aria-label={t("days.kind")}
            options={(["closed", "workday"] as const).map((k) => ({ value: k, label: t(`days.kinds.${k}`) }))}
            data-testid="day-kind"
          />
        </Form.Item>
        {kind === "workday" && (
          <Form.Item name="hours_of_weekday" label={t("days.hoursOf")}>
            <Select<number>
              style={{ width: 120 }}
              options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
              data-testid="day-hours-of"
            />
          </Form.Item>
        )}
        <Form.Item name="name">
          <Input placeholder={t("days.name")} maxLength={120} data-testid="day-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="day-submit">
          {t("days.addButton")}
        </Button>
      </Form>
      {add.error && <ErrorAlert error={add.error} />}
      <Table<SpecialDay>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={calendar.special_days}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t("days.empty")} /> }}
        onRow={(d) => ({ "data-testid": `day-row-${d.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </Drawer>
  );
}
