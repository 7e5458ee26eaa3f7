/**
 * The analysis screens of issue #8 as menu entries: 统计分析 (leaders, supervisors, admins,
 * dispatchers) and 报告 (leaders, supervisors, admins). Loaded when first opened, so ECharts stays
 * out of the other screens' bundle.
 */
import { lazy } from 'react';
import type { Area } from '../areas';

const StatisticsPage = lazy(() => import('./StatisticsPage').then((m) => ({ default: m.StatisticsPage })));
const ReportsPage = lazy(() => import('./ReportsPage').then((m) => ({ default: m.ReportsPage })));

export const statisticsArea: Area = { path: '/statistics', zh: '统计分析', en: 'Statistics', element: <StatisticsPage /> };
/** DOMAIN.md §1: a unit leader sees the unit's statistics (the server keeps it to the own unit). */
export const unitStatisticsArea: Area = { path: '/statistics', zh: '本单位统计', en: 'Unit statistics', element: <StatisticsPage ownUnit /> };
export const reportsArea: Area = { path: '/reports', zh: '报告', en: 'Reports', element: <ReportsPage /> };
