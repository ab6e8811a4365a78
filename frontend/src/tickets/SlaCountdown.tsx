/** Time left until the ticket's next SLA target (`due_at`), refreshed every 30 seconds. */
import { ClockCircleOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { formatDateTime, formatDuration, secondsUntil } from "../common/time";

export function SlaCountdown({ due }: { due: string }) {
  const { t } = useTranslation("tickets");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = secondsUntil(due, now);
  const colour = left < 0 ? "red" : left < 3600 ? "orange" : "green";
  return (
    <Tooltip title={t("sla.dueAt", { time: formatDateTime(due) })}>
      <Tag color={colour} icon={<ClockCircleOutlined />} data-testid="ticket-sla" data-overdue={left < 0}>
        {left < 0
          ? t("sla.overdue", { duration: formatDuration(left) })
          : t("sla.left", { duration: formatDuration(left) })}
      </Tag>
    </Tooltip>
  );
}
