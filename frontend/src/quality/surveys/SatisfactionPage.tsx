/**
 * The satisfaction analysis (docs/surveys.md): pick a month and optionally a campaign, read the
 * figures, export them, and (survey.manage) save them as a draft report with a summary and
 * actions. Below, the reports: published ones for everyone, all of them for survey.manage.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import {
  createReport,
  fetchAnalysis,
  fetchCampaigns,
  fetchReports,
  type ReportSummary,
} from "./api";
import { FiguresView } from "./FiguresView";

const STATUS_COLOUR = { draft: "default", submitted: "processing", returned: "orange", published: "green" } as const;

export function ReportList() {
  const { t } = useTranslation("surveys");
  const reports = useQuery({ queryKey: ["surveys", "reports"], queryFn: ({ signal }) => fetchReports(signal) });
  const columns = [
    {
      title: t("report.reports"),
      key: "title",
      render: (_: unknown, r: ReportSummary) => <Link to={`/quality/satisfaction/reports/${r.id}`}>{r.title}</Link>,
    },
    { title: t("report.range"), key: "period", render: (_: unknown, r: ReportSummary) => `${r.period_from} – ${r.period_to}` },
    { title: t("report.campaign"), key: "campaign", render: (_: unknown, r: ReportSummary) => r.campaign_name ?? "–" },
    {
      title: t("campaigns.status"),
      key: "status",
      render: (_: unknown, r: ReportSummary) => <Tag color={STATUS_COLOUR[r.status]}>{t(`status.${r.status}`)}</Tag>,
    },
  ];
  return (
    <Table<ReportSummary>
      rowKey="id"
      size="small"
      loading={reports.isPending}
      dataSource={reports.data ?? []}
      columns={columns}
      pagination={false}
      locale={{ emptyText: t("report.noReports") }}
    />
  );
}

export function SatisfactionPage() {
  const { t } = useTranslation("surveys");
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const canRead = can("report.read");
  const canManage = can("survey.manage");
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, "month"));
  const [campaign, setCampaign] = useState<number | undefined>();
  const period = { month: month.format("YYYY-MM") };
  const figures = useQuery({
    queryKey: ["surveys", "analysis", period.month, campaign],
    queryFn: ({ signal }) => fetchAnalysis(period, campaign, signal),
    enabled: canRead,
  });
  const campaigns = useQuery({
    queryKey: ["surveys", "campaigns"],
    queryFn: ({ signal }) => fetchCampaigns(signal),
    enabled: canManage,
  });
  const draft = useMutation({
    mutationFn: (v: { summary?: string; actions?: string }) =>
      createReport({ ...period, campaign: campaign ?? null, summary: v.summary ?? "", actions: v.actions ?? "" }),
    onSuccess: (report) => {
      void message.success(t("report.saved"));
      void client.invalidateQueries({ queryKey: ["surveys", "reports"] });
      navigate(`/quality/satisfaction/reports/${report.id}`);
    },
    onError: (e: Error) => void message.error(e.message),
  });

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t("report.title")}
      </Typography.Title>
      {canRead && (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            <span>{t("report.month")}</span>
            <DatePicker
              picker="month"
              allowClear={false}
              value={month}
              onChange={(value) => value && setMonth(value)}
              aria-label={t("report.month")}
            />
            {canManage && (
              <Select
                allowClear
                style={{ minWidth: 220 }}
                placeholder={t("report.noCampaign")}
                aria-label={t("report.campaign")}
                value={campaign}
                onChange={setCampaign}
                options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            )}
          </Space>
          {figures.isError && <Typography.Text type="danger">{t("report.failed")}</Typography.Text>}
          {figures.data && (
            <FiguresView
              figures={figures.data}
              exportFrom={{ path: "/quality/satisfaction/", params: { ...period, campaign } }}
            />
          )}
          {canManage && figures.data && (
            <Form layout="vertical" onFinish={(v) => draft.mutate(v)} style={{ marginTop: 24 }}>
              <Form.Item name="summary" label={t("report.summary")}>
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item name="actions" label={t("report.actions")}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={draft.isPending}>
                {t("report.draft")}
              </Button>
            </Form>
          )}
        </Card>
      )}
      <Card title={canManage ? t("report.reports") : t("report.published")}>
        <ReportList />
      </Card>
    </Space>
  );
}
