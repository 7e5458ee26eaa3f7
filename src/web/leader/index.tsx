/** The leader's screens (领导). */
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';

export const leaderAreas: Area[] = [{ path: '/queue', zh: '诉求', en: 'Cases', element: <CaseQueue query="" /> }];
