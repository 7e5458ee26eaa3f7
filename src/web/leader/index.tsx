/** The leader's screens (领导): the dashboard first, then the cases (instructions are given on the case page). */
import { lazy } from 'react';
import { Space, Typography } from 'antd';
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';
import { useT } from '../shared/i18n';

// ECharts stays out of the other roles' bundle
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));

function LeaderCases() {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {t('诉求', 'Cases')}
      </Typography.Title>
      <CaseQueue query="" />
    </Space>
  );
}

export const leaderAreas: Area[] = [
  { path: '/dashboard', zh: '领导驾驶舱', en: 'Dashboard', element: <Dashboard /> },
  { path: '/queue', zh: '诉求', en: 'Cases', element: <LeaderCases /> },
];
