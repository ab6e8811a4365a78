/**
 * `/reports/monthly/:month?` (report.read): the manager's monthly report (last month by default)
 * against the previous month: totals, by queue, kind and agent (with the ledger's points and
 * rank), satisfaction, SLA attainment, complaints by root cause and the top categories. "Print"
 * lays it out for A4 (monthly.css); the XLSX is one workbook with a sheet per table.
 */
import { PrinterOutlined } from "@ant-design/icons";
import { Button, Card, Col, DatePicker, Row, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { TITLE_STYLE } from "../../customers/FormParts";
import { MONTHLY_PATH } from "../api";
import { lastMonth, quarterOf } from "../format";
import { ExportButtons, LoadError, NotAllowed } from "../parts";
import { useMonthlyReport } from "../queries";
import "./monthly.css";
import {
  AgentTable,
  CausesTable,
  SatisfactionSection,
  Section,
  ServiceTable,
  SlaSection,
  TopCategoriesTable,
  TotalsTable,
} from "./sections";

export function MonthlyReportPage() {
  const { can } = useAuth();
  if (!can("report.read")) return <NotAllowed />;
  return <Monthly />;
}

function Monthly() {
  const { t } = useTranslation("reports");
  const { can } = useAuth();
  const navigate = useNavigate();
  const params = useParams<{ month?: string }>();
  const month = params.month && /^\d{4}-\d{2}$/.test(params.month) ? params.month : lastMonth();
  const report = useMonthlyReport(month);
  const data = report.data;
  const quarter = quarterOf(month);
  return (
    <div className="monthly-report" data-testid="monthly-report">
      <Card className="report-card">
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <Row justify="space-between" align="middle" gutter={[16, 8]}>
            <Col>
              <h1 style={TITLE_STYLE} data-testid="monthly-heading">
                {t("monthly.heading", { month })}
              </h1>
              {data && (
                <Typography.Text type="secondary" data-testid="monthly-period">
                  {t("monthly.period", { from: data.from, to: data.to, previous: data.previous_month })} ·{" "}
                  {t("timeZone", { zone: data.time_zone })}
                </Typography.Text>
              )}
            </Col>
            <Col className="no-print">
              <Space wrap>
                <DatePicker
                  picker="month"
                  aria-label={t("monthly.month")}
                  allowClear={false}
                  value={dayjs(`${month}-01`)}
                  disabledDate={(d) => d.format("YYYY-MM") > dayjs().format("YYYY-MM")}
                  onChange={(value) => value && navigate(`/reports/monthly/${value.format("YYYY-MM")}`)}
                  data-testid="monthly-month"
                />
                <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="monthly-print">
                  {t("monthly.print")}
                </Button>
                {can("report.export") && (
                  <ExportButtons
                    path={MONTHLY_PATH}
                    query={{ month }}
                    outputs={["xlsx"]}
                    labels={{ xlsx: t("monthly.downloadXlsx") }}
                  />
                )}
              </Space>
            </Col>
          </Row>
          <Space wrap className="no-print">
            <Link to={`/quality/ranking?quarter=${quarter}`} data-testid="monthly-ranking-link">
              {t("monthly.ranking", { quarter })}
            </Link>
            <Link to={`/reports?from=${month}-01&to=${dayjs(`${month}-01`).endOf("month").format("YYYY-MM-DD")}&by=agent`}>
              {t("service.title")}
            </Link>
          </Space>
          {report.error && <LoadError error={report.error} />}
          {report.isPending && !report.error && <Typography.Text type="secondary">{t("loading")}</Typography.Text>}
        </Space>
      </Card>
      {data && (
        <Card className="report-card">
          <Section title={t("monthly.totals")} testId="section-totals">
            <TotalsTable report={data} />
          </Section>
          <Section title={t("monthly.byQueue")} testId="section-queue">
            <ServiceTable table={data.by_queue} title={t("service.dimensions.queue")} testId="monthly-by-queue" />
          </Section>
          <Section title={t("monthly.byKind")} testId="section-kind">
            <ServiceTable table={data.by_kind} title={t("service.dimensions.kind")} testId="monthly-by-kind" />
          </Section>
          <Section title={t("monthly.byAgent")} testId="section-agent">
            <AgentTable report={data} />
          </Section>
          <Section title={t("monthly.satisfaction")} testId="section-satisfaction">
            <SatisfactionSection report={data} />
          </Section>
          <Section title={t("monthly.sla")} testId="section-sla">
            <SlaSection report={data} />
          </Section>
          <Section title={t("monthly.causes")} testId="section-causes">
            <CausesTable report={data} />
          </Section>
          <Section title={t("monthly.topCategories")} testId="section-categories">
            <TopCategoriesTable report={data} />
          </Section>
        </Card>
      )}
    </div>
  );
}
