import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { CreditStanding } from "../api/types";

export const CREDIT_STANDINGS: CreditStanding[] = ["good", "watch", "hold", "blocked"];

const COLORS: Record<CreditStanding, string> = {
  good: "green",
  watch: "gold",
  hold: "orange",
  blocked: "red",
};

/** The credit standing as a coloured tag (the colour is never the only cue: the label is shown). */
export function CreditTag({ value, testId }: { value: CreditStanding; testId?: string }) {
  const { t } = useTranslation("customers");
  return (
    <Tag color={COLORS[value]} data-testid={testId} data-credit={value}>
      {t(`credit.${value}`)}
    </Tag>
  );
}
