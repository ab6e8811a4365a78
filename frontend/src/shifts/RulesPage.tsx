import { DeleteOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { UserBrief } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, errorMessage, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { isQueueLead, useQueues } from "../queues/queries";
import {
  hours,
  PREFERENCES_KEY,
  rulesKey,
  useShiftTypes,
  WEEKDAYS,
  type Preference,
  type ShiftType,
  type StaffRules,
  type Wish,
} from "./api";

/** The lowest and highest weekly hours the roster keeps to, as text ("36", "44"). */
export function weeklyBand(minutes: number, tolerancePercent: number): { low: string; high: string } {
  return {
    low: hours((minutes * (100 - tolerancePercent)) / 100),
    high: hours((minutes * (100 + tolerancePercent)) / 100),
  };
}

/**
 * A person's rules for the roster (contract, days in a row, days off) and their own shift wishes.
 * Everyone reads their rules; leads (`staffing.plan`) pick one of their people and change them.
 */
export function RulesPage() {
  const { t } = useTranslation("shifts");
  const { me, can } = useAuth();
  const planner = can("staffing.plan");
  const [params, setParams] = useSearchParams();
  // Leads may look at someone else (`?person=`); everyone else sees their own.
  const person = (planner && Number(params.get("person"))) || me?.id || 0;

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card
        title={<h1 style={TITLE_STYLE}>{t("rules.title")}</h1>}
        extra={
          planner && me ? (
            <PersonPicker value={person} onChange={(id) => setParams(id === me.id ? {} : { person: String(id) })} />
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">
          {planner ? t("rules.introLead") : t("rules.intro")}
        </Typography.Paragraph>
        {person > 0 && <Rules key={person} person={person} editable={planner} />}
      </Card>
      <Wishes />
    </Space>
  );
}

/** The lead themselves and the members of the queues they lead (every queue for a manager). */
function PersonPicker({ value, onChange }: { value: number; onChange: (id: number) => void }) {
  const { t } = useTranslation("shifts");
  const { me } = useAuth();
  const queues = useQueues();
  const people = useMemo(() => {
    const byId = new Map<number, UserBrief>();
    if (me) byId.set(me.id, { id: me.id, username: me.username, name: me.name });
    for (const queue of queues.data ?? []) {
      if (!isQueueLead(me, queue.id)) continue;
      for (const m of queue.memberships) byId.set(m.user.id, m.user);
    }
    const sorted = [...byId.values()].sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username));
    // Someone named in the address whom the queues do not list (yet): by their number.
    if (!byId.has(value)) sorted.push({ id: value, username: "", name: `#${value}` });
    return sorted;
  }, [queues.data, me, value]);

  return (
    <label>
      {t("rules.person")}{" "}
      <Select
        style={{ minWidth: 200 }}
        value={value}
        loading={queues.isLoading}
        showSearch={{ optionFilterProp: "label" }}
        onChange={onChange}
        options={people.map((p) => ({
          value: p.id,
          label:
            p.id === me?.id
              ? t("rules.me", { name: p.name || p.username })
              : p.username
                ? `${p.name} (${p.username})`
                : p.name,
        }))}
        data-testid="rules-person"
      />
    </label>
  );
}

function useWeekdayNames() {
  const { t } = useTranslation("shifts");
  return (days: number[]) =>
    days.length ? days.map((d) => t(`weekdays.${d}`)).join(t("listSeparator")) : t("rules.noDaysOff");
}

function Rules({ person, editable }: { person: number; editable: boolean }) {
  const { t } = useTranslation("shifts");
  const weekdayNames = useWeekdayNames();
  const rules = useQuery({
    queryKey: rulesKey(person),
    queryFn: ({ signal }) => api<StaffRules>(`/shifts/people/${person}/rules/`, { signal }),
  });

  if (rules.error) return <ErrorAlert error={rules.error} />;
  if (!rules.data) return <Spin />;
  if (editable) return <RulesForm person={person} rules={rules.data} />;

  const r = rules.data;
  const band = weeklyBand(r.contracted_minutes_per_week, r.hours_tolerance_percent);
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="rules-view"
      items={[
        {
          key: "contract",
          label: t("rules.fields.contract"),
          children: t("rules.hoursWeek", { hours: hours(r.contracted_minutes_per_week) }),
        },
        {
          key: "tolerance",
          label: t("rules.fields.tolerance"),
          children: t("rules.toleranceBand", { percent: r.hours_tolerance_percent, ...band }),
        },
        { key: "consecutive", label: t("rules.fields.consecutive"), children: r.max_consecutive_days },
        { key: "shifts", label: t("rules.fields.shifts"), children: r.max_shifts_per_week },
        { key: "daysOff", label: t("rules.fields.daysOff"), children: weekdayNames(r.unavailable_weekdays) },
      ]}
    />
  );
}

