/** The shapes of the phone-channel API (src/server/routes/cti.routes.ts). */
import type { Filing } from '../shared/filings';

/** A recent call not yet registered (GET /api/cti/calls). */
export interface RecentCall {
  callId: string;
  caller: string;
  callee: string | null;
  recordingUrl: string | null;
  startedAt: string;
}

/** One line of the caller's history or of the similar cases (phone masked). */
export interface CaseSummary {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  channel: string;
  createdAt: string;
  address: string | null;
  phone: string | null;
  reason: 'same_caller' | 'similar_text';
  score: number | null;
}

/** GET /api/cti/calls/{callId}. */
export interface CallContext {
  call: { callId: string; caller: string; callee: string | null; recordingUrl: string | null; startedAt: string; caseId: string | null };
  history: CaseSummary[];
  similarOpen: CaseSummary[];
  /** The bulletin board: filings active now or starting within 24 hours. */
  filings: Filing[];
}
