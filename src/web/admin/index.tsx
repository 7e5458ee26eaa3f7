/** The admin's screens (管理员): the organisation, policy (time limits, perfunctory phrases), calendar, messages, imports, the access log and citizens' data requests, and the integrations (webhooks, platforms). */
import { lazy, type ComponentType, type ReactNode } from 'react';
import type { Area } from '../areas';
import { ADMIN_PAGES } from './ui';

/** A screen loaded when first opened, so admins' forms stay out of the other roles' bundle. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => {
  const Page = lazy<ComponentType>(() => load().then((m) => ({ default: m[name] })));
  return <Page />;
};

const ELEMENTS: Record<(typeof ADMIN_PAGES)[number]['path'], ReactNode> = {
  '/units': page(() => import('./UnitsPage'), 'UnitsPage'),
  '/users': page(() => import('./UsersPage'), 'UsersPage'),
  '/categories': page(() => import('./CategoriesPage'), 'CategoriesPage'),
  '/catalogue': page(() => import('./CataloguePage'), 'CataloguePage'),
  '/time-limits': page(() => import('./TimeLimitsPage'), 'TimeLimitsPage'),
  '/phrases': page(() => import('./PhrasesPage'), 'PhrasesPage'),
  '/calendar': page(() => import('./CalendarPage'), 'CalendarPage'),
  '/outbox': page(() => import('./OutboxPage'), 'OutboxPage'),
  '/imports': page(() => import('./ImportsPage'), 'ImportsPage'),
  '/regions': page(() => import('./RegionsPage'), 'RegionsPage'),
  '/access-log': page(() => import('./AccessLogPage'), 'AccessLogPage'),
  '/privacy': page(() => import('./PrivacyPage'), 'PrivacyPage'),
  '/webhooks': page(() => import('./WebhooksPage'), 'WebhooksPage'),
  '/platforms': page(() => import('./PlatformsPage'), 'PlatformsPage'),
};

export const adminAreas: Area[] = ADMIN_PAGES.map((p) => ({ ...p, element: ELEMENTS[p.path] }));
