/**
 * Each role's screens: every area folder exports its list, and this table puts them in the menu.
 * The server still checks every request; the menu only hides what a role cannot use.
 */
import type { ReactNode } from 'react';
import type { Role } from '../core/enums';
import { CaseQueue } from './pages/CaseQueue';
import { operatorAreas } from './operator';
import { dispatcherAreas } from './dispatcher';
import { unitHandlerAreas, unitLeaderAreas } from './unit';
import { supervisorAreas } from './supervisor';
import { leaderAreas, dashboardArea } from './leader';
import { adminAreas } from './admin';
import { reportsArea, statisticsArea } from './pages/analysis';

export interface Area {
  path: string;
  zh: string;
  en: string;
  element: ReactNode;
}

export const ROLE_AREAS: Partial<Record<Role, Area[]>> = {
  operator: operatorAreas,
  dispatcher: dispatcherAreas,
  unit_handler: unitHandlerAreas,
  unit_leader: unitLeaderAreas,
  supervisor: [...supervisorAreas, { ...dashboardArea, zh: '数据看板', en: 'Dashboard' }, statisticsArea, reportsArea],
  leader: leaderAreas,
  admin: [...adminAreas, { ...dashboardArea, zh: '数据看板', en: 'Dashboard' }, statisticsArea, reportsArea],
  reporter: [{ path: '/queue', zh: '我登记的', en: 'Filed by me', element: <CaseQueue query="" zh="我登记的诉求" en="Filed by me" /> }],
  citizen: [{ path: '/queue', zh: '我的诉求', en: 'My requests', element: <CaseQueue query="" zh="我的诉求" en="My requests" /> }],
};
