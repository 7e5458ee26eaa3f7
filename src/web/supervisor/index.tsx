/** The supervisor's screens (督办质检). */
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';

export const supervisorAreas: Area[] = [
  { path: '/queue', zh: '待审核', en: 'To review', element: <CaseQueue query="state=replied" /> },
  { path: '/callbacks', zh: '待回访', en: 'Callbacks', element: <CaseQueue query="state=pending_callback,dissatisfied" /> },
  { path: '/overdue', zh: '超期', en: 'Overdue', element: <CaseQueue query="overdue=true" /> },
];
