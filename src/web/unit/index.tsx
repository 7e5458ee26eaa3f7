/** A handling unit's screens: its handler (承办人) and its leader (单位负责人). */
import type { Area } from '../areas';
import { HandlerQueue } from './HandlerQueue';
import { SignOffQueue } from './SignOffQueue';

export const unitHandlerAreas: Area[] = [{ path: '/queue', zh: '本单位诉求', en: 'Our cases', element: <HandlerQueue /> }];
export const unitLeaderAreas: Area[] = [{ path: '/queue', zh: '待审签', en: 'To sign off', element: <SignOffQueue /> }];
