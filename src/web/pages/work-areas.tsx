/**
 * The screens of issue #12 shared across roles, as menu entries: 知识库 (every staff role), 公告栏
 * (the centre), 信息报备 (units for themselves, the centre for all), 值班 (units and the centre), and
 * 名录与安排 (supervisors and admins). Each is loaded when first opened.
 */
import { lazy } from 'react';
import type { Area } from '../areas';

const KnowledgePage = lazy(() => import('./knowledge/KnowledgePage').then((m) => ({ default: m.KnowledgePage })));
const BulletinPage = lazy(() => import('./filings/BulletinPage').then((m) => ({ default: m.BulletinPage })));
const FilingsPage = lazy(() => import('./filings/FilingsPage').then((m) => ({ default: m.FilingsPage })));
const DutyPage = lazy(() => import('./duty/DutyPage').then((m) => ({ default: m.DutyPage })));
const DirectoriesPage = lazy(() => import('./directories/DirectoriesPage').then((m) => ({ default: m.DirectoriesPage })));

export const knowledgeArea: Area = { path: '/knowledge', zh: '知识库', en: 'Knowledge base', element: <KnowledgePage /> };
export const bulletinArea: Area = { path: '/bulletin', zh: '公告栏', en: 'Bulletin board', element: <BulletinPage /> };
export const filingsArea: Area = { path: '/filings', zh: '信息报备', en: 'Filings', element: <FilingsPage /> };
export const dutyArea: Area = { path: '/duty', zh: '值班', en: 'Duty', element: <DutyPage /> };
export const directoriesArea: Area = { path: '/directories', zh: '名录与安排', en: 'Directories', element: <DirectoriesPage /> };
