/**
 * `/quality/me` (every role, quality.read_own): one's own month — the ledger figures with the same
 * trace as the ledger page — and one's reviews, each with a "Dispute" and the supervisor's answer.
 */
import { Button, Card, Col, Empty, Row, Space, Spin, Statistic } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../../api/client";
import { useAuth } from "../../auth/AuthContext";
import { TITLE_STYLE } from "../../customers/FormParts";
import { disputeReview, FIGURES, type Figure, type LedgerRow, type Review } from "./api";
import { currentMonth, LoadError, MonthPicker, TraceDrawer, usePeriodParam, type TraceTarget } from "./parts";
import { useAgentLedger, useQualityChanged, useReviews } from "./queries";
import { ReviewCard } from "./ReviewCard";
import { TextDialog } from "./TextDialog";

const SHOWN: (keyof LedgerRow)[] = ["items", "points", "base", "above_base", "confirmed", "praise", "complaints", "repeats", "reviews", "review_score"];

export function MyQualityPage() {
  const { t } = useTranslation("performance");
  const { me } = useAuth();
  const [month, setMonth] = usePeriodParam("month", currentMonth);
  const [target, setTarget] = useState<TraceTarget | null>(null);
  if (!me) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={<h1 style={TITLE_STYLE}>{t("mine.title")}</h1>} extra={<MonthPicker value={month} onChange={setMonth} />}>
        <MyFigures
          agent={me.id}
          month={month}
          onOpen={(figure) => setTarget({ agent: me.id, agentName: me.name || me.username, month, figure })}
        />
      </Card>
      <Card title={t("mine.reviews")}>
        <MyReviews agent={me.id} month={month} />
      </Card>
      <TraceDrawer target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}

function MyFigures({ agent, month, onOpen }: { agent: number; month: string; onOpen: (figure: Figure) => void }) {
  const { t } = useTranslation("performance");
  const ledger = useAgentLedger(agent, month);
  if (ledger.isLoading) return <Spin />;
  const row = ledger.data?.rows[0];
  const missing = ledger.error instanceof ApiError && ledger.error.status === 404;
  if (ledger.isError && !missing) return <LoadError error={ledger.error} />;
  if (!row || missing) return <Empty description={t("mine.noFigures")} />;
  return (
    <>
      <Row gutter={[16, 16]}>
        {SHOWN.map((key) => {
          const value = row[key] as string | number | null;
          const traceable = (FIGURES as readonly string[]).includes(key) && Number(value) > 0;
          return (
            <Col key={key} xs={12} sm={8} md={6} lg={4}>
              <Statistic
                title={t(`columns.${key}`)}
                value={value ?? "–"}
                valueRender={(node) =>
                  traceable ? (
                    <Button type="link" style={{ padding: 0, fontSize: "inherit" }} onClick={() => onOpen(key as Figure)} data-testid={`my-figure-${key}`}>
                      {node}
                    </Button>
                  ) : (
                    <span data-testid={`my-figure-${key}`}>{node}</span>
                  )
                }
              />
            </Col>
          );
        })}
      </Row>
      <p style={{ marginTop: 12, color: "rgba(0,0,0,0.45)" }}>{t("figureHelp")}</p>
    </>
  );
}

function MyReviews({ agent, month }: { agent: number; month: string }) {
  const { t } = useTranslation("performance");
  const reviews = useReviews({ agent, month });
  const changed = useQualityChanged();
  const [disputing, setDisputing] = useState<Review | null>(null);
  if (reviews.isError) return <LoadError error={reviews.error} />;
  if (reviews.isLoading) return <Spin />;
  if (!reviews.data?.length) return <Empty description={t("mine.noReviews")} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      {reviews.data.map((review) => (
        <ReviewCard
          key={review.id}
          review={review}
          extra={
            review.status === "published" && review.agent === agent ? (
              <Button onClick={() => setDisputing(review)} data-testid={`dispute-${review.id}`}>
                {t("mine.dispute")}
              </Button>
            ) : null
          }
        />
      ))}
      <TextDialog
        open={disputing !== null}
        title={t("mine.disputeTitle")}
        label={t("mine.disputeText")}
        required={t("mine.disputeRequired")}
        okText={t("mine.disputeSend")}
        done={t("mine.disputed")}
        send={async (text) => {
          await disputeReview(disputing!.id, text);
          changed();
        }}
        onClose={() => setDisputing(null)}
      />
    </Space>
  );
}
