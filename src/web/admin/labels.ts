/** Names of the codes the admin screens show, in both languages. */
import { limitText } from '../shared/format';
import { ROLE_LABELS, ROLES, UNIT_TYPES, type Role, type UnitType } from '../../core/enums';
import type { Lang } from '../shared/i18n';

const UNIT_TYPE_LABELS: Record<UnitType, [string, string]> = {
  government: ['人民政府', 'Government'],
  centre: ['热线中心', 'Hotline centre'],
  district: ['区县', 'District'],
  street: ['街道乡镇', 'Street / township'],
  department: ['职能部门', 'Department'],
  enterprise: ['公共服务企业', 'Public utility'],
  secondary_hotline: ['二级平台', 'Secondary hotline'],
  discipline: ['纪检监察', 'Discipline inspection'],
  political_legal: ['政法', 'Political-legal'],
};

const ROLE_EN: Record<Role, string> = {
  citizen: 'Citizen',
  operator: 'Operator',
  dispatcher: 'Dispatcher',
  supervisor: 'Supervisor',
  unit_handler: 'Unit handler',
  unit_leader: 'Unit leader',
  leader: 'Leader',
  admin: 'Administrator',
  reporter: 'Media desk',
};

export const unitTypeLabel = (type: string, lang: Lang) => UNIT_TYPE_LABELS[type as UnitType]?.[lang === 'en' ? 1 : 0] ?? type;
export const roleLabel = (role: string, lang: Lang) => (lang === 'en' ? ROLE_EN[role as Role] : ROLE_LABELS[role as Role]) ?? role;
export const unitTypeOptions = (lang: Lang) => UNIT_TYPES.map((v) => ({ value: v, label: unitTypeLabel(v, lang) }));
export const roleOptions = (lang: Lang) => ROLES.map((v) => ({ value: v, label: roleLabel(v, lang) }));

/** 5wd → 5个工作日: a time limit as people read it. */
export const limitLabel = (limit: string | null | undefined, lang: Lang): string => limitText(limit, lang);
