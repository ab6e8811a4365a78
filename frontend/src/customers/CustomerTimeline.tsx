import { Empty, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

import type { WorkItem } from "../api/types";
import { formatDateTime } from "../common/time";
import { ErrorAlert } from "./FormParts";
import { PAGE_SIZE, useTimeline } from "./queries";

/** Every work item of the customer, newest first (the server audits this read too). */
export function CustomerTimeline({ customerId }: { customerId: number }) {
  const { t } = useTranslation("customers");
  const [page, setPage] = useState(1);
  const timeline = useTimeline(customerId, page, true);

  const columns: ColumnsType<WorkItem> = [
    {
      key: "reference",
      title: t("timeline.reference"),
      render: (_, item) =>
        item.kind === "ticket" ? (
          <Link to={`/tickets/${item.id}`}>{item.reference}</Link>
        ) : (
          item.reference
        ),
    },
    { key: "kind", title: t("timeline.kind"), dataIndex: "kind_display" },
    { key: "subject", title: t("timeline.subject"), dataIndex: "subject" },
    { key: "status", title: t("timeline.status"), dataIndex: "status_display" },
    { key: "queue", title: t("timeline.queue"), render: (_, item) => item.queue.name },
    {
      key: "created",
      title: t("timeline.created"),
      render: (_, item) => <time dateTime={item.created_at}>{formatDateTime(item.created_at)}</time>,
    },
  ];

  return (
    <div data-testid="customer-timeline">
      {timeline.error && <ErrorAlert error={timeline.error} />}
      <Table<WorkItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={timeline.data?.results ?? []}
        loading={timeline.isFetching}
        locale={{ emptyText: <Empty description={t("timeline.empty")} /> }}
        onRow={(item) =>
          ({ "data-testid": `timeline-row-${item.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: timeline.data?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
    </div>
  );
}
