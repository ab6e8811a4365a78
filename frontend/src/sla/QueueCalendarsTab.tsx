/** Which calendar each queue's SLA clocks run on (none: around the clock). */
import { useMutation, useQuery } from "@tanstack/react-query";
import { App, Empty, Select, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import type { Queue } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, errorMessage } from "../customers/FormParts";
import { isQueueLead, useQueues } from "../queues/queries";
import { fetchQueueCalendars, setQueueCalendar } from "./api";
import { useCalendars } from "./CalendarsTab";

const AROUND_THE_CLOCK = 0;

/** Each queue's calendar as the server has it (GET /sla/queues/: an id, or null for none). */
function useQueueCalendars() {
  return useQuery({ queryKey: ["sla", "queue-calendars"], queryFn: ({ signal }) => fetchQueueCalendars(signal) });
}

/** The queues the user leads (their policies and calendars are theirs to set). */
export function useLedQueues() {
  const { me } = useAuth();
  const queues = useQueues();
  return { ...queues, data: queues.data?.filter((q) => isQueueLead(me, q.id)) };
}

export function QueueCalendarsTab() {
  const { t } = useTranslation("sla");
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const queues = useLedQueues();
  const calendars = useCalendars();
  const linked = useQueueCalendars();
  const serverCalendar = (queue: Queue): number | null | undefined =>
    linked.data?.find((row) => row.queue === queue.id)?.calendar;
  const [chosen, setChosen] = useState<Record<number, number>>({});
  const save = useMutation({
    mutationFn: ({ queue, calendar }: { queue: Queue; calendar: number }) =>
      setQueueCalendar(queue.id, calendar === AROUND_THE_CLOCK ? null : calendar),
    onSuccess: (_, { queue, calendar }) => {
      setChosen((old) => ({ ...old, [queue.id]: calendar }));
      const name = calendars.data?.find((c) => c.id === calendar)?.name;
      void message.success(
        name ? t("queues.saved", { queue: queue.name, calendar: name }) : t("queues.savedNone", { queue: queue.name }),
      );
    },
    onError: (error) => void message.error(errorMessage(error, tc("errors.generic"))),
  });

  const options = [
    { value: AROUND_THE_CLOCK, label: t("queues.aroundTheClock") },
    ...(calendars.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.time_zone})` })),
  ];
  const columns: ColumnsType<Queue> = [
    { key: "queue", title: t("queues.queue"), render: (_, q) => <Typography.Text strong>{q.name}</Typography.Text> },
    {
      key: "calendar",
      title: t("queues.calendar"),
      render: (_, q) => {
        const known = serverCalendar(q);
        const value = chosen[q.id] ?? (known === undefined ? undefined : (known ?? AROUND_THE_CLOCK));
        return (
          <>
            <Select<number>
              value={value}
              placeholder={t("queues.choose")}
              options={options}
              loading={calendars.isPending || (save.isPending && save.variables?.queue.id === q.id)}
              onChange={(calendar) => save.mutate({ queue: q, calendar })}
              style={{ minWidth: 280 }}
              aria-label={t("queues.calendarOf", { queue: q.name })}
              data-testid={`queue-calendar-${q.id}`}
            />
            {chosen[q.id] !== undefined && (
              <Tag color="green" style={{ marginLeft: 8 }}>
                {t("queues.savedTag")}
              </Tag>
            )}
          </>
        );
      },
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t("queues.intro")}</Typography.Paragraph>
      {(queues.error || calendars.error) && <ErrorAlert error={queues.error ?? calendars.error} />}
      <Table<Queue>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={queues.data ?? []}
        loading={queues.isPending}
        pagination={false}
        locale={{ emptyText: <Empty description={t("queues.empty")} /> }}
        onRow={(q) => ({ "data-testid": `queue-row-${q.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}
