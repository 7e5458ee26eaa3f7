/** The operator's screens (话务员): register calls first, then the cases waiting for dispatch. */
import type { Area } from '../areas';
import { RegisterDesk } from './RegisterDesk';
import { RegisteredQueue } from './RegisteredQueue';

export const operatorAreas: Area[] = [
  { path: '/register', zh: '来电登记', en: 'Register', element: <RegisterDesk /> },
  { path: '/queue', zh: '待派单', en: 'Registered', element: <RegisteredQueue /> },
];