interface RulesValues {
  contracted_hours: number;
  hours_tolerance_percent: number;
  max_consecutive_days: number;
  max_shifts_per_week: number;
  unavailable_weekdays: number[];
}

const RULE_FIELDS = ["hours_tolerance_percent", "max_consecutive_days", "max_shifts_per_week", "unavailable_weekdays"];

/** `PUT /shifts/people/{id}/rules/`; a contract the shifts cannot give is `400 contract_impossible`. */
function RulesForm({ person, rules }: { person: number; rules: StaffRules }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RulesValues>();
  const contract = Form.useWatch("contracted_hours", form);
  const tolerance = Form.useWatch("hours_tolerance_percent", form);

  const save = useMutation({
    mutationFn: async (values: RulesValues) => {
      try {
        return await api<StaffRules>(`/shifts/people/${person}/rules/`, {
          method: "PUT",
          body: {
            contracted_minutes_per_week: Math.round(values.contracted_hours * 60),
            hours_tolerance_percent: values.hours_tolerance_percent,
            max_consecutive_days: values.max_consecutive_days,
            max_shifts_per_week: values.max_shifts_per_week,
            unavailable_weekdays: [...(values.unavailable_weekdays ?? [])].sort((a, b) => a - b),
          },
        });
      } catch (error) {
        applyFieldErrors(form, error, (field) =>
          field === "contracted_minutes_per_week" ? ["contracted_hours"] : plainField(RULE_FIELDS)(field),
        );
        throw error;
      }
    },
    onSuccess: (saved) => {
      client.setQueryData(rulesKey(person), saved);
      message.success(t("rules.saved"));
    },
  });

  const band =
    typeof contract === "number" && typeof tolerance === "number"
      ? weeklyBand(contract * 60, tolerance)
      : null;
  const number = (name: keyof RulesValues, label: string, min: number, max: number, step = 1) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t("form.required") }]}>
      <InputNumber min={min} max={max} step={step} style={{ width: 140 }} data-testid={`rules-${name}`} />
    </Form.Item>
  );

  return (
    <Form<RulesValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{
        contracted_hours: Number(hours(rules.contracted_minutes_per_week)),
        hours_tolerance_percent: rules.hours_tolerance_percent,
        max_consecutive_days: rules.max_consecutive_days,
        max_shifts_per_week: rules.max_shifts_per_week,
        unavailable_weekdays: rules.unavailable_weekdays,
      }}
      onFinish={(values) => save.mutate(values)}
      name="rules"
      data-testid="rules-form"
    >
      {save.error && <ErrorAlert error={save.error} />}
      <Space wrap size="large" align="start">
        {number("contracted_hours", t("rules.fields.contractHours"), 0, 80, 0.5)}
        {number("hours_tolerance_percent", t("rules.fields.tolerancePercent"), 0, 50)}
        {number("max_consecutive_days", t("rules.fields.consecutive"), 1, 14)}
        {number("max_shifts_per_week", t("rules.fields.shifts"), 1, 7)}
      </Space>
      {band && (
        <Typography.Paragraph type="secondary" data-testid="rules-band">
          {t("rules.band", band)}
        </Typography.Paragraph>
      )}
      <Form.Item name="unavailable_weekdays" label={t("rules.fields.daysOff")}>
        <Checkbox.Group
          options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
          data-testid="rules-days-off"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rules-save">
        {t("actions.save", { ns: "common" })}
      </Button>
    </Form>
  );
}

// --- wishes -------------------------------------------------------------------------------------

interface WishValues {
  wish: Wish;
  weekday: number | null;
  shift_type: number | null;
  weight: number;
}

function shiftLabel(type: ShiftType | undefined, id: number): string {
  return type ? `${type.code} · ${type.name}` : `#${id}`;
}

