/**
 * The access report (issue #9 §2): per staff member, how much unmasked personal data they looked
 * at in a period — views, distinct cases, distinct citizens, first and last view — with those far
 * above their peers flagged for a closer look.
 */
import type { Executor } from '../cases/cases.repo';
import { shanghaiInstant } from '../../core/calendar';
import { ROLE_LABELS, type Role } from '../../core/enums';

export interface AccessReportRow {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  unit: string;
  views: number;
  cases: number;
  citizens: number;
  firstView: Date;
  lastView: Date;
  /** The median of views among users of the same role who viewed any in the period. */
  roleMedian: number;
  flagged: boolean;
}

/** Flagged: at least `factor` times the role's median and at least `minViews` views. */
export const UNUSUAL = { factor: 3, minViews: 10 } as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Flags each row against the median of its role. A role with one viewer has nobody to compare
 * with, so nobody in it is flagged; nor is anyone under `minViews`, however quiet the others.
 */
export function flagUnusual<T extends { role: string; views: number }>(rows: readonly T[], rule = UNUSUAL): (T & { roleMedian: number; flagged: boolean })[] {
  const byRole = new Map<string, number[]>();
  for (const r of rows) byRole.set(r.role, [...(byRole.get(r.role) ?? []), r.views]);
  return rows.map((r) => {
    const peers = byRole.get(r.role)!;
    const m = median(peers);
    return { ...r, roleMedian: m, flagged: peers.length > 1 && r.views >= rule.minViews && r.views >= rule.factor * m };
  });
}

/** The report for Shanghai days `from`..`to` (inclusive), most views first; `username` keeps one user (flagged against all). */
export async function accessReport(db: Executor, from: string, to: string, username?: string): Promise<AccessReportRow[]> {
  const start = shanghaiInstant(from, '00:00');
  const end = new Date(shanghaiInstant(to, '00:00').getTime() + 24 * 3600_000);
  const rows = await db
    .selectFrom('personal_data_access_log as l')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select((eb) => [
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'un.name as unit',
      eb.fn.countAll<string>().as('views'),
      eb.fn.count<string>('l.case_id').distinct().as('cases'),
      // a citizen is their ID number, else their phone; a case without either counts on its own
      eb.fn.count<string>(eb.fn.coalesce('c.citizen_id_no', 'c.citizen_phone', eb.cast<string>('c.id', 'text'))).distinct().as('citizens'),
      eb.fn.min('l.at').as('first_view'),
      eb.fn.max('l.at').as('last_view'),
    ])
    .where('l.at', '>=', start)
    .where('l.at', '<', end)
    .groupBy(['u.id', 'u.username', 'u.display_name', 'u.role', 'un.name'])
    .execute();
  const flagged = flagUnusual(
    rows.map((r) => ({
      userId: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      unit: r.unit,
      views: Number(r.views),
      cases: Number(r.cases),
      citizens: Number(r.citizens),
      firstView: new Date(r.first_view),
      lastView: new Date(r.last_view),
    })),
  );
  return flagged.filter((r) => !username || r.username === username).sort((a, b) => b.views - a.views || a.username.localeCompare(b.username));
}

/** A cell as text a spreadsheet will not run as a formula (=, +, -, @ at the start). */
const csvCell = (v: string) => {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** UTF-8 CSV with a BOM (Excel opens it as Chinese), Chinese headers, times in Beijing time. */
export function accessReportCsv(rows: readonly AccessReportRow[]): Buffer {
  const header = ['用户名', '姓名', '角色', '单位', '查看次数', '涉及诉求数', '涉及群众数', '首次查看', '最近查看', '同角色中位数', '异常'];
  const lines = rows.map((r) => [r.username, r.displayName, ROLE_LABELS[r.role as Role] ?? r.role, r.unit, String(r.views), String(r.cases), String(r.citizens), beijing(r.firstView), beijing(r.lastView), String(r.roleMedian), r.flagged ? '是' : '']);
  return Buffer.from('\uFEFF' + [header, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
