/** The menu's "Escalations" entry with the count of what waits for the user; live. */
import { Badge, Space } from "antd";
import { useTranslation } from "react-i18next";

import { useEscalationsLive } from "./live";
import { useWaitingEscalations } from "./queries";

export function EscalationsNavLabel({ text }: { text: string }) {
  const { t } = useTranslation("sla");
  const { total } = useWaitingEscalations();
  useEscalationsLive();
  return (
    <Space size={6}>
      {text}
      {total > 0 && (
        <Badge count={total} size="small" title={t("inbox.waitingCount", { count: total })} data-testid="nav-escalations-count" />
      )}
    </Space>
  );
}
