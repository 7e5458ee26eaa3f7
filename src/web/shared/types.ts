/** The API's shapes as the web app reads them (see the OpenAPI document at /openapi.json). */
import type { CaseAction, CaseState } from '../../core/case-lifecycle';
import type { Channel, Kind, Role, Satisfaction, Urgency } from '../../core/enums';

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

export interface CaseDetail extends CaseView {
  events: CaseEvent[];
  replies: { id: string; kind: string; unit: string; author: string; content: string; attachmentIds: string[]; contactedAt: string | null; citizenAttitude: string | null; createdAt: string; status: string; reviewNote: string | null }[];
  callbacks: { id: string; type: string; method: string; reached: boolean; contacted: boolean | null; satisfaction: string | null; resolved: boolean | null; comment: string | null; at: string }[];
  extensions: { id: string; reason: string; limit: string; status: string; requestedAt: string; newDueAt: string | null }[];
  attachments: { id: string; filename: string; mime: string; size: number }[];
  promises: { id: string; what: string; dueDate: string | null; doneAt: string | null }[];
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
