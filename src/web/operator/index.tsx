/** The operator's screens (话务员). */
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';

export const operatorAreas: Area[] = [{ path: '/queue', zh: '待派单', en: 'Registered', element: <CaseQueue query="state=registered" /> }];
