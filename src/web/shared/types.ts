/** The API's shapes as the web app reads them (see the OpenAPI document at /openapi.json). */
import type { CaseAction, CaseState } from '../../core/case-lifecycle';
import type { Channel, Kind, Role, Satisfaction, Urgency } from '../../core/enums';
import type { CriticismReason } from '../../core/criticism';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: { id: string; code: string; name: string };
  atCentre: boolean;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface CaseView {
  id: string;
  caseNo: string;
  queryCode?: string;
  channel: Channel;
  source: string | null;
  kind: Kind;
  urgency: Urgency;
  title: string;
  content: string;
  categoryCode: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  anonymous: boolean;
  confidential: boolean;
  citizen: { name: string | null; phone: string | null; idNumber: string | null; address: string | null; masked: boolean } | null;
  state: CaseState;
  stateLabel: string;
  version: number;
  leadUnit: UnitRef | null;
  coUnits: UnitRef[];
  stage: string | null;
  stageLimit: string | null;
  dueAt: string | null;
  deadlineStatus: 'normal' | 'warning' | 'overdue' | null;
  overdue: boolean;
  requiresSignOff: boolean;
  supervised: boolean;
  extensionPending: boolean;
  reworkCount: number;
  urgeCount: number;
  satisfaction: Satisfaction | null;
  finalReply: string | null;
  closingNote: string | null;
  createdAt: string;
  repliedAt: string | null;
  closedAt: string | null;
  receivedAt: string | null;
  acknowledgedAt: string | null;
  callId: string | null;
  recordingUrl: string | null;
  /** 需现场核查: the reply must carry site photos. */
  siteCheck: boolean;
  /** Supervision and key-item orders the lead unit has not answered. */
  openOrders: number;
  /** 领导接听场次, 社会联络员, 走基层活动 the case was taken in (issue #12 §3). */
  leaderSessionId?: string | null;
  liaisonId?: string | null;
  activityId?: string | null;
  allowedActions: CaseAction[];
}

export interface CaseEvent {
  seq: number;
  action: string;
  actionLabel: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; name: string; role: string } | null;
  unit: UnitRef | null;
  at: string;
  payload: Record<string, unknown>;
}

/** One reply check (core's `ReplyCheck`): a failed blocking check refuses the reply, a failed warning is for the reviewer. */
export interface ReplyCheck {
  code: string;
  passed: boolean;
  blocking: boolean;
  zh: string;
  en: string;
  found?: string[];
}

export interface CaseOrder {
  id: string;
  orderNo: string;
  kind: OrderKind;
  unit: string;
  requirement: string;
  dueAt: string;
  issuedAt: string;
  status: OrderStatus;
  response: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  closeNote: string | null;
  overdue: boolean;
}

export interface CaseDetail extends CaseView {
  events: CaseEvent[];
  replies: {
    id: string;
    kind: string;
    unit: string;
    author: string;
    content: string;
    attachmentIds: string[];
    contactedAt: string | null;
    citizenAttitude: string | null;
    createdAt: string;
    status: string;
    signedOffAt?: string | null;
    reviewNote: string | null;
    /** The checks as they were when the reply was submitted (absent on replies older than the checks). */
    checks?: ReplyCheck[] | null;
  }[];
  callbacks: { id: string; type: string; method: string; reached: boolean; contacted: boolean | null; satisfaction: string | null; resolved: boolean | null; comment: string | null; at: string }[];
  extensions: { id: string; reason: string; limit: string; status: string; requestedAt: string; newDueAt: string | null }[];
  attachments: { id: string; filename: string; mime: string; size: number }[];
  promises: { id: string; what: string; dueDate: string | null; doneAt: string | null }[];
  /** 领导批示, newest first. */
  instructions: { at: string; by: string; text: string; dueAt: string | null }[];
  orders: CaseOrder[];
  specialReports: { id: string; reportNo: string; title: string; status: 'draft' | 'submitted' }[];
  /** Urgent and emergency cases: the lead unit's duty person today (值班, S1 §1); null without a roster. */
  dutyContact?: { unit: string; person: string; phone: string; day: string } | null;
}

export type OrderKind = 'supervision' | 'key_item';
export type OrderStatus = 'open' | 'responded' | 'closed';

/** GET /api/supervision-orders: a 督办单 or 重点事项交办单 with its case. */
export interface SupervisionOrder extends Omit<CaseOrder, 'unit'> {
  caseId: string;
  caseNo: string;
  caseTitle: string;
  unit: { id: string; name: string };
  issuedBy: string | null;
}

/** GET /api/promises: a promise made in a reply (S4 §2.6). */
export interface PromiseItem {
  id: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  caseVersion: number;
  unit: string;
  what: string;
  dueDate: string | null;
  createdAt: string;
  doneAt: string | null;
  doneNote: string | null;
  overdue: boolean;
}

/** GET /api/criticisms: one reason a unit is named in the quarter's criticism notice. */
export interface CriticismEntry {
  id: string;
  unit: UnitRef;
  caseId: string | null;
  caseNo: string | null;
  reason: CriticismReason;
  reasonLabel: string;
  detail: string;
  source: 'auto' | 'manual';
  quarter: string;
  createdAt: string;
  revokedAt: string | null;
  revokeNote: string | null;
}

/** A case as compiled into a special report (personal data masked). */
export interface ReportCase {
  caseId: string;
  caseNo: string;
  title: string;
  kindLabel: string;
  channelLabel: string;
  urgencyLabel: string;
  createdAt: string;
  address: string | null;
  content: string;
  citizen: string | null;
  leadUnit: string | null;
  coUnits: string[];
  stateLabel: string;
  dueAt: string | null;
  latestReply: string | null;
  finalReply: string | null;
  instructions: { at: string; by: string; text: string }[];
}

/** 专报. */
export interface SpecialReport {
  id: string;
  reportNo: string;
  title: string;
  summary: string;
  status: 'draft' | 'submitted';
  author: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  caseCount: number;
  cases: ReportCase[];
}

export interface CaseList {
  items: CaseView[];
  nextCursor: string | null;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  type: string;
  parentId: string | null;
  depth: number;
  phone: string | null;
  active: boolean;
}

export interface Category {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}
