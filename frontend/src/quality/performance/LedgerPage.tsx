/**
 * `/quality/ledger` (quality.read_all: supervisors, managers): every agent's month with every
 * ledger figure; a figure opens the items behind it; CSV/XLSX exports (report.export).
 */
import { Card, Empty, Space, Table, Typography } from "antd";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import { useAuth } from "../../auth/AuthContext";
import { TITLE_STYLE } from "../../customers/FormParts";
import { ledgerFileUrl, type LedgerRow } from "./api";
import {
  currentMonth,
  ExportButtons,
  ledgerColumns,
  LoadError,
  MonthPicker,
  NotAllowed,
  TraceDrawer,
  usePeriodParam,
  type TraceTarget,
} from "./parts";
import { useLedger } from "./queries";

export function LedgerPage() {
  const { can } = useAuth();
  if (!can("quality.read_all")) return <NotAllowed />;
  return <Ledger />;
}

function Ledger() {
  const { t } = useTranslation("performance");
  const { can } = useAuth();
  const [month, setMonth] = usePeriodParam("month", currentMonth);
  const [target, setTarget] = useState<TraceTarget | null>(null);
  const ledger = useLedger(month);
  const columns = ledgerColumns<LedgerRow>(t, (row, figure) =>
    setTarget({ agent: row.agent.id, agentName: row.agent.name, month, figure }),
  );
  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("ledger.title")}</h1>}
      extra={
        <Space wrap>
          <MonthPicker value={month} onChange={setMonth} />
          {can("report.export") && <ExportButtons csv={ledgerFileUrl(month, "csv")} xlsx={ledgerFileUrl(month, "xlsx")} />}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t("ledger.intro")} {t("figureHelp")}
      </Typography.Paragraph>
      {ledger.isError ? (
        <LoadError error={ledger.error} />
      ) : (
        <Table<LedgerRow>
          rowKey={(row) => row.agent.id}
          size="small"
          loading={ledger.isLoading}
          columns={columns}
          dataSource={ledger.data?.rows ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t("ledger.empty")} /> }}
          data-testid="ledger-table"
          onRow={(row) => ({ "data-testid": `ledger-row-${row.agent.id}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <TraceDrawer target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
