/**
 * `/complaints`: the complaint board, a kanban of the workflow's stages (`GET /complaints/board/`),
 * each card with its severity, customer, handler, SLA badge and remedies; filters in the address.
 * Stages change only through the workflow's steps (with reasons), so cards are not dragged:
 * a card opens the complaint.
 */
import { BarChartOutlined } from "@ant-design/icons";
import { Badge, Button, Card, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { useNow } from "../common/useNow";
import { TITLE_STYLE } from "../customers/FormParts";
import { yuan } from "../orders/format";
import type { BoardColumn, BoardFilters, ComplaintCard } from "./api";
import { BoardFilterBar } from "./BoardFilterBar";
import { EMPTY_FILTERS, parseBoardFilters, serializeBoardFilters } from "./filters";
import { useBoardLive } from "./live";
import { NewComplaintButton } from "./NewComplaintDialog";
import { ComplaintError, personName, SeverityTag, SlaBadge } from "./parts";
import { useBoard, useComplaintOptions } from "./queries";
import "./complaints.css";

export function ComplaintBoardPage() {
  const { t } = useTranslation("complaints");
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = parseBoardFilters(params);
  const board = useBoard(filters);
  const options = useComplaintOptions();
  const now = useNow(30_000);
  useBoardLive();

  const change = (patch: Partial<BoardFilters>) => setParams(serializeBoardFilters({ ...filters, ...patch }));

  return (
    <Card
      title={<h1 style={TITLE_STYLE}>{t("board.title")}</h1>}
      extra={
        <Space wrap>
          {can("complaint.report") && (
            <Link to="/complaints/reports" data-testid="complaint-reports-link">
              <Button icon={<BarChartOutlined />}>{t("board.reports")}</Button>
            </Link>
          )}
          {can("complaint.open") && <NewComplaintButton />}
        </Space>
      }
    >
      <BoardFilterBar
        filters={filters}
        options={options.data}
        onChange={change}
        onReset={() => setParams(serializeBoardFilters(EMPTY_FILTERS))}
      />
      {board.error && <ComplaintError error={board.error} testId="board-error" />}
      {board.isPending && !board.error ? (
        <Typography.Text type="secondary">{t("board.loading")}</Typography.Text>
      ) : (
        board.data && (
          <div className="complaint-board" data-testid="complaint-board" aria-busy={board.isFetching}>
            {board.data.columns.map((column) => (
              <Column key={column.stage} column={column} now={now} />
            ))}
          </div>
        )
      )}
    </Card>
  );
}

function Column({ column, now }: { column: BoardColumn; now: number }) {
  const { t } = useTranslation("complaints");
  const label = t(`stages.${column.stage}`, { defaultValue: column.label });
  return (
    <section
      className="complaint-column"
      data-testid={`board-column-${column.stage}`}
      data-count={column.count}
      aria-label={label}
    >
      <header className="complaint-column-header">
        <Typography.Text strong>{label}</Typography.Text>
        <span data-testid={`board-count-${column.stage}`} data-count={column.count}>
          <Badge count={column.count} showZero overflowCount={9999} color={column.count ? "#1677ff" : "#d9d9d9"} />
        </span>
      </header>
      <div className="complaint-column-cards">
        {column.cards.length === 0 ? (
          <Typography.Text type="secondary" className="complaint-column-empty">
            {t("board.empty")}
          </Typography.Text>
        ) : (
          column.cards.map((card) => <BoardCard key={card.id} card={card} now={now} />)
        )}
        {column.count > column.cards.length && (
          <Typography.Text type="secondary" className="complaint-column-more">
            {t("board.more", { shown: column.cards.length, count: column.count })}
          </Typography.Text>
        )}
      </div>
    </section>
  );
}

export function BoardCard({ card, now }: { card: ComplaintCard; now: number }) {
  const { t } = useTranslation("complaints");
  return (
    <Link
      to={`/complaints/${card.id}`}
      className="complaint-card"
      data-testid={`complaint-card-${card.id}`}
      data-stage={card.stage}
      data-severity={card.severity}
      data-sla={card.sla.state}
    >
      <div className="complaint-card-top">
        <Typography.Text type="secondary" className="complaint-card-ref">
          {card.reference}
        </Typography.Text>
        <SeverityTag severity={card.severity} />
      </div>
      <div className="complaint-card-subject">{card.subject}</div>
      <div className="complaint-card-meta">
        <span data-testid={`complaint-card-customer-${card.id}`}>{card.customer?.name ?? t("card.noCustomer")}</span>
        {card.category && <span> · {card.category.name}</span>}
      </div>
      <div className="complaint-card-meta" data-testid={`complaint-card-handler-${card.id}`}>
        {card.assignee ? personName(card.assignee) : <Typography.Text type="warning">{t("card.unassigned")}</Typography.Text>}
      </div>
      <Space size={4} wrap className="complaint-card-badges">
        <SlaBadge sla={card.sla} now={now} testId={`complaint-card-sla-${card.id}`} />
        {card.remedies_total_fen > 0 && (
          <span className="complaint-card-money" data-testid={`complaint-card-remedies-${card.id}`}>
            {t("card.remedies", { amount: yuan(card.remedies_total_fen) })}
          </span>
        )}
        {card.needs_amount_confirmation && (
          <Typography.Text type="danger" className="complaint-card-flag">
            {t("card.largeAmount")}
          </Typography.Text>
        )}
        {card.appeal_round > 0 && <Typography.Text type="secondary">{t("card.appeal", { round: card.appeal_round })}</Typography.Text>}
      </Space>
    </Link>
  );
}
