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
import { reportsArea, statisticsArea, unitStatisticsArea } from './pages/analysis';
import { bulletinArea, directoriesArea, dutyArea, filingsArea, knowledgeArea } from './pages/work-areas';

export interface Area {
  path: string;
  zh: string;
  en: string;
  element: ReactNode;
}

/** Issue #12's screens of the centre: the knowledge base, the bulletin board, every unit's filings, duty. */
const centreWork = [knowledgeArea, bulletinArea, filingsArea, dutyArea];
/** A unit's: the knowledge base, its own filings, its duty roster. */
const unitWork = [knowledgeArea, filingsArea, dutyArea];

export const ROLE_AREAS: Partial<Record<Role, Area[]>> = {
  operator: [...operatorAreas, knowledgeArea, bulletinArea, dutyArea],
  dispatcher: [...dispatcherAreas, ...centreWork],
  unit_handler: [...unitHandlerAreas, ...unitWork],
  unit_leader: [...unitLeaderAreas, unitStatisticsArea, ...unitWork],
  supervisor: [...supervisorAreas, { ...dashboardArea, zh: '数据看板', en: 'Dashboard' }, statisticsArea, reportsArea, ...centreWork, directoriesArea],
  leader: [...leaderAreas, knowledgeArea],
  admin: [...adminAreas, directoriesArea, { ...dashboardArea, zh: '数据看板', en: 'Dashboard' }, statisticsArea, reportsArea, ...centreWork],
  reporter: [{ path: '/queue', zh: '我登记的', en: 'Filed by me', element: <CaseQueue query="" zh="我登记的诉求" en="Filed by me" /> }, knowledgeArea],
  citizen: [{ path: '/queue', zh: '我的诉求', en: 'My requests', element: <CaseQueue query="" zh="我的诉求" en="My requests" /> }],
};