/** One's own wishes (`GET|POST /shifts/preferences/`, `DELETE …/{id}/`): soft rules for the roster. */
function Wishes() {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<WishValues>();
  const types = useShiftTypes();
  const wishes = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: ({ signal }) => api<Preference[]>("/shifts/preferences/", { signal }),
  });
  const typeById = new Map((types.data ?? []).map((s) => [s.id, s]));

  const add = useMutation({
    mutationFn: async (values: WishValues) => {
      try {
        return await api<Preference>("/shifts/preferences/", {
          body: {
            wish: values.wish,
            weekday: values.weekday ?? null,
            shift_type: values.shift_type ?? null,
            weight: values.weight,
          },
        });
      } catch (error) {
        applyFieldErrors(form, error, plainField(["wish", "weekday", "shift_type", "weight"]));
        throw error;
      }
    },
    onSuccess: () => {
      message.success(t("wishes.added"));
      form.resetFields();
      void client.invalidateQueries({ queryKey: PREFERENCES_KEY });
    },
  });

  const remove = useMutation({
    mutationFn: (wish: Preference) => api<void>(`/shifts/preferences/${wish.id}/`, { method: "DELETE" }),
    onSuccess: () => {
      message.success(t("wishes.removed"));
      void client.invalidateQueries({ queryKey: PREFERENCES_KEY });
    },
    onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
  });

  const columns: ColumnsType<Preference> = [
    {
      key: "wish",
      title: t("wishes.columns.wish"),
      render: (_, row) => (
        <Tag color={row.wish === "want" ? "green" : "orange"}>{t(`wishes.kinds.${row.wish}`)}</Tag>
      ),
    },
    {
      key: "weekday",
      title: t("wishes.columns.weekday"),
      render: (_, row) => (row.weekday === null ? t("wishes.anyDay") : t(`weekdays.${row.weekday}`)),
    },
    {
      key: "shift",
      title: t("wishes.columns.shift"),
      render: (_, row) =>
        row.shift_type === null ? t("wishes.anyShift") : shiftLabel(typeById.get(row.shift_type), row.shift_type),
    },
    { key: "weight", title: t("wishes.columns.weight"), render: (_, row) => t("wishes.weightOf", { weight: row.weight }) },
    {
      key: "remove",
      title: "",
      render: (_, row) => (
        <Popconfirm
          title={t("wishes.removeConfirm")}
          okText={t("wishes.remove")}
          cancelText={t("actions.cancel", { ns: "common" })}
          onConfirm={() => remove.mutate(row)}
        >
          <Button
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t("wishes.remove")}
            title={t("wishes.remove")}
            data-testid={`wish-remove-${row.id}`}
          />
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card title={<h2 style={TITLE_STYLE}>{t("wishes.title")}</h2>}>
      <Typography.Paragraph type="secondary">{t("wishes.intro")}</Typography.Paragraph>
      {wishes.error && <ErrorAlert error={wishes.error} />}
      <Table<Preference>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={wishes.data ?? []}
        loading={wishes.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t("wishes.empty")} /> }}
        onRow={(row) => ({ "data-testid": `wish-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
        style={{ marginBottom: 16 }}
        data-testid="wishes-table"
      />
      <Form<WishValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ wish: "want", weekday: null, shift_type: null, weight: 1 }}
        onFinish={(values) => add.mutate(values)}
        name="wish"
        data-testid="wish-form"
      >
        {add.error && <ErrorAlert error={add.error} />}
        <Space wrap size="large" align="start">
          <Form.Item name="wish" label={t("wishes.columns.wish")}>
            <Select
              style={{ minWidth: 160 }}
              options={(["want", "avoid"] as const).map((w) => ({ value: w, label: t(`wishes.kinds.${w}`) }))}
              data-testid="wish-kind"
            />
          </Form.Item>
          <Form.Item name="weekday" label={t("wishes.columns.weekday")}>
            <Select
              style={{ minWidth: 140 }}
              allowClear
              placeholder={t("wishes.anyDay")}
              options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
              data-testid="wish-weekday"
            />
          </Form.Item>
          <Form.Item name="shift_type" label={t("wishes.columns.shift")}>
            <Select
              style={{ minWidth: 180 }}
              allowClear
              loading={types.isLoading}
              placeholder={t("wishes.anyShift")}
              options={(types.data ?? []).map((s) => ({ value: s.id, label: shiftLabel(s, s.id) }))}
              data-testid="wish-shift"
            />
          </Form.Item>
          <Form.Item name="weight" label={t("wishes.columns.weight")} extra={t("wishes.weightHelp")}>
            <InputNumber min={1} max={5} precision={0} style={{ width: 90 }} data-testid="wish-weight" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="wish-submit">
          {t("wishes.add")}
        </Button>
      </Form>
    </Card>
  );
}
