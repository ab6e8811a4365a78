import "./i18n";
import "./styles.css";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router-dom";

import { ApiError } from "./api/client";
import { App } from "./App";
import { AuthProvider, useAuth } from "./auth/AuthContext";
import { setDateLocale, setTimeZone } from "./common/time";
import { fromServerLanguage, rememberLanguage, type Language } from "./i18n";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Follows the signed-in user's language and time zone, and switches Ant Design's locale. */
function Localised({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  const { me } = useAuth();
  const [language, setLanguage] = useState<Language>(i18n.language as Language);

  useEffect(() => {
    const onChange = (lng: string) => {
      setLanguage(lng as Language);
      setDateLocale(lng as Language);
      document.documentElement.lang = lng;
    };
    i18n.on("languageChanged", onChange);
    onChange(i18n.language);
    return () => i18n.off("languageChanged", onChange);
  }, [i18n]);

  useEffect(() => {
    setTimeZone(me?.time_zone);
    const preferred = fromServerLanguage(me?.language);
    if (preferred && preferred !== i18n.language) {
      rememberLanguage(preferred);
      void i18n.changeLanguage(preferred);
    }
  }, [me, i18n]);

  return (
    <ConfigProvider
      locale={language === "zh-CN" ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      key={language}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <Localised>
            <App />
          </Localised>
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
