/** The staff app: login, then a layout whose menu and routes follow the user's role. */
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, Layout, Menu, Spin, Typography } from 'antd';
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
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#7f1d1d' }}>
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>{t('回音 · 12345', 'Huiyin · 12345')}</Typography.Text>
        <Menu theme="dark" mode="horizontal" selectedKeys={[location.pathname]} items={items} style={{ flex: 1, minWidth: 0, background: 'transparent' }} />
        <span style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 360 }}>
          {me!.displayName.includes(ROLE_LABELS[role]) ? me!.displayName : `${lang === 'en' ? role : ROLE_LABELS[role]} ${me!.displayName}`} · {me!.unit.name}
        </span>
        <span style={{ background: '#fff', borderRadius: 4 }}>
          <LangSwitch />
        </span>
        <Button size="small" onClick={() => void logout()}>
          {t('退出', 'Log out')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <main>
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
        </main>
      </Layout.Content>
    </Layout>
  );
}
