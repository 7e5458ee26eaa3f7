/**
 * The case aggregate's states and the one transition table (DOMAIN.md §5).
 *
 * 登记 → 当即答复 (closes) | 交办 → 签收 | 回单 → (centre re-dispatches or rejects the return)
 * → 办理 → 反馈 (→ 审签 where required) → 审核: 通过 | 退回重办 → 回访 → 办结 | 不满意 → 重办 | 说明后办结 → 归档.
 * Urges, supervision orders, instructions, process callbacks and look-backs happen along the way
 * without changing the state. Every entry names the roles DOMAIN.md §1 gives the step.
 */
import type { Channel, Role, Satisfaction, CallbackType } from './enums';
import { DomainError } from './errors';

export const CASE_STATES = [
  'registered', // 已登记，待派单
  'dispatched', // 已交办，待签收
  'returned', // 已回单，待中心审核改派
  'handling', // 办理中
  'pending_signoff', // 已反馈，待单位负责人审签
  'replied', // 已反馈，待中心审核
  'pending_callback', // 审核通过，待回访
  'dissatisfied', // 回访不满意，待研判
  'closed', // 已办结
  'archived', // 已归档
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  registered: { zh: '待派单', en: 'Registered' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  returned: { zh: '回单待审核', en: 'Returned as misrouted' },
  handling: { zh: '办理中', en: 'Handling' },
  pending_signoff: { zh: '待审签', en: 'Awaiting sign-off' },
  replied: { zh: '待审核', en: 'Reply under review' },
  pending_callback: { zh: '待回访', en: 'Awaiting callback' },
  dissatisfied: { zh: '不满意待研判', en: 'Dissatisfied' },
  closed: { zh: '已办结', en: 'Closed' },
  archived: { zh: '已归档', en: 'Archived' },
};

/** States in which a unit still owes work (the deadline clock runs). */
export const OPEN_STATES = ['registered', 'dispatched', 'returned', 'handling', 'pending_signoff', 'replied', 'pending_callback', 'dissatisfied'] as const satisfies readonly CaseState[];
export const FINISHED_STATES = ['closed', 'archived'] as const satisfies readonly CaseState[];
/** States in which a handling unit's time limit runs. */
export const UNIT_CLOCK_STATES = ['dispatched', 'handling', 'pending_signoff'] as const satisfies readonly CaseState[];

export const CASE_ACTIONS = [
  'answer_on_spot', // 当即答复
  'dispatch', // 交办 / 改派
  'add_co_unit', // 增加协办单位
  'accept', // 签收
  'return', // 回单 (not our responsibility)
  'reject_return', // 退单审核不通过，退回原单位
  'reply', // 反馈
  'co_reply', // 协办意见
  'sign_off', // 审签
  'reject_sign_off', // 审签不通过
  'approve_reply', // 审核通过
  'rework', // 退回重办
  'request_extension', // 申请延期
  'decide_extension', // 延期审批
  'callback', // 回访 (process / result / look-back)
  'close', // 说明后办结
  'urge', // 催办
  'supervise', // 督办单
  'instruct', // 领导批示
  'archive', // 归档
  'keep_promise', // 承诺事项已兑现
  'dispatch_down', // 下派: a district passes the case on to one of its streets
  'link_repeat', // 关联重复件
  'merge', // 合并: folded into an earlier case, whose reply it shares
  'respond_order', // 督办反馈: the lead unit answers a supervision or key-item order
  'evaluate', // 市民评价: the citizen rates the result on the portal with the query code
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  answer_on_spot: { zh: '当即答复', en: 'Answer on the spot' },
  dispatch: { zh: '交办', en: 'Dispatch' },
  add_co_unit: { zh: '增加协办单位', en: 'Add co-handling unit' },
  accept: { zh: '签收', en: 'Accept' },
  return: { zh: '回单', en: 'Return as misrouted' },
  reject_return: { zh: '驳回回单', en: 'Reject return' },
  reply: { zh: '反馈', en: 'Reply' },
  co_reply: { zh: '协办意见', en: 'Co-unit opinion' },
  sign_off: { zh: '审签', en: 'Sign off' },
  reject_sign_off: { zh: '审签退回', en: 'Refuse sign-off' },
  approve_reply: { zh: '审核通过', en: 'Approve reply' },
  rework: { zh: '退回重办', en: 'Return for rework' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  decide_extension: { zh: '延期审批', en: 'Decide extension' },
  callback: { zh: '回访', en: 'Callback' },
  close: { zh: '办结', en: 'Close' },
  urge: { zh: '催办', en: 'Urge' },
  supervise: { zh: '督办', en: 'Supervision order' },
  instruct: { zh: '批示', en: 'Leader instruction' },
  archive: { zh: '归档', en: 'Archive' },
  keep_promise: { zh: '承诺兑现', en: 'Promise kept' },
  dispatch_down: { zh: '下派', en: 'Pass down' },
  link_repeat: { zh: '关联重复件', en: 'Link as repeat' },
  merge: { zh: '合并', en: 'Merge' },
  respond_order: { zh: '督办反馈', en: 'Answer supervision order' },
  evaluate: { zh: '市民评价', en: 'Citizen rating' },
};

/**
 * History events the platform writes itself, not a user's step: registration, and what the
 * time-limit engine's timers do (issue #3).
 */
export const SYSTEM_EVENTS = {
  register: { zh: '登记', en: 'Register' },
  overdue: { zh: '超期', en: 'Overdue' },
  auto_urge: { zh: '自动催办', en: 'Automatic urge' },
  escalate: { zh: '升级督办', en: 'Escalated to supervision' },
  corequester_added: { zh: '合并来件', en: 'Co-requester added' },
  special_report: { zh: '列入专报', en: 'Included in a special report' },
  anonymise: { zh: '个人信息匿名化', en: 'Personal data anonymised' },
} as const;
export type SystemEvent = keyof typeof SYSTEM_EVENTS;

/** The label of any history event, step or system event. */
export function eventLabel(action: string, lang: 'zh' | 'en'): string {
  return (CASE_ACTION_LABELS as Record<string, { zh: string; en: string }>)[action]?.[lang] ?? (SYSTEM_EVENTS as Record<string, { zh: string; en: string }>)[action]?.[lang] ?? action;
}

/** Roles of the hotline centre; users with these roles act on any case their unit may see. */
export const CENTRE_ROLES = ['operator', 'dispatcher', 'supervisor', 'admin'] as const satisfies readonly Role[];

/**
 * Where the actor must stand relative to the case:
 * - `centre`: a user of the hotline centre with the role;
 * - `visible`: any user with the role who can see the case (leaders write instructions wherever they sit);
 * - `lead`: a user of the lead unit (主办单位);
 * - `co`: a user of a co-handling unit (协办单位);
 * - `requester`: the citizen who made the request, proven by the case's query code on the portal.
 */
export type ActorScope = 'centre' | 'visible' | 'lead' | 'co' | 'requester';

/** What a transition needs to know about the case. */
export interface CaseFacts {
  state: CaseState;
  channel: Channel;
  anonymous: boolean;
  leadUnitId: string | null;
  coUnitIds: readonly string[];
  extensionPending: boolean;
  /** Due time of the current stage; extension requests must come before it (S4 §2.1). */
  dueAt: Date | null;
  /** Written reply needs the unit principal's sign-off (DOMAIN.md §7). */
  requiresSignOff: boolean;
  /** Promises made in replies and not yet kept (S4 §2.6); unknown counts as none. */
  openPromises?: number;
  /** The lead unit has units below it (a district with streets) to pass the case down to. */
  leadHasSubUnits?: boolean;
  /** Supervision and key-item orders the lead unit has not answered yet. */
  openOrders?: number;
}

/** What a transition needs to know about the step's input. */
export interface ActionInput {
  callbackType?: CallbackType;
  satisfaction?: Satisfaction | null;
  /** Result callback: whether the citizen was reached at all. */
  reached?: boolean;
  /** Result callback: the citizen says no unit ever contacted them (DOMAIN.md §7). */
  contacted?: boolean | null;
  approve?: boolean;
}

interface TransitionDef {
  from: readonly CaseState[];
  roles: readonly Role[];
  scope: ActorScope;
  /** The state after the step; `undefined` keeps the state. */
  to?: CaseState | ((c: CaseFacts, input: ActionInput) => CaseState | undefined);
  /** A refusal in the domain's words, or null when the step may go ahead. */
  guard?: (c: CaseFacts, input: ActionInput, now: Date) => GuardRefusal | null;
}

interface GuardRefusal {
  zh: string;
  en: string;
}

const SATISFIED: readonly Satisfaction[] = ['very_satisfied', 'satisfied', 'basically_satisfied'];

/** DOMAIN.md §8: what a callback's outcome does to the case. */
function afterCallback(c: CaseFacts, input: ActionInput): CaseState | undefined {
  if ((input.callbackType ?? 'result') !== 'result') return undefined;
  if (input.reached === false) return undefined; // not reached: stays awaiting callback
  // S4 §2.4: a citizen who says nobody contacted them sends the case back for review.
  if (input.contacted === false) return 'dissatisfied';
  return input.satisfaction && SATISFIED.includes(input.satisfaction) ? 'closed' : 'dissatisfied';
}

const CALLBACK_STATES: Record<CallbackType, readonly CaseState[]> = {
  process: ['dispatched', 'handling', 'pending_signoff', 'replied'],
  result: ['pending_callback'],
  look_back: ['closed'],
};

/** The transition table: the only place that says which step is allowed when, and to whom. */
export const TRANSITIONS: Record<CaseAction, TransitionDef> = {
  answer_on_spot: { from: ['registered'], roles: ['operator'], scope: 'centre', to: 'closed' },
  dispatch: { from: ['registered', 'returned'], roles: ['dispatcher'], scope: 'centre', to: 'dispatched' },
  add_co_unit: { from: ['dispatched', 'handling'], roles: ['dispatcher'], scope: 'centre' },
  accept: { from: ['dispatched'], roles: ['unit_handler'], scope: 'lead', to: 'handling' },
  return: { from: ['dispatched', 'handling'], roles: ['unit_handler'], scope: 'lead', to: 'returned' },
  reject_return: { from: ['returned'], roles: ['dispatcher'], scope: 'centre', to: 'dispatched' },
  reply: {
    from: ['handling'],
    roles: ['unit_handler'],
    scope: 'lead',
    to: (c) => (c.requiresSignOff ? 'pending_signoff' : 'replied'),
    guard: (c) => (c.extensionPending ? { zh: '延期申请待审批，审批后再反馈', en: 'an extension request is awaiting decision' } : null),
  },
  co_reply: { from: ['dispatched', 'handling', 'pending_signoff'], roles: ['unit_handler'], scope: 'co' },
  sign_off: { from: ['pending_signoff'], roles: ['unit_leader'], scope: 'lead', to: 'replied' },
  reject_sign_off: { from: ['pending_signoff'], roles: ['unit_leader'], scope: 'lead', to: 'handling' },
  approve_reply: {
    from: ['replied'],
    roles: ['supervisor'],
    scope: 'centre',
    // An anonymous citizen cannot be called back: approval closes the case.
    to: (c) => (c.anonymous ? 'closed' : 'pending_callback'),
  },
  rework: { from: ['replied', 'dissatisfied'], roles: ['supervisor'], scope: 'centre', to: 'handling' },
  request_extension: {
    from: ['dispatched', 'handling'],
    roles: ['unit_handler'],
    scope: 'lead',
    guard: (c, _i, now) => {
      if (c.extensionPending) return { zh: '已有待审批的延期申请', en: 'an extension request is already pending' };
      if (c.dueAt && now.getTime() > c.dueAt.getTime())
        return { zh: '已超期，延期须在期限届满前申请', en: 'the deadline has passed; extensions must be requested before it' };
      return null;
    },
  },
  decide_extension: {
    from: ['dispatched', 'handling'],
    roles: ['supervisor'],
    scope: 'centre',
    guard: (c) => (c.extensionPending ? null : { zh: '没有待审批的延期申请', en: 'there is no pending extension request' }),
  },
  callback: {
    from: ['dispatched', 'handling', 'pending_signoff', 'replied', 'pending_callback', 'closed'],
    roles: ['supervisor', 'operator'],
    scope: 'centre',
    to: afterCallback,
    guard: (c, input) => {
      const type = input.callbackType ?? 'result';
      if (!CALLBACK_STATES[type].includes(c.state))
        return { zh: `当前状态不能进行该类回访`, en: `a ${type} callback is not possible in this state` };
      if (c.anonymous) return { zh: '匿名诉求无法回访', en: 'an anonymous citizen cannot be called back' };
      return null;
    },
  },
  close: { from: ['pending_callback', 'dissatisfied'], roles: ['supervisor'], scope: 'centre', to: 'closed' },
  urge: { from: ['dispatched', 'handling', 'pending_signoff', 'returned'], roles: ['supervisor'], scope: 'centre' },
  supervise: { from: ['dispatched', 'handling', 'pending_signoff', 'replied', 'dissatisfied'], roles: ['supervisor'], scope: 'centre' },
  instruct: { from: [...OPEN_STATES, 'closed'], roles: ['leader'], scope: 'visible' },
  archive: { from: ['closed'], roles: ['supervisor'], scope: 'centre', to: 'archived' },
  // S4 §2.6: promises made in a reply are followed up until kept; the lead unit reports each one kept
  keep_promise: {
    from: ['handling', 'pending_signoff', 'replied', 'pending_callback', 'dissatisfied', 'closed', 'archived'],
    roles: ['unit_handler'],
    scope: 'lead',
    guard: (c) => ((c.openPromises ?? 0) > 0 ? null : { zh: '没有未兑现的承诺事项', en: 'there is no open promise' }),
  },
  // issue #5: a district that received a case passes it on to one of its streets (multi-level dispatch)
  dispatch_down: {
    from: ['dispatched', 'handling'],
    roles: ['dispatcher', 'unit_handler'],
    scope: 'lead',
    to: 'dispatched',
    guard: (c) => (c.leadHasSubUnits ? null : { zh: '本单位没有下级单位', en: 'the lead unit has no units below it' }),
  },
  // DOMAIN.md §13 (No. 66 of 2025): duplicates are linked or merged, not handled twice
  link_repeat: { from: ['registered', 'dispatched', 'handling'], roles: ['operator', 'dispatcher'], scope: 'centre' },
  merge: { from: ['registered'], roles: ['operator', 'dispatcher'], scope: 'centre', to: 'closed' },
  // issue #7 §5: a supervision or key-item order requires the unit's written response
  respond_order: {
    from: ['dispatched', 'handling', 'pending_signoff', 'replied', 'pending_callback', 'dissatisfied', 'closed'],
    roles: ['unit_handler', 'unit_leader'],
    scope: 'lead',
    guard: (c) => ((c.openOrders ?? 0) > 0 ? null : { zh: '没有待反馈的督办单', en: 'there is no open supervision order' }),
  },
  // DOMAIN.md §8: SMS and online citizens rate the result themselves; it counts as the result callback
  evaluate: {
    from: ['pending_callback'],
    roles: ['citizen'],
    scope: 'requester',
    to: (c, input) => afterCallback(c, { ...input, callbackType: 'result', reached: true }),
    guard: (c) => (c.anonymous ? { zh: '匿名诉求无法评价', en: 'an anonymous request cannot be rated' } : null),
  },
};

/** The acting user, as core needs to see them. */
export interface Actor {
  userId: string;
  role: Role;
  unitId: string;
  /** Whether the actor's unit is a hotline centre (一级平台), which sees every case. */
  atCentre: boolean;
  /** The citizen who made the request, proven by its query code (portal rating). */
  requester?: boolean;
}

function inScope(actor: Actor, scope: ActorScope, c: CaseFacts): boolean {
  if (scope === 'visible') return true;
  if (scope === 'centre') return actor.atCentre;
  if (scope === 'requester') return actor.requester === true;
  if (scope === 'lead') return c.leadUnitId === actor.unitId;
  return c.coUnitIds.includes(actor.unitId);
}

/**
 * Whether the actor may take the step on the case now: role, place, state and guard.
 * Used by the server before every write and by the web app to show only allowed buttons.
 */
export function can(actor: Actor, action: CaseAction, c: CaseFacts, input: ActionInput = {}, now?: Date): boolean {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(actor.role) || !inScope(actor, t.scope, c) || !t.from.includes(c.state)) return false;
  return now === undefined || !t.guard || t.guard(c, input, now) === null;
}

/** The actions the actor may take on the case in its current state (for the UI). */
export function allowedActions(actor: Actor, c: CaseFacts, now: Date): CaseAction[] {
  return CASE_ACTIONS.filter((a) => can(actor, a, c, a === 'callback' ? { callbackType: defaultCallbackType(c.state) } : {}, now));
}

function defaultCallbackType(state: CaseState): CallbackType {
  if (state === 'pending_callback') return 'result';
  if (state === 'closed') return 'look_back';
  return 'process';
}

/**
 * Decides a step: throws `auth.forbidden` when the role or unit may not take it,
 * `case.illegal_transition` (naming the state and the action) when the state does not allow it,
 * and returns the state after the step otherwise.
 */
export function decide(actor: Actor, action: CaseAction, c: CaseFacts, input: ActionInput, now: Date): { to: CaseState } {
  const t = TRANSITIONS[action];
  const label = CASE_ACTION_LABELS[action];
  if (!t.roles.includes(actor.role)) {
    throw new DomainError('auth.forbidden', `当前角色无权执行“${label.zh}”`, `role ${actor.role} may not ${action}`, { action });
  }
  if (!inScope(actor, t.scope, c)) {
    const who = { centre: '热线中心', visible: '', lead: '主办单位', co: '协办单位', requester: '诉求人本人' }[t.scope];
    const whoEn = { centre: 'the hotline centre', visible: '', lead: 'the lead unit', co: 'a co-handling unit', requester: 'the citizen who made the request' }[t.scope];
    throw new DomainError('auth.forbidden', `只有${who}可以执行“${label.zh}”`, `only ${whoEn} may ${action}`, { action });
  }
  if (!t.from.includes(c.state)) {
    throw new DomainError(
      'case.illegal_transition',
      `诉求当前状态为“${CASE_STATE_LABELS[c.state].zh}”，不能执行“${label.zh}”`,
      `cannot ${action} a case in state ${c.state}`,
      { state: c.state, action },
    );
  }
  const refusal = t.guard?.(c, input, now);
  if (refusal) {
    throw new DomainError('case.illegal_transition', `不能执行“${label.zh}”：${refusal.zh}`, `cannot ${action}: ${refusal.en}`, {
      state: c.state,
      action,
    });
  }
  const to = typeof t.to === 'function' ? t.to(c, input) : t.to;
  return { to: to ?? c.state };
}

/**
 * DOMAIN.md §7: written replies to cases transferred from the province, under supervision,
 * or received in writing (mailbox) need the unit principal's sign-off (审签).
 */
export function requiresSignOff(c: { channel: Channel; source: string | null; supervised: boolean }): boolean {
  return c.supervised || c.channel === 'mailbox' || c.source === 'province';
}

export function isSatisfied(s: Satisfaction): boolean {
  return SATISFIED.includes(s);
}
