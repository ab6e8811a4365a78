/** The analysis figures (live or frozen): rates, charts and tables by dimension, the campaign's answers. */
import { Card, Descriptions, List, Space, Statistic, Table, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { ExportButtons, type ExportParams } from "../../common/ExportButtons";
import { formatDateTime } from "../../common/time";
import { DIMENSIONS, type Figures, type ScoreRow } from "./api";
import { ScoreChart } from "./ScoreChart";

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);

function ScoreTable({ rows, total, first }: { rows: ScoreRow[]; total?: ScoreRow; first: string }) {
  const { t } = useTranslation("surveys");
  const columns = [
    { title: first, dataIndex: "label", key: "label" },
    { title: t("report.ratings"), dataIndex: "count", key: "count" },
    { title: t("report.average"), key: "average", render: (_: unknown, r: ScoreRow) => r.average ?? "–" },
    ...[1, 2, 3, 4, 5].map((n) => ({ title: `${n}★`, key: `s${n}`, dataIndex: `s${n}` })),
  ];
  const data = total ? [...rows, { ...total, key: "__total" }] : rows;
  return (
    <Table<ScoreRow>
      size="small"
      rowKey={(r) => String(r.key ?? "none")}
      dataSource={data}
      columns={columns}
      pagination={false}
    />
  );
}

/** Where the figures' tables download from: the analysis or a stored report (`?table=` added). */
export interface ExportSource {
  path: string;
  params?: ExportParams;
}

export function FiguresView({ figures, exportFrom }: { figures: Figures; exportFrom?: ExportSource }) {
  const { t } = useTranslation("surveys");
  const ratings = figures.ratings;
  // CSV/XLSX of one table, for report.export holders; a refusal shows the server's message
  const exports = (table: string) =>
    exportFrom && (
      <ExportButtons path={exportFrom.path} params={{ ...exportFrom.params, table }} testId={`export-${table}`} />
    );
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Space size="large" wrap data-testid="rating-stats">
        <Statistic title={t("report.linksIssued")} value={ratings.links_issued} />
        <Statistic title={t("report.linksRated")} value={ratings.links_rated} />
        <Statistic title={t("report.responseRate")} value={percent(ratings.response_rate)} />
        <Statistic title={t("report.ratings")} value={ratings.totals.count} />
        <Statistic title={t("report.average")} value={ratings.totals.average ?? "–"} />
      </Space>
      {ratings.totals.count === 0 ? (
        <Typography.Text type="secondary">{t("report.none")}</Typography.Text>
      ) : (
        <Tabs
          items={DIMENSIONS.map((by) => ({
            key: by,
            label: t(`report.by.${by}`),
            children: (
              <Space direction="vertical" style={{ width: "100%" }}>
                {exports(by)}
                <ScoreChart rows={ratings.by[by]} label={t(`report.by.${by}`)} />
                <ScoreTable rows={ratings.by[by]} total={ratings.totals} first={t(`report.by.${by}`)} />
              </Space>
            ),
          }))}
        />
      )}
      {figures.campaign && (
        <Card title={t("report.campaignTitle", { name: figures.campaign.name })} extra={exports("questions")}>
          <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("campaigns.invited")}>{figures.campaign.invited}</Descriptions.Item>
            <Descriptions.Item label={t("campaigns.answered")}>{figures.campaign.answered}</Descriptions.Item>
            <Descriptions.Item label={t("report.responseRate")}>{percent(figures.campaign.response_rate)}</Descriptions.Item>
          </Descriptions>
          <ScoreTable
            rows={figures.campaign.questions.map((q) => ({ ...q, label: t(`questions.${q.key}`) }))}
            first={t("report.question")}
          />
          <Typography.Title level={4} style={{ marginTop: 16 }}>
            {t("report.comments")}
          </Typography.Title>
          <List
            size="small"
            locale={{ emptyText: t("report.noComments") }}
            dataSource={figures.campaign.comments}
            renderItem={(c) => (
              <List.Item>
                <Typography.Text>{c.text}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(c.created_at)} · {c.service}/{c.price}/{c.overall}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
