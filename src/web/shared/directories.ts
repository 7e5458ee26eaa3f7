/** The directories' shapes (src/server/routes/directory.routes.ts): leader sessions, liaisons, activities, directory entries, duty. */
import { fmtTime } from './format';

export interface LeaderSession {
  id: string;
  leaderName: string;
  leaderTitle: string;
  startsAt: string;
  endsAt: string;
  topic: string | null;
  published: boolean;
  cases: number;
}
export interface Liaison {
  id: string;
  name: string;
  phone: string | null;
  area: string | null;
  organisation: string | null;
  appointedOn: string;
  active: boolean;
  cases: number;
}
export interface Activity {
  id: string;
  title: string;
  place: string;
  heldOn: string;
  unitIds: string[];
  note: string | null;
  cases: number;
}

export interface DirectoryEntry {
  id: string;
  kind: 'emergency' | 'service' | 'media';
  name: string;
  phone: string;
  note: string | null;
  sort: number;
  active: boolean;
}

/** GET /api/duty-rosters: a unit's duty person for a day. */
export interface RosterDay {
  unit: { id: string; code: string; name: string };
  day: string;
  person: string;
  phone: string;
}

/** A case's lead unit on duty today (urgent and emergency cases). */
export interface DutyContact {
  unit: string;
  person: string;
  phone: string;
  day: string;
}

/** 2026-11-25 09:00–11:00 副市长赵建国（topic） */
export const sessionLabel = (s: LeaderSession) => `${fmtTime(s.startsAt)}–${fmtTime(s.endsAt).slice(11)} ${s.leaderTitle}${s.leaderName}${s.topic ? `（${s.topic}）` : ''}`;
