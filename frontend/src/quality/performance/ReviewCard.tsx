/** One quality review as its agent and the supervisors read it: the item, the weighted score, each
 * criterion's score, the comment, the dispute and the answer. */
import { Card, Descriptions, Space, Table, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../../common/time";
import type { Review, ReviewScore } from "./api";
import { ItemLink } from "./parts";

const STATUS_COLOURS = { published: "blue", disputed: "orange", answered: "green" } as const;

export function ReviewStatusTag({ status }: { status: Review["status"] }) {
  const { t } = useTranslation("performance");
  return <Tag color={STATUS_COLOURS[status]}>{t(`reviewStatus.${status}`)}</Tag>;
}

export function ReviewCard({ review, extra }: { review: Review; extra?: ReactNode }) {
  const { t } = useTranslation("performance");
  return (
    <Card
      size="small"
      data-testid={`review-${review.id}`}
      title={
        <Space wrap>
          <ItemLink kind={review.kind} id={review.item} reference={review.reference} />
          <span>{review.subject}</span>
          <Tag color="purple" data-testid={`review-score-${review.id}`}>
            {t("mine.score", { score: review.score })}
          </Tag>
          <ReviewStatusTag status={review.status} />
        </Space>
      }
      extra={extra}
    >
      <Typography.Paragraph type="secondary">
        {t(`reason.${review.reason}`, { defaultValue: review.reason })} · {formatDateTime(review.created_at)}
      </Typography.Paragraph>
      <Table<ReviewScore>
        rowKey="criterion"
        size="small"
        pagination={false}
        dataSource={review.scores}
        columns={[
          { title: t("mine.criterion"), dataIndex: "name", key: "name" },
          { title: t("mine.weight"), dataIndex: "weight", key: "weight", align: "right" },
          { title: t("mine.points"), dataIndex: "score", key: "score", align: "right" },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t("mine.comment")}>
          <span data-testid={`review-comment-${review.id}`}>{review.comment || t("mine.noComment")}</span>
        </Descriptions.Item>
        {review.dispute && (
          <Descriptions.Item label={t("mine.yourDispute")}>
            <span data-testid={`review-dispute-${review.id}`}>{review.dispute}</span>
          </Descriptions.Item>
        )}
        {review.status === "disputed" && <Descriptions.Item label={t("mine.answer")}>{t("mine.waiting")}</Descriptions.Item>}
        {review.answer && (
          <Descriptions.Item label={t("mine.answer")}>
            <span data-testid={`review-answer-${review.id}`}>{review.answer}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
