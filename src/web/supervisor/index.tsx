/** The supervisor's screens (督办质检): review, callbacks, overdue and urging, extensions, alerts. */
import type { Area } from '../areas';
import { ReviewQueue } from './ReviewQueue';
import { Callbacks } from './Callbacks';
import { OverdueBoard } from './OverdueBoard';
import { Extensions } from './Extensions';
import { AlertsPage } from '../shared/AlertsPage';

export const supervisorAreas: Area[] = [
  { path: '/queue', zh: '待审核', en: 'To review', element: <ReviewQueue /> },
  { path: '/callbacks', zh: '回访', en: 'Callbacks', element: <Callbacks /> },
  { path: '/overdue', zh: '超期与催办', en: 'Overdue', element: <OverdueBoard /> },
  { path: '/extensions', zh: '延期审批', en: 'Extensions', element: <Extensions /> },
  { path: '/alerts', zh: '集中诉求预警', en: 'Alerts', element: <AlertsPage canAcknowledge /> },
];
