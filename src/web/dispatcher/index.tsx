/** The dispatcher's screens (派单员). */
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';

export const dispatcherAreas: Area[] = [
  { path: '/queue', zh: '待派单', en: 'To dispatch', element: <CaseQueue query="state=registered" /> },
  { path: '/returned', zh: '退单审核', en: 'Returns', element: <CaseQueue query="state=returned" /> },
];
