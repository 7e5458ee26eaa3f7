/**
 * The leader's screens (领导): the dashboard first, the statistics, reports and the criticism notice,
 * then the cases and the special reports (instructions are given on the case page).
 */
import { lazy } from 'react';
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';
import { CriticismsPage } from '../pages/CriticismsPage';
import { SpecialReportsPage } from '../pages/SpecialReportsPage';
import { reportsArea, statisticsArea } from '../pages/analysis';

// ECharts stays out of the other roles' bundle
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));

/** The dashboard, also offered to supervisors and admins, whom its API serves too. */
export const dashboardArea: Area = { path: '/dashboard', zh: '领导驾驶舱', en: 'Dashboard', element: <Dashboard /> };

function LeaderCases() {
  return <CaseQueue query="" zh="诉求" en="Cases" />;
}

export const leaderAreas: Area[] = [
  dashboardArea,
  statisticsArea,
  reportsArea,
  { path: '/criticisms', zh: '通报', en: 'Criticism notice', element: <CriticismsPage canEdit={false} notice /> },
  { path: '/queue', zh: '诉求', en: 'Cases', element: <LeaderCases /> },
  { path: '/special-reports', zh: '专报', en: 'Special reports', element: <SpecialReportsPage canEdit={false} /> },
];
