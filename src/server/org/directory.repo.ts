/** Reading the directories (issue #12 §3–4): duty contacts, leader-answering sessions. */
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import { shanghaiDate } from '../../core/calendar';

/** The duty person of a unit on a Shanghai date, if the roster has one. */
export async function dutyContact(db: Executor, unitId: string, at: Date) {
  const r = await db
    .selectFrom('duty_rosters as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.person', 'd.phone', 'u.name as unit_name', sql<string>`d.day::text`.as('day')])
    .where('d.unit_id', '=', unitId)
    .where(sql<boolean>`d.day = ${shanghaiDate(at)}::date`)
    .executeTakeFirst();
  return r ? { unit: r.unit_name, person: r.person, phone: r.phone, day: r.day } : null;
}

/** The published leader-answering session going on at `at`, if any: cases taken in it are tagged with it. */
export async function sessionAt(db: Executor, at: Date) {
  return db.selectFrom('leader_sessions').select(['id', 'leader_name', 'leader_title']).where('published', '=', true).where('starts_at', '<=', at).where('ends_at', '>', at).orderBy('starts_at').limit(1).executeTakeFirst();
}

/** Published sessions from `from` on, for the portal's directory. */
export async function publishedSchedule(db: Executor, from: Date, days = 60) {
  const rows = await db
    .selectFrom('leader_sessions')
    .select(['leader_name', 'leader_title', 'starts_at', 'ends_at', 'topic'])
    .where('published', '=', true)
    .where('ends_at', '>=', from)
    .where('starts_at', '<', new Date(from.getTime() + days * 86_400_000))
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({ leader: r.leader_name, title: r.leader_title, startsAt: r.starts_at, endsAt: r.ends_at, topic: r.topic }));
}

