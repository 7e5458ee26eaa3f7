/** The dispatcher's screens (派单员): the dispatch queue, returned cases to review, concentrated-request alerts, the statistics. */
import type { Area } from '../areas';
import { DeskTheme } from '../operator/DeskTheme';
import { DispatchQueue } from './DispatchQueue';
import { ReturnedReviews } from './ReturnedReviews';
import { AlertsPage } from '../shared/AlertsPage';
import { statisticsArea } from '../pages/analysis';

export const dispatcherAreas: Area[] = [
  {
    path: '/queue',
    zh: '待派单',
    en: 'To dispatch',
    element: (
      <DeskTheme>
        <DispatchQueue />
      </DeskTheme>
    ),
  },
  {
    path: '/returned',
    zh: '退单审核',
    en: 'Returns',
    element: (
      <DeskTheme>
        <ReturnedReviews />
      </DeskTheme>
    ),
  },
  {
    path: '/alerts',
    zh: '集中诉求',
    en: 'Alerts',
    element: (
      <DeskTheme>
        <AlertsPage canAcknowledge={false} />
      </DeskTheme>
    ),
  },
  statisticsArea,
];
