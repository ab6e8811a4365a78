/** One satisfaction report: its figures (frozen once submitted), summary and actions, history;
 * edit and submit (survey.manage), approve and publish or send back (survey.approve). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Modal, Space, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { formatDateTime } from "../../common/time";
import { fetchReport, reportAction, sendBackReport, updateReport, type Report } from "./api";
import { FiguresView } from "./FiguresView";

export function ReportPage() {
  const { t } = useTranslation("surveys");
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const id = Number(useParams().reportId);
  const [reason, setReason] = useState<string | null>(null);
  const report = useQuery({ queryKey: ["surveys", "report", id], queryFn: ({ signal }) => fetchReport(id, signal) });
  const done = (data: Report) => {
    client.setQueryData(["surveys", "report", id], data);
    void client.invalidateQueries({ queryKey: ["surveys", "reports"] });
    void message.success(t("report.saved"));
  };
  const onError = (e: Error) => void message.error(e.message);
  const save = useMutation({ mutationFn: (v: { summary: string; actions: string }) => updateReport(id, v), onSuccess: done, onError });
  const act = useMutation({ mutationFn: (a: "submit" | "publish") => reportAction(id, a), onSuccess: done, onError });
  const back = useMutation({
    mutationFn: (text: string) => sendBackReport(id, text),
    onSuccess: (data) => {
      setReason(null);
      done(data);
    },
    onError,
  });

  if (report.isPending) return null;
  if (report.isError) return <Typography.Text type="danger">{t("report.failed")}</Typography.Text>;
  const r = report.data;
  const editable = can("survey.manage") && (r.status === "draft" || r.status === "returned");
  const approvable = can("survey.approve") && r.status === "submitted";

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Link to="/quality/satisfaction">{t("report.back")}</Link>
      <Space>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {r.title}
        </Typography.Title>
        <Tag data-testid="report-status">{t(`status.${r.status}`)}</Tag>
      </Space>
      <Card>
        {editable ? (
          <Form layout="vertical" initialValues={{ summary: r.summary, actions: r.actions }} onFinish={(v) => save.mutate(v)}>
            <Form.Item name="summary" label={t("report.summary")}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="actions" label={t("report.actions")}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Space>
              <Button htmlType="submit" loading={save.isPending}>
                {t("report.save")}
              </Button>
              <Button type="primary" onClick={() => act.mutate("submit")} loading={act.isPending}>
                {t("report.submit")}
              </Button>
            </Space>
          </Form>
        ) : (
          <>
            <Typography.Title level={4}>{t("report.summary")}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: "pre-line" }}>{r.summary}</Typography.Paragraph>
            <Typography.Title level={4}>{t("report.actions")}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: "pre-line" }}>{r.actions}</Typography.Paragraph>
          </>
        )}
        {approvable && (
          <Space>
            <Button type="primary" onClick={() => act.mutate("publish")} loading={act.isPending}>
              {t("report.publish")}
            </Button>
            <Button danger onClick={() => setReason("")}>
              {t("report.sendBack")}
            </Button>
          </Space>
        )}
      </Card>
      <Card>
        {r.frozen && <Typography.Paragraph type="secondary">{t("report.frozen")}</Typography.Paragraph>}
        <FiguresView figures={r.figures} exportFrom={{ path: `/quality/satisfaction/reports/${id}/` }} />
      </Card>
      <Card title={t("report.history")}>
        <Timeline
          items={r.events.map((e) => ({
            children: `${formatDateTime(e.created_at)} · ${t(`report.verb.${e.verb}`)} · ${e.actor ?? ""}${e.reason ? ` — ${e.reason}` : ""}`,
          }))}
        />
      </Card>
      <Modal
        open={reason !== null}
        title={t("report.sendBack")}
        okButtonProps={{ disabled: !reason?.trim(), loading: back.isPending }}
        onOk={() => back.mutate(reason ?? "")}
        onCancel={() => setReason(null)}
      >
        <Input.TextArea aria-label={t("report.reason")} placeholder={t("report.reason")} rows={3} value={reason ?? ""} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}
