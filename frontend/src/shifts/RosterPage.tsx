import { CheckCircleOutlined, DeleteOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from "antd";
import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { api, ApiError } from "../api/client";
import { formatDateTime, formatDay } from "../common/time";
import { ErrorAlert, errorMessage, FormButtons, TITLE_STYLE } from "../customers/FormParts";
import { applyFieldErrors, plainField } from "../customers/formErrors";
import { BuildControls, BuildProgress, useRosterBuild } from "./RosterBuild";
import { RosterChanges, RosterCoverage } from "./RosterCoverage";
import { personName, RosterGrid, ruleName, ViolationsPanel } from "./RosterGrid";
import {
  cellKey,
  changesKey,
  coverageKey,
  isActive,
  rosterKey,
  ROSTERS_KEY,
  type CellEdit,
  type RosterGrid as Grid,
  type RosterPeriod,
} from "./rosters";
import { periodLabel, STATUS_COLOURS } from "./RostersPage";
import { useQueueNames } from "./useQueueNames";

/** `/shifts/rosters/:periodId`: the roster grid, its build, publishing, coverage and changes. */
export function RosterPage() {
  const { t } = useTranslation("shifts");
  const { periodId } = useParams();
  const id = Number(periodId);
  const grid = useQuery({
    queryKey: rosterKey(id),
    queryFn: ({ signal }) => api<Grid>(`/shifts/rosters/${id}/`, { signal }),
    enabled: id > 0,
  });

  const back = (
    <Link to="/shifts/rosters">
      <Button>{t("rosters.back")}</Button>
    </Link>
  );
  if (!(id > 0) || (grid.error instanceof ApiError && grid.error.status === 404)) {
    return <Result status="404" title={t("rosters.notFound")} extra={back} data-testid="roster-not-found" />;
  }
  if (grid.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (grid.isError) {
    return (
      <Result
        status="error"
        title={errorMessage(grid.error, t("errors.generic", { ns: "common" }))}
        extra={<Button onClick={() => void grid.refetch()}>{t("actions.retry", { ns: "common" })}</Button>}
      />
    );
  }
  return <RosterView grid={grid.data} />;
}

/** The message for a refused publish: the rules still broken, in words. */
export function publishErrorText(error: unknown, t: TFunction<"shifts">): string {
  if (error instanceof ApiError && error.code === "rule_broken") {
    const rules = Array.isArray(error.fields.rules) ? (error.fields.rules as string[]) : [];
    if (rules.length) {
      return t("rosters.publish.ruleBroken", { rules: rules.map((r) => ruleName(t, r)).join(t("listSeparator")) });
    }
  }
  return errorMessage(error, t("errors.generic", { ns: "common" }));
}

function RosterView({ grid }: { grid: Grid }) {
  const { t } = useTranslation("shifts");
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const queueName = useQueueNames();
  const id = grid.period.id;
  const published = grid.period.status === "published";
  const handle = useRosterBuild(id, grid.latest_build);
  const building = isActive(handle.build);
  const editable = grid.may_plan && !building;
  const [asking, setAsking] = useState<CellEdit[] | null>(null);
  const [tab, setTab] = useState("grid");

  const publish = useMutation({
    mutationFn: () => api<RosterPeriod>(`/shifts/rosters/${id}/publish/`, { method: "POST" }),
    onSuccess: () => {
      message.success(t("rosters.publish.done"));
      void client.invalidateQueries({ queryKey: ROSTERS_KEY });
    },
  });

  const setCells = useMutation({
    mutationFn: ({ cells, reason }: { cells: CellEdit[]; reason?: string }) =>
      api<Grid>(`/shifts/rosters/${id}/cells/`, {
        method: "PUT",
        body: reason === undefined ? { cells } : { cells, reason },
      }),
    onSuccess: (next) => {
      client.setQueryData(rosterKey(id), next);
      void client.invalidateQueries({ queryKey: coverageKey(id) });
      void client.invalidateQueries({ queryKey: changesKey(id) });
      publish.reset();
      setAsking(null);
      message.success(t("rosters.edit.saved"));
    },
  });

  const remove = useMutation({
    mutationFn: () => api<void>(`/shifts/rosters/${id}/`, { method: "DELETE" }),
    onSuccess: () => {
      message.success(t("rosters.deleted"));
      client.removeQueries({ queryKey: rosterKey(id) });
      void client.invalidateQueries({ queryKey: ROSTERS_KEY });
      navigate("/shifts/rosters");
    },
    onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))),
  });

  const onEdit = (cells: CellEdit[]) => {
    if (published) {
      setCells.reset();
      setAsking(cells);
      return;
    }
    setCells.mutate(
      { cells },
      { onError: (error) => message.error(errorMessage(error, t("errors.generic", { ns: "common" }))) },
    );
  };

  const tabs = [
    {
      key: "grid",
      label: t("rosters.tabs.grid"),
      children: (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          <RosterGrid grid={grid} editable={editable} onEdit={onEdit} />
          {grid.may_plan && <ViolationsPanel grid={grid} />}
        </Space>
      ),
    },
    ...(grid.may_plan
      ? [
          {
            key: "coverage",
            label: t("rosters.tabs.coverage"),
            children: tab === "coverage" ? <RosterCoverage periodId={id} /> : null,
          },
        ]
      : []),
    ...(published
      ? [{ key: "changes", label: t("rosters.tabs.changes"), children: <RosterChanges periodId={id} /> }]
      : []),
  ];

  return (
    <Card
      title={
        <Space wrap>
          <h1 style={TITLE_STYLE}>{t("rosters.titleOf", { days: periodLabel(grid.period, t) })}</h1>
          <Tag color={STATUS_COLOURS[grid.period.status]} data-testid="roster-status" data-status={grid.period.status}>
            {t(`rosters.statuses.${grid.period.status}`)}
          </Tag>
        </Space>
      }
      extra={<Link to="/shifts/rosters">{t("rosters.back")}</Link>}
    >
      <Typography.Paragraph type="secondary">
        {t("rosters.queuesOf", { queues: grid.period.queues.map(queueName).join(t("listSeparator")) })}
        {published &&
          grid.period.published_at &&
          ` ${t("rosters.publishedBy", {
            name: grid.period.published_by ? personName(grid.period.published_by) : "",
            time: formatDateTime(grid.period.published_at),
          })}`}
      </Typography.Paragraph>
      {grid.may_plan && (
        <Typography.Paragraph type="secondary">
          {published ? t("rosters.helpPublished") : t("rosters.helpDraft")}
        </Typography.Paragraph>
      )}
      {grid.may_plan && !published && (
        <Space orientation="vertical" size="middle" style={{ width: "100%", marginBottom: 16 }}>
          <Space wrap style={{ width: "100%", justifyContent: "space-between" }}>
            <BuildControls handle={handle} hasShifts={grid.assignments.length > 0} disabled={false} />
            <Space wrap>
              <Popconfirm
                title={t("rosters.publish.confirm")}
                okText={t("rosters.publish.action")}
                cancelText={t("actions.cancel", { ns: "common" })}
                okButtonProps={{ "data-testid": "roster-publish-confirm" }}
                onConfirm={() => publish.mutate()}
                disabled={building}
              >
                <Button
                  icon={<CheckCircleOutlined />}
                  disabled={building}
                  loading={publish.isPending}
                  data-testid="roster-publish"
                >
                  {t("rosters.publish.action")}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t("rosters.deleteConfirm")}
                okText={t("rosters.delete")}
                okButtonProps={{ danger: true }}
                cancelText={t("actions.cancel", { ns: "common" })}
                onConfirm={() => remove.mutate()}
                disabled={building}
              >
                <Button danger icon={<DeleteOutlined />} disabled={building} data-testid="roster-delete">
                  {t("rosters.delete")}
                </Button>
              </Popconfirm>
            </Space>
          </Space>
          {publish.error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={publishErrorText(publish.error, t)}
              closable={{ onClose: () => publish.reset() }}
              data-testid="roster-publish-error"
            />
          )}
          <BuildProgress handle={handle} />
        </Space>
      )}
      <Tabs activeKey={tab} onChange={setTab} items={tabs} data-testid="roster-tabs" />
      {asking && (
        <ReasonDialog
          grid={grid}
          cells={asking}
          busy={setCells.isPending}
          error={setCells.error}
          onSubmit={(reason) => setCells.mutate({ cells: asking, reason })}
          onClose={() => setAsking(null)}
        />
      )}
    </Card>
  );
}

