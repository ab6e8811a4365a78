import { useQueryClient } from "@tanstack/react-query";
import { Select } from "antd";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import type { Me } from "../api/types";
import { ME_KEY } from "../auth/AuthContext";
import { LANGUAGES, rememberLanguage, toServerLanguage, type Language } from "../i18n";

/** Switch zh-CN / en; remembered in this browser and, when signed in, on the user's profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const me = client.getQueryData<Me | null>(ME_KEY);

  const change = async (language: Language) => {
    rememberLanguage(language);
    await i18n.changeLanguage(language);
    if (me) {
      const updated = await api<Me>("/me/", {
        method: "PATCH",
        body: { language: toServerLanguage(language) },
      });
      client.setQueryData(ME_KEY, updated);
      // Server-rendered labels (statuses, kinds) come back in the new language. Customer
      // files are not re-read: every read of a file is audited.
      await client.invalidateQueries({
        predicate: (q) => !["me", "customer"].includes(String(q.queryKey[0])),
      });
    }
  };

  return (
    <Select<Language>
      aria-label={t("user.language")}
      value={(i18n.language as Language) ?? "zh-CN"}
      onChange={(value) => void change(value)}
      options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
      style={{ width: 120 }}
      data-testid="language-switch"
    />
  );
}
