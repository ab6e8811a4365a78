/** Pick a canned response; the server fills its placeholders for this ticket. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { cannedKey, fetchCanned, renderCanned } from "./api";

export function CannedPicker({
  ticketId,
  queueId,
  onInsert,
  onError,
}: {
  ticketId: number;
  queueId: number;
  onInsert: (text: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation("tickets");
  const [opened, setOpened] = useState(false);
  const list = useQuery({
    queryKey: cannedKey(queueId),
    queryFn: () => fetchCanned(queueId),
    enabled: opened,
    staleTime: 60_000,
  });
  const render = useMutation({
    mutationFn: (cannedId: number) => renderCanned(cannedId, ticketId),
    onSuccess: (rendered) => onInsert(rendered.body),
    onError,
  });

  return (
    <Select<number>
      data-testid="composer-canned"
      aria-label={t("composer.canned")}
      placeholder={t("composer.canned")}
      style={{ minWidth: 220 }}
      value={null}
      showSearch={{ optionFilterProp: "label" }}
      loading={list.isFetching || render.isPending}
      onOpenChange={(open) => open && setOpened(true)}
      onFocus={() => setOpened(true)}
      notFoundContent={list.isFetching ? t("loading") : t("composer.noCanned")}
      options={(list.data?.results ?? []).map((c) => ({ value: c.id, label: c.title }))}
      onChange={(id) => render.mutate(id)}
    />
  );
}
