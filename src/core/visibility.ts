/**
 * Who sees which case and which personal data (issue #2 §6, DOMAIN.md §4).
 * The server applies the same rule in SQL (src/server/cases/cases.repo.ts, `visibleTo`);
 * `test/visibility.test.ts` checks the two agree.
 */
import type { Role } from './enums';
import { CENTRE_ROLES } from './case-lifecycle';

export interface Viewer {
  userId: string;
  role: Role;
  unitId: string;
  /** Materialised path of the viewer's unit: '/root/…/own/'. */
  unitPath: string;
  atCentre: boolean;
}

export interface CaseAudience {
  registeredBy: string | null;
  /** Paths of the active lead and co-handling units. */
  unitPaths: readonly string[];
  confidential: boolean;
}

/** Roles that only ever see the cases they filed themselves. */
export const OWN_CASES_ROLES = ['citizen', 'reporter'] as const satisfies readonly Role[];

/**
 * A centre user sees every case; a unit's user sees cases where their unit, or a unit below it,
 * is the lead or a co-handling unit; citizens and the media seat see the cases they filed.
 */
export function canView(viewer: Viewer, c: CaseAudience): boolean {
  if ((OWN_CASES_ROLES as readonly Role[]).includes(viewer.role)) return c.registeredBy === viewer.userId;
  if (viewer.atCentre) return true;
  return c.unitPaths.some((p) => p.startsWith(viewer.unitPath));
}

/**
 * Citizen phone and ID number are shown unmasked only to the centre's own staff; a confidential
 * case (保密件, GB/T 33358) only to supervisors and admins. Every unmasked view is logged.
 */
export function seesPersonalData(viewer: Viewer, c: { confidential: boolean }): boolean {
  if (!viewer.atCentre || !(CENTRE_ROLES as readonly Role[]).includes(viewer.role)) return false;
  return !c.confidential || viewer.role === 'supervisor' || viewer.role === 'admin';
}

/**
 * The lead unit's handler may reveal the citizen's phone to contact them (DOMAIN.md §7: 100 %
 * of non-anonymous citizens get a reply), with a stated purpose; never on a confidential case.
 */
export function mayRevealForContact(viewer: Viewer, c: { confidential: boolean; anonymous: boolean; leadUnitId: string | null }): boolean {
  if (c.anonymous) return false;
  if (seesPersonalData(viewer, c)) return true;
  return !c.confidential && (viewer.role === 'unit_handler' || viewer.role === 'unit_leader') && c.leadUnitId === viewer.unitId;
}

export function canRegister(role: Role): boolean {
  return role === 'operator' || role === 'dispatcher' || role === 'reporter';
}