/** "Alice Agent, 2025-07-08 Tue: E → day off". */
function describe(grid: Grid, cell: CellEdit, t: TFunction<"shifts">): string {
  const person = grid.people.find((p) => p.id === cell.user);
  const before = grid.assignments.find((a) => cellKey(a.user, a.day) === cellKey(cell.user, cell.day));
  const code = (typeId: number | null | undefined) =>
    typeId === null || typeId === undefined
      ? t("rosters.grid.dayOff")
      : (grid.shift_types.find((s) => s.id === typeId)?.code ?? `#${typeId}`);
  return t("rosters.edit.line", {
    person: person ? personName(person) : `#${cell.user}`,
    day: formatDay(cell.day),
    before: code(before?.shift_type),
    after: code(cell.shift_type),
  });
}

/** A published roster changes only with a reason (an override, recorded and told). */
function ReasonDialog(props: {
  grid: Grid;
  cells: CellEdit[];
  busy: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation("shifts");
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (props.error) applyFieldErrors(form, props.error, plainField(["reason"]));
  }, [form, props.error]);
  return (
    <Modal open title={t("rosters.edit.title")} onCancel={props.onClose} footer={null} destroyOnHidden>
      <ul data-testid="roster-reason-changes">
        {props.cells.map((cell) => (
          <li key={cellKey(cell.user, cell.day)}>{describe(props.grid, cell, t)}</li>
        ))}
      </ul>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => props.onSubmit(v.reason.trim())}>
        {props.error !== null && props.error !== undefined && <ErrorAlert error={props.error} />}
        <Form.Item
          name="reason"
          label={t("rosters.edit.reason")}
          extra={t("rosters.edit.reasonHelp")}
          rules={[{ required: true, whitespace: true, message: t("rosters.edit.reasonRequired") }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="roster-reason" />
        </Form.Item>
        <FormButtons
          onCancel={props.onClose}
          submitLabel={t("rosters.edit.submit")}
          busy={props.busy}
          testId="roster-reason-submit"
        />
      </Form>
    </Modal>
  );
}
