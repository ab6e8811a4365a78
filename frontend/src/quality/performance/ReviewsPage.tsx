/**
 * `/quality/reviews` (quality.review: supervisors, managers): items to review this month, chosen
 * by rule (random, low rating, long handle, complaint), the scorecard form, and the month's reviews
 * with the disputes to answer.
 */
import { Button, Card, Checkbox, Empty, Segmented, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { HTMLAttributes } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useAuth } from "../../auth/AuthContext";
import { formatDateTime } from "../../common/time";
import { TITLE_STYLE } from "../../customers/FormParts";
import { answerReview, RULES, type Candidate, type Review, type Rule } from "./api";
import { currentMonth, ItemLink, LoadError, MonthPicker, NotAllowed, usePeriodParam } from "./parts";
import { useCandidates, useQualityChanged, useReviews } from "./queries";
import { ReviewCard, ReviewStatusTag } from "./ReviewCard";
import { ReviewForm } from "./ReviewForm";
import { TextDialog } from "./TextDialog";

export function ReviewsPage() {
  const { t } = useTranslation("performance");
  const { can } = useAuth();
  const [month, setMonth] = usePeriodParam("month", currentMonth);
  if (!can("quality.review")) return <NotAllowed />;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("reviews.title")}</h1>} extra={<MonthPicker value={month} onChange={setMonth} />}>
        <Candidates month={month} />
      </Card>
      <Card title={t("reviews.list")}>
        <MonthReviews month={month} />
      </Card>
    </Space>
  );
}

function Candidates({ month }: { month: string }) {
  const { t } = useTranslation("performance");
  const [rule, setRule] = useState<Rule>("random");
  const [reviewing, setReviewing] = useState<Candidate | null>(null);
  const candidates = useCandidates(month, rule);
  const columns: ColumnsType<Candidate> = [
    { title: t("reviews.columns.item"), key: "item", render: (_, c) => <ItemLink kind={c.kind} id={c.id} reference={c.reference} /> },
    { title: t("trace.subject"), dataIndex: "subject", key: "subject" },
    { title: t("reviews.agent"), key: "agent", render: (_, c) => c.agent.name },
    { title: t("reviews.queue"), dataIndex: "queue", key: "queue" },
    { title: t("trace.resolvedAt"), key: "resolved", render: (_, c) => formatDateTime(c.resolved_at) },
    {
      key: "review",
      render: (_, c) => (
        <Button type="primary" size="small" onClick={() => setReviewing(c)} data-testid={`review-candidate-${c.id}`}>
          {t("reviews.review")}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space wrap>
        <span>{t("reviews.rule")}</span>
        <Segmented<Rule>
          value={rule}
          onChange={setRule}
          options={RULES.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
          data-testid="rule-picker"
        />
      </Space>
      {candidates.isError ? (
        <LoadError error={candidates.error} />
      ) : (
        <Table<Candidate>
          rowKey="id"
          size="small"
          loading={candidates.isLoading}
          columns={columns}
          dataSource={candidates.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t("reviews.noCandidates")} /> }}
          data-testid="candidates-table"
          onRow={(c) => ({ "data-testid": `candidate-${c.id}` }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <ReviewForm candidate={reviewing} reason={rule} onClose={() => setReviewing(null)} />
    </Space>
  );
}

function MonthReviews({ month }: { month: string }) {
  const { t } = useTranslation("performance");
  const { me } = useAuth();
  const [onlyDisputed, setOnlyDisputed] = useState(false);
  const [answering, setAnswering] = useState<Review | null>(null);
  const reviews = useReviews({ month });
  const changed = useQualityChanged();
  const rows = (reviews.data ?? []).filter((r) => !onlyDisputed || r.status === "disputed");
  const columns: ColumnsType<Review> = [
    { title: t("reviews.columns.item"), key: "item", render: (_, r) => <ItemLink kind={r.kind} id={r.item} reference={r.reference} /> },
    { title: t("trace.subject"), dataIndex: "subject", key: "subject" },
    { title: t("reviews.columns.reason"), key: "reason", render: (_, r) => t(`reason.${r.reason}`, { defaultValue: r.reason }) },
    { title: t("reviews.columns.score"), dataIndex: "score", key: "score", align: "right" },
    { title: t("reviews.columns.status"), key: "status", render: (_, r) => <ReviewStatusTag status={r.status} /> },
    { title: t("reviews.columns.when"), key: "when", render: (_, r) => formatDateTime(r.created_at) },
    {
      key: "answer",
      render: (_, r) =>
        r.status === "disputed" && r.agent !== me?.id ? (
          <Button size="small" onClick={() => setAnswering(r)} data-testid={`answer-${r.id}`}>
            {t("reviews.answer")}
          </Button>
        ) : null,
    },
  ];
  if (reviews.isError) return <LoadError error={reviews.error} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Checkbox checked={onlyDisputed} onChange={(e) => setOnlyDisputed(e.target.checked)} data-testid="only-disputed">
        {t("reviews.onlyDisputed")}
      </Checkbox>
      <Table<Review>
        rowKey="id"
        size="small"
        loading={reviews.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (r) => <ReviewCard review={r} /> }}
        locale={{ emptyText: <Empty description={t("reviews.noReviews")} /> }}
        data-testid="reviews-table"
        onRow={(r) => ({ "data-testid": `review-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
      />
      <TextDialog
        open={answering !== null}
        title={answering ? t("reviews.answerTitle", { reference: answering.reference }) : ""}
        label={t("reviews.answerText")}
        required={t("reviews.answerRequired")}
        okText={t("reviews.answerSend")}
        done={t("reviews.answered")}
        context={
          answering ? (
            <Typography.Paragraph>
              <Typography.Text strong>{t("reviews.dispute")}: </Typography.Text>
              <span data-testid="answer-dispute-text">{answering.dispute}</span>
            </Typography.Paragraph>
          ) : null
        }
        send={async (text) => {
          await answerReview(answering!.id, text);
          changed();
        }}
        onClose={() => setAnswering(null)}
      />
    </Space>
  );
}
