/** A handling unit's screens: its handler (承办人) and its leader (单位负责人). */
import type { Area } from '../areas';
import { HandlerQueue } from './HandlerQueue';
import { SignOffQueue } from './SignOffQueue';
import { OrdersPage } from '../pages/OrdersPage';
import { PromisesPage } from '../pages/PromisesPage';
import { CriticismsPage } from '../pages/CriticismsPage';

const orders: Area = { path: '/orders', zh: '督办单', en: 'Orders', element: <OrdersPage canClose={false} /> };

export const unitHandlerAreas: Area[] = [
  { path: '/queue', zh: '本单位诉求', en: 'Our cases', element: <HandlerQueue /> },
  orders,
  { path: '/promises', zh: '承诺事项', en: 'Promises', element: <PromisesPage canKeep /> },
];
export const unitLeaderAreas: Area[] = [
  { path: '/queue', zh: '待审签', en: 'To sign off', element: <SignOffQueue /> },
  orders,
  { path: '/criticisms', zh: '通报记录', en: 'Criticism entries', element: <CriticismsPage canEdit={false} /> },
];
