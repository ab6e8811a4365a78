/** Survey campaigns for supervisors and managers: list with counts, create, send, close (docs/surveys.md). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../../common/time";
import { closeCampaign, createCampaign, fetchCampaigns, sendCampaign, type Campaign } from "./api";

const STATUS_COLOUR = { draft: "default", sending: "processing", open: "green", closed: "red" } as const;
const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);

interface Values {
  name: string;
  intro?: string;
  deadline: Dayjs;
  served?: [Dayjs, Dayjs] | null;
}

export function CampaignsPage() {
  const { t } = useTranslation("surveys");
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Values>();
  const campaigns = useQuery({ queryKey: ["surveys", "campaigns"], queryFn: ({ signal }) => fetchCampaigns(signal) });
  const refresh = () => client.invalidateQueries({ queryKey: ["surveys", "campaigns"] });
  const create = useMutation({
    mutationFn: (v: Values) =>
      createCampaign({
        name: v.name,
        intro: v.intro ?? "",
        deadline: v.deadline.toISOString(),
        served_from: v.served?.[0]?.format("YYYY-MM-DD") ?? null,
        served_to: v.served?.[1]?.format("YYYY-MM-DD") ?? null,
      }),
    onSuccess: () => {
      void message.success(t("campaigns.created"));
      setCreating(false);
      form.resetFields();
      void refresh();
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const send = useMutation({
    mutationFn: sendCampaign,
    onSuccess: () => void (message.success(t("campaigns.sentNotice")), refresh()),
    onError: (e: Error) => void message.error(e.message),
  });
  const close = useMutation({
    mutationFn: closeCampaign,
    onSuccess: () => void (message.success(t("campaigns.closedNotice")), refresh()),
    onError: (e: Error) => void message.error(e.message),
  });

  const columns = [
    { title: t("campaigns.name"), dataIndex: "name", key: "name" },
    {
      title: t("campaigns.status"),
      key: "status",
      render: (_: unknown, c: Campaign) => <Tag color={STATUS_COLOUR[c.status]}>{t(`status.${c.status}`)}</Tag>,
    },
    { title: t("campaigns.deadline"), key: "deadline", render: (_: unknown, c: Campaign) => formatDateTime(c.deadline) },
    { title: t("campaigns.invited"), dataIndex: "invited", key: "invited" },
    { title: t("campaigns.sent"), dataIndex: "sent", key: "sent" },
    { title: t("campaigns.answered"), dataIndex: "answered", key: "answered" },
    { title: t("campaigns.rate"), key: "rate", render: (_: unknown, c: Campaign) => percent(c.response_rate) },
    {
      title: "",
      key: "actions",
      render: (_: unknown, c: Campaign) => (
        <Space>
          {(c.status === "draft" || c.status === "sending") && (
            <Popconfirm title={t("campaigns.sendConfirm")} onConfirm={() => send.mutate(c.id)}>
              <Button size="small" type="primary">
                {t("campaigns.send")}
              </Button>
            </Popconfirm>
          )}
          {(c.status === "open" || c.status === "sending") && (
            <Popconfirm title={t("campaigns.closeConfirm")} onConfirm={() => close.mutate(c.id)}>
              <Button size="small" danger>
                {t("campaigns.close")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t("campaigns.title")}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t("campaigns.create")}
        </Button>
      </Space>
      {campaigns.isError && <Typography.Text type="danger">{t("campaigns.failed")}</Typography.Text>}
      <Table<Campaign>
        rowKey="id"
        loading={campaigns.isPending}
        dataSource={campaigns.data ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t("campaigns.empty") }}
      />
      <Modal
        open={creating}
        title={t("campaigns.create")}
        okText={t("campaigns.save")}
        cancelText={t("campaigns.cancel")}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t("campaigns.name")} rules={[{ required: true, message: t("campaigns.required") }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="intro" label={t("campaigns.intro")}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t("campaigns.deadline")}
            rules={[{ required: true, message: t("campaigns.required") }]}
          >
            <DatePicker showTime />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t("campaigns.audienceAll")}</Typography.Paragraph>
          <Form.Item name="served" label={t("campaigns.served")}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
