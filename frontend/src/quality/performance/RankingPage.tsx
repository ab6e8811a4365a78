/** `/quality/ranking` (quality.read_all): the quarter's ledger, ranked, with CSV/XLSX exports
 * (report.export). */
import { Card, Empty, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import { useAuth } from "../../auth/AuthContext";
import { TITLE_STYLE } from "../../customers/FormParts";
import { rankingFileUrl, type RankingRow } from "./api";
import { currentQuarter, ExportButtons, LoadError, NotAllowed, QuarterPicker, usePeriodParam } from "./parts";
import { useRanking } from "./queries";

export function RankingPage() {
  const { can } = useAuth();
  if (!can("quality.read_all")) return <NotAllowed />;
  return <Ranking />;
}

function Ranking() {
  const { t } = useTranslation("performance");
  const { can } = useAuth();
  const [quarter, setQuarter] = usePeriodParam("quarter", currentQuarter);
  const ranking = useRanking(quarter);
  const number = (key: keyof RankingRow, title: string) => ({ title, dataIndex: key, key, align: "right" as const });
  const columns: ColumnsType<RankingRow> = [
    { title: t("ranking.rank"), dataIndex: "rank", key: "rank", width: 70 },
    { title: t("columns.agent"), key: "agent", render: (_, row) => row.agent.name },
    number("items", t("columns.items")),
    number("points", t("columns.points")),
    number("base", t("columns.base")),
    number("above_base", t("columns.above_base")),
    number("confirmed", t("columns.confirmed")),
    number("praise", t("columns.praise")),
    number("complaints", t("columns.complaints")),
    number("repeats", t("columns.repeats")),
    number("reviews", t("columns.reviews")),
    { title: t("columns.review_score"), key: "review_score", align: "right", render: (_, row) => row.review_score ?? "–" },
  ];
  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("ranking.title")}</h1>}
      extra={
        <Space wrap>
          <QuarterPicker value={quarter} onChange={setQuarter} />
          {can("report.export") && (
            <ExportButtons csv={rankingFileUrl(quarter, "csv")} xlsx={rankingFileUrl(quarter, "xlsx")} />
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("ranking.intro")}</Typography.Paragraph>
      {ranking.isError ? (
        <LoadError error={ranking.error} />
      ) : (
        <Table<RankingRow>
          rowKey={(row) => row.agent.id}
          size="small"
          loading={ranking.isLoading}
          columns={columns}
          dataSource={ranking.data?.rows ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t("ranking.empty")} /> }}
          data-testid="ranking-table"
          onRow={(row) => ({ "data-testid": `ranking-row-${row.agent.id}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
