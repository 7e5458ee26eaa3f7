/** The public API's shapes as the portal reads them (see /openapi.json, tag "public"). */
import type { CaseState } from '../../core/case-lifecycle';
import type { Channel, Kind, Satisfaction } from '../../core/enums';

export interface Captcha {
  id: string;
  svg: string;
  expiresAt: string;
}

export interface MailboxReceipt {
  caseNo: string;
  queryCode: string;
  receiptSms: boolean;
  message: string;
}

export interface TrackedCase {
  caseNo: string;
  title: string;
  kind: Kind;
  channel: Channel;
  state: CaseState;
  stateLabel: string;
  createdAt: string;
  dueAt: string | null;
  closedAt: string | null;
  leadUnit: string | null;
  finalReply: string | null;
  closingNote: string | null;
  satisfaction: Satisfaction | null;
  /** The reply awaits the citizen's rating (POST …/evaluation). */
  canEvaluate: boolean;
  timeline: { at: string; step: string; label: string; text: string | null }[];
}

/** POST /api/public/cases/{no}/evaluation */
export interface EvaluationResult {
  state: CaseState;
  stateLabel: string;
  satisfaction: Satisfaction;
}

export interface KindCount {
  kind: Kind;
  received: number;
  closed: number;
}

export interface PublicStats {
  from: string;
  to: string;
  /** 'YYYY-MM', oldest first */
  months: string[];
  rows: (KindCount & { month: string })[];
  totals: { received: number; closed: number; byKind: KindCount[] };
  satisfaction: { rated: number; satisfied: number; rate: number | null };
}

export interface PublicReply {
  title: string;
  kind: Kind;
  leadUnit: string | null;
  /** YYYY-MM-DD, Shanghai */
  closedOn: string;
  reply: string;
}

export interface Directory {
  hotline: string;
  mailbox: string;
  sms: string;
  emergency: { name: string; phone: string }[];
  leaderPhones: { name: string; phone: string }[];
  /** Other public service numbers the admins list (12315, 12333 …). */
  services: { name: string; phone: string; note: string | null }[];
  /** 领导接听安排: the published sessions of the next 60 days (S4 annex 2). */
  leaderSchedule: { leader: string; title: string; startsAt: string; endsAt: string; topic: string | null }[];
}

/** Same limits as the server's mailbox form (mailbox.routes.ts): five images of at most 5 MB. */
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/bmp'];

/** A phone number as a tel: link: only its digits (and a leading +). */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;
