/** The admin's screens (管理员). */
import type { Area } from '../areas';
import { CaseQueue } from '../pages/CaseQueue';

export const adminAreas: Area[] = [{ path: '/queue', zh: '诉求', en: 'Cases', element: <CaseQueue query="" /> }];
