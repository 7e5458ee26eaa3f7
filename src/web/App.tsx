/** The staff app: login, then a layout whose menu and routes follow the user's role. */
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, ConfigProvider, Layout, Menu, Spin, Typography } from 'antd';
import { useSession } from './shared/session';
import { useLang } from './shared/i18n';
import { LangSwitch } from './shared/LangSwitch';
import { ROLE_LABELS, type Role } from '../core/enums';
import { Login } from './pages/Login';
import { CaseDetailPage } from './pages/CaseDetail';
import { CaseSearch } from './pages/CaseSearch';
import { ROLE_AREAS, type Area } from './areas';

export function App() {
  const { me, loading } = useSession();
  if (loading) return <Spin style={{ margin: 48 }} />;
  if (!me) return <Login />;
  return (
    <BrowserRouter>
      <Shell areas={ROLE_AREAS[me.role] ?? []} />
    </BrowserRouter>
  );
}

function Shell({ areas }: { areas: Area[] }) {
  const { me, logout } = useSession();
  const { lang, t } = useLang();
  const location = useLocation();
  const items = [...areas.map((a) => ({ key: a.path, label: <Link to={a.path}>{t(a.zh, a.en)}</Link> })), { key: '/cases', label: <Link to="/cases">{t('诉求查询', 'Find cases')}</Link> }];
  const role = me!.role as Role;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#7f1d1d', paddingInline: 16 }}>
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap', flex: 1 }}>{t('回音 · 12345 热线工作台', 'Huiyin · 12345 hotline')}</Typography.Text>
        <span style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 480 }}>
          {me!.displayName.includes(ROLE_LABELS[role]) ? me!.displayName : `${lang === 'en' ? role : ROLE_LABELS[role]} ${me!.displayName}`} · {me!.unit.name}
        </span>
        <span style={{ background: '#fff', borderRadius: 4 }}>
          <LangSwitch />
        </span>
        <Button size="small" onClick={() => void logout()}>
          {t('退出', 'Log out')}
        </Button>
      </Layout.Header>
      <Layout>
        {/* a side menu: every role's screens fit at 1366×768, none hidden in an overflow (the admin's 22 in rows of 32 px) */}
        <Layout.Sider width={168} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <nav aria-label={t('功能菜单', 'Main menu')} data-testid="main-menu">
            <ConfigProvider theme={{ components: { Menu: { itemHeight: 32, itemMarginBlock: 0 } } }}>
              <Menu mode="inline" selectedKeys={[location.pathname]} items={items} style={{ borderInlineEnd: 0 }} />
            </ConfigProvider>
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          {/* Layout.Content is the page's <main> */}
          <div>
            <Suspense fallback={<Spin />}>
              <Routes>
                {areas.map((a) => (
                  <Route key={a.path} path={a.path} element={a.element as ReactNode} />
                ))}
                <Route path="/cases" element={<CaseSearch />} />
                <Route path="/cases/:id" element={<CaseDetailPage />} />
                <Route path="*" element={<Navigate to={areas[0]?.path ?? '/cases'} replace />} />
              </Routes>
            </Suspense>
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
