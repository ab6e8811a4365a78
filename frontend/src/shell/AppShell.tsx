import { ClockCircleOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Dropdown, Layout, Menu, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { lazy, Suspense, useState } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";

import { useAuth } from "../auth/AuthContext";
import { LanguageSwitch } from "./LanguageSwitch";
import { LiveIndicator } from "./LiveIndicator";
import { LiveProvider, useLive } from "./LiveContext";
import { EscalationsNavLabel } from "../sla/EscalationsNavLabel";
import { navFor, navItems, selectedNav } from "./nav";
import { TimeZoneDialog } from "./TimeZoneDialog";

// Incoming-call pop-ups on every page for those who take calls (loaded after the first page).
const CallPopups = lazy(() => import("../hotline/CallPopups").then((m) => ({ default: m.CallPopups })));

function Header() {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const { connected } = useLive();
  const [zoneOpen, setZoneOpen] = useState(false);
  if (!me) return null;
  return (
    <Layout.Header className="app-header">
      <Typography.Text strong className="app-title">
        {t("appName")}
      </Typography.Text>
      <Space size="middle">
        <LiveIndicator connected={connected} />
        <LanguageSwitch />
        <Dropdown
          menu={{
            items: [
              {
                key: "roles",
                label: me.roles.map((r) => t(`roles.${r}`)).join(" · "),
                disabled: true,
              },
              { type: "divider" },
              {
                key: "timezone",
                icon: <ClockCircleOutlined />,
                label: `${t("user.timeZone")}: ${me.time_zone || t("user.browser")}`,
                onClick: () => setZoneOpen(true),
              },
              {
                key: "logout",
                icon: <LogoutOutlined />,
                label: t("user.logout"),
                onClick: () => void logout(),
              },
            ],
          }}
        >
          <Button icon={<UserOutlined />} data-testid="user-menu">
            {me.name}
          </Button>
        </Dropdown>
        {zoneOpen && <TimeZoneDialog me={me} onClose={() => setZoneOpen(false)} />}
      </Space>
    </Layout.Header>
  );
}

export function AppShell() {
  const { t } = useTranslation();
  const { me, loading, expired } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();

  if (loading) return null;
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?${expired ? "expired=1&" : ""}next=${next}`} replace />;
  }
  const entries = navFor(me);
  const selected = selectedNav(entries, location.pathname)?.key;
  const items = navItems(entries).map((item) =>
    "entry" in item
      ? {
          key: item.entry.key,
          label:
            item.entry.key === "escalations" ? (
              <EscalationsNavLabel text={t(item.entry.label)} />
            ) : (
              t(item.entry.label)
            ),
        }
      : {
          type: "group" as const,
          key: `group-${item.group}`,
          label: t(`nav.groups.${item.group}`),
          children: item.entries.map((e) => ({ key: e.key, label: t(e.label) })),
        },
  );

  return (
    <LiveProvider>
      <Layout className="app-layout">
        <Header />
        <Layout>
          <Layout.Sider width={180} theme="light" breakpoint="lg" collapsedWidth={0}>
            <nav aria-label={t("appName")}>
              <Menu
                mode="inline"
                selectedKeys={selected ? [selected] : []}
                items={items}
                onClick={({ key }) => {
                  const entry = entries.find((e) => e.key === key);
                  if (entry) navigate(entry.path);
                }}
              />
            </nav>
          </Layout.Sider>
          <Layout.Content className="app-content">
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
      {me.permissions.includes("call.read") && (
        <Suspense fallback={null}>
          <CallPopups />
        </Suspense>
      )}
    </LiveProvider>
  );
}
