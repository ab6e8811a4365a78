import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";

import { ApiError } from "../api/client";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { useAuth } from "./AuthContext";

interface Values {
  username: string;
  password: string;
}

/** Only same-app paths may be returned to after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/inbox";
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  if (me) return <Navigate to={next} replace />;

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <Card title={<h1 className="login-title">{t("appName")}</h1>} extra={<LanguageSwitch />}>
        <Typography.Title level={2} className="visually-hidden">
          {t("login.title")}
        </Typography.Title>
        {params.get("expired") && (
          <Alert type="warning" showIcon title={t("login.expired")} className="login-alert" />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" className="login-alert" />}
        <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t("login.username")} name="username" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t("login.password")} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
