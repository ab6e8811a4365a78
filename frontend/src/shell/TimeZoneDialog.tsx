import { useQueryClient } from "@tanstack/react-query";
import { Alert, Modal, Select } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiError } from "../api/client";
import type { Me } from "../api/types";
import { ME_KEY } from "../auth/AuthContext";
import { setTimeZone } from "../common/time";

/** The IANA time zones the browser knows (UTC included). */
export function timeZones(): string[] {
  try {
    const all = Intl.supportedValuesOf("timeZone");
    return all.includes("UTC") ? all : [...all, "UTC"];
  } catch {
    return ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "UTC"];
  }
}

/** Choose the time zone the app shows times in (saved on the user's profile). */
export function TimeZoneDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [zone, setZone] = useState<string>(me.time_zone || "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useMemo(
    () => [
      { value: "", label: t("user.browserTimeZone", { zone: browserZone }) },
      ...timeZones().map((z) => ({ value: z, label: z })),
    ],
    [t, browserZone],
  );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api<Me>("/me/", { method: "PATCH", body: { time_zone: zone } });
      client.setQueryData(ME_KEY, updated);
      setTimeZone(updated.time_zone);
      await client.invalidateQueries({ predicate: (q) => !["me", "customer"].includes(String(q.queryKey[0])) });
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("user.timeZone")}
      okText={t("actions.save")}
      cancelText={t("actions.cancel")}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, "data-testid": "timezone-save" }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Select
        aria-label={t("user.timeZone")}
        data-testid="timezone-select"
        showSearch={{ optionFilterProp: "label" }}
        value={zone}
        onChange={setZone}
        options={options}
        style={{ width: "100%" }}
      />
    </Modal>
  );
}
