import { Badge } from "antd";
import { useTranslation } from "react-i18next";

export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <span data-testid="live-indicator" data-connected={connected}>
      <Badge
        status={connected ? "success" : "warning"}
        text={connected ? t("live.connected") : t("live.disconnected")}
      />
    </span>
  );
}
