/**
 * The supervisor's screens (督办质检): review, callbacks, overdue and urging, extensions, alerts, and
 * supervision's paperwork — orders, promises, the criticism list (with the quarterly notice's draft)
 * and special reports. areas.tsx adds the dashboard, the statistics and the reports.
 */
import type { Area } from '../areas';
import { ReviewQueue } from './ReviewQueue';
import { Callbacks } from './Callbacks';
import { OverdueBoard } from './OverdueBoard';
import { Extensions } from './Extensions';
import { AlertsPage } from '../shared/AlertsPage';
import { OrdersPage } from '../pages/OrdersPage';
import { PromisesPage } from '../pages/PromisesPage';
import { CriticismsPage } from '../pages/CriticismsPage';
import { SpecialReportsPage } from '../pages/SpecialReportsPage';

export const supervisorAreas: Area[] = [
  { path: '/queue', zh: '待审核', en: 'To review', element: <ReviewQueue /> },
  { path: '/callbacks', zh: '回访', en: 'Callbacks', element: <Callbacks /> },
  { path: '/overdue', zh: '超期与催办', en: 'Overdue', element: <OverdueBoard /> },
  { path: '/extensions', zh: '延期审批', en: 'Extensions', element: <Extensions /> },
  { path: '/alerts', zh: '集中诉求预警', en: 'Alerts', element: <AlertsPage canAcknowledge /> },
  { path: '/orders', zh: '督办单', en: 'Orders', element: <OrdersPage canClose /> },
  { path: '/promises', zh: '承诺事项', en: 'Promises', element: <PromisesPage canKeep={false} /> },
  { path: '/criticisms', zh: '通报批评', en: 'Criticism list', element: <CriticismsPage canEdit notice /> },
  { path: '/special-reports', zh: '专报', en: 'Special reports', element: <SpecialReportsPage canEdit /> },
];
