import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import type { TFunction } from "i18next";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { Page } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { formatDateTime, formatDay } from "../common/time";
import { ErrorAlert, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { isQueueLead, useQueues } from "../queues/queries";
import {
  lastDayOf,
  MAX_ROSTER_DAYS,
  MAX_ROSTER_WEEKS,
  ROSTERS_KEY,
  type RosterPeriod,
} from "./rosters";
import { useQueueNames } from "./useQueueNames";

const ISO = "YYYY-MM-DD";
export const ROSTERS_PAGE_SIZE = 20;

export const STATUS_COLOURS = { draft: "gold", published: "green" } as const;

/** "2025-07-07 Mon – 2025-08-03 Sun". */
export function periodLabel(period: Pick<RosterPeriod, "first_day" | "last_day">, t: TFunction<"shifts">) {
  return t("rosters.range", { first: formatDay(period.first_day), last: formatDay(period.last_day) });
}

/**
 * Roster periods: planners (`staffing.plan`) see the rosters of the queues they lead, drafts
 * too, and start new ones; everyone else sees the published rosters of their queues.
 */
export function RostersPage() {
  const { t } = useTranslation("shifts");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const queueName = useQueueNames();

  const list = useQuery({
    queryKey: [...ROSTERS_KEY, "list", page],
    queryFn: ({ signal }) =>
      api<Page<RosterPeriod>>("/shifts/rosters/", { query: { page, page_size: ROSTERS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<RosterPeriod> = [
    {
      key: "days",
      title: t("rosters.columns.days"),
      render: (_, row) => (
        <Link to={`/shifts/rosters/${row.id}`} data-testid={`roster-open-${row.id}`}>
          {periodLabel(row, t)}
        </Link>
      ),
    },
    {
      key: "length",
      title: t("rosters.columns.length"),
      render: (_, row) =>
        t("rosters.dayCount", { count: dayjs(row.last_day).diff(dayjs(row.first_day), "day") + 1 }),
    },
    {
      key: "queues",
      title: t("rosters.columns.queues"),
      render: (_, row) => row.queues.map((q) => queueName(q)).join(t("listSeparator")),
    },
    {
      key: "status",
      title: t("rosters.columns.status"),
      render: (_, row) => <Tag color={STATUS_COLOURS[row.status]}>{t(`rosters.statuses.${row.status}`)}</Tag>,
    },
    {
      key: "published",
      title: t("rosters.columns.published"),
      render: (_, row) =>
        row.published_at
          ? t("rosters.publishedBy", {
              name: row.published_by?.name || row.published_by?.username || "",
              time: formatDateTime(row.published_at),
            })
          : null,
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("rosters.title")}</h1>}>
        <Typography.Paragraph type="secondary">
          {can("staffing.plan") ? t("rosters.introLead") : t("rosters.intro")}
        </Typography.Paragraph>
        {list.error && <ErrorAlert error={list.error} />}
        <Table<RosterPeriod>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.results ?? []}
          loading={list.isFetching}
          locale={{ emptyText: <Empty description={t("rosters.empty")} /> }}
          onRow={(row) => ({ "data-testid": `roster-row-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize: ROSTERS_PAGE_SIZE,
            total: list.data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (next) => setParams(next > 1 ? { page: String(next) } : {}),
          }}
          data-testid="rosters-table"
        />
      </Card>
      {can("staffing.plan") && <NewRoster />}
    </Space>
  );
}

type Length = "weeks" | "last";

interface Values {
  queues: number[];
  first: Dayjs | null;
  length: Length;
  weeks: number;
  last: Dayjs | null;
}

/** The Monday after today: rosters usually start on one. */
function nextMonday(): Dayjs {
  const today = dayjs();
  return today.add(((8 - today.day()) % 7) || 7, "day");
}

function lastOf(values: Partial<Values>): string | null {
  if (!values.first) return null;
  const first = values.first.format(ISO);
  if (values.length === "last") return values.last ? values.last.format(ISO) : null;
  return values.weeks ? lastDayOf(first, values.weeks) : null;
}

/** `POST /shifts/rosters/`: the queues (those the user leads), the first day and how long. */
function NewRoster() {
  const { t } = useTranslation("shifts");
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const queues = useQueues();
  const [form] = Form.useForm<Values>();
  const led = useMemo(() => (queues.data ?? []).filter((q) => isQueueLead(me, q.id)), [queues.data, me]);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const last = values ? lastOf(values) : null;
  const first = values?.first?.format(ISO) ?? null;
  const span = first && last ? dayjs(last).diff(dayjs(first), "day") + 1 : 0;

  const create = useMutation({
    mutationFn: async (v: Values) => {
      try {
        return await api<RosterPeriod>("/shifts/rosters/", {
          body: { first_day: v.first?.format(ISO), last_day: lastOf(v), queues: v.queues },
        });
      } catch (error) {
        applyFieldErrors(form, error, (field) =>
          field === "first_day"
            ? ["first"]
            : field === "last_day"
              ? [form.getFieldValue("length") === "last" ? "last" : "weeks"]
              : plainField(["queues"])(field),
        );
        throw error;
      }
    },
    onSuccess: (period) => {
      message.success(t("rosters.form.created"));
      void client.invalidateQueries({ queryKey: ROSTERS_KEY });
      navigate(`/shifts/rosters/${period.id}`);
    },
  });

  useEffect(() => {
    // One queue to lead: it is the roster's, chosen once the queues arrive.
    const chosen = form.getFieldValue("queues") as number[] | undefined;
    if (led.length === 1 && !chosen?.length) form.setFieldValue("queues", [led[0]!.id]);
  }, [led, form]);

  const required = { required: true, message: t("form.required") };

  return (
    <Card title={<h2 style={TITLE_STYLE}>{t("rosters.form.title")}</h2>}>
      {!queues.isLoading && led.length === 0 ? (
        <Empty description={t("rosters.form.noQueues")} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{
            queues: [],
            first: nextMonday(),
            length: "weeks",
            weeks: 4,
            last: null,
          }}
          onFinish={(v) => create.mutate(v)}
          data-testid="roster-form"
        >
          {create.error && <ErrorAlert error={create.error} />}
          <Form.Item name="queues" label={t("rosters.form.queues")} rules={[{ ...required, type: "array", min: 1 }]}>
            <Select
              mode="multiple"
              style={{ minWidth: 260, maxWidth: 520 }}
              loading={queues.isLoading}
              options={led.map((q) => ({ value: q.id, label: q.name }))}
              optionFilterProp="label"
              data-testid="roster-form-queues"
            />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item name="first" label={t("rosters.form.first")} rules={[required]}>
              <DatePicker allowClear={false} data-testid="roster-form-first" />
            </Form.Item>
            <Form.Item name="length" label={t("rosters.form.length")}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: "weeks", label: t("rosters.form.byWeeks") },
                  { value: "last", label: t("rosters.form.byLastDay") },
                ]}
                data-testid="roster-form-length"
              />
            </Form.Item>
            {values?.length === "last" ? (
              <Form.Item name="last" label={t("rosters.form.last")} rules={[required]}>
                <DatePicker
                  disabledDate={(d) => {
                    const start = form.getFieldValue("first") as Dayjs | null;
                    if (!start) return false;
                    const diff = d.startOf("day").diff(start.startOf("day"), "day");
                    return diff < 0 || diff >= MAX_ROSTER_DAYS;
                  }}
                  data-testid="roster-form-last"
                />
              </Form.Item>
            ) : (
              <Form.Item name="weeks" label={t("rosters.form.weeks")} rules={[required]}>
                <InputNumber min={1} max={MAX_ROSTER_WEEKS} precision={0} style={{ width: 100 }} data-testid="roster-form-weeks" />
              </Form.Item>
            )}
          </Space>
          {first && last && span > 0 && (
            <Typography.Paragraph type={span > MAX_ROSTER_DAYS ? "danger" : "secondary"} data-testid="roster-form-summary">
              {span > MAX_ROSTER_DAYS
                ? t("rosters.form.tooLong", { max: MAX_ROSTER_DAYS })
                : t("rosters.form.summary", {
                    first: formatDay(first),
                    last: formatDay(last),
                    count: span,
                  })}
            </Typography.Paragraph>
          )}
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending}
            disabled={span > MAX_ROSTER_DAYS}
            data-testid="roster-form-submit"
          >
            {t("rosters.form.submit")}
          </Button>
        </Form>
      )}
    </Card>
  );
}
