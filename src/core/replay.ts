/**
 * Replaying a case's history (issue #9 §6): the immutable events, in order, run back through the
 * one transition table give the state, version, lead unit and urge count the case must have. A
 * history that does not replay — a gap in the sequence, a step from a state it cannot leave, a
 * state it cannot reach, a role the table does not allow — is reported with the first bad event.
 */
import { CALLBACK_TYPES, SATISFACTION_LEVELS, type CallbackType, type Satisfaction } from './enums';
import { CASE_ACTIONS, SYSTEM_EVENTS, TRANSITIONS, UNIT_CLOCK_STATES, type ActionInput, type CaseAction, type CaseFacts, type CaseState } from './case-lifecycle';

/** One row of a case's history as stored (`case_events`). */
export interface HistoryEvent {
  seq: number;
  action: string;
  fromState: string | null;
  toState: string;
  /** The actor's role; `system` (or null) for what the timers do. */
  actorRole: string | null;
  payload: Record<string, unknown>;
}

export interface ReplayedCase {
  state: CaseState;
  version: number;
  leadUnitId: string | null;
  /** Urges by the centre and the automatic ones of the overdue sweep. */
  urgeCount: number;
}

export class ReplayError extends Error {
  override name = 'ReplayError';
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(`event ${seq}: ${message}`);
  }
}

const isStep = (a: string): a is CaseAction => (CASE_ACTIONS as readonly string[]).includes(a);
/** What the platform writes itself; registration only opens a history. */
const isSystem = (a: string): boolean => a !== 'register' && Object.hasOwn(SYSTEM_EVENTS, a);

const INPUTS: ActionInput[] = (() => {
  const out: ActionInput[] = [{}];
  for (const callbackType of CALLBACK_TYPES as readonly CallbackType[])
    for (const reached of [true, false])
      for (const contacted of [true, false, null])
        for (const satisfaction of [...(SATISFACTION_LEVELS as readonly Satisfaction[]), null]) out.push({ callbackType, reached, contacted, satisfaction });
  return out;
})();

/**
 * The states a step can lead to from `from`, as the transition table decides them: a fixed
 * target, the same state, or whatever its rule gives over every case fact and input it reads.
 */
export function reachableStates(action: CaseAction, from: CaseState): Set<CaseState> {
  const to = TRANSITIONS[action].to;
  if (to === undefined) return new Set([from]);
  if (typeof to === 'string') return new Set([to]);
  const out = new Set<CaseState>();
  for (const anonymous of [false, true])
    for (const requiresSignOff of [false, true]) {
      const facts: CaseFacts = { state: from, channel: 'phone', anonymous, leadUnitId: null, coUnitIds: [], extensionPending: false, dueAt: null, requiresSignOff };
      for (const input of INPUTS) out.add(to(facts, input) ?? from);
    }
  return out;
}

function idOf(v: unknown): string | null {
  return v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
}

/** Replays the events (any order; they are sorted by `seq`) and returns what the case must be now. */
export function replayHistory(events: readonly HistoryEvent[]): ReplayedCase {
  const list = [...events].sort((a, b) => a.seq - b.seq);
  const first = list[0];
  if (!first) throw new ReplayError(0, 'the history is empty');
  if (first.seq !== 1 || first.action !== 'register' || first.fromState !== null || first.toState !== 'registered') {
    throw new ReplayError(first.seq, `a history starts with seq 1 register → registered, not ${first.action} ${first.fromState} → ${first.toState}`);
  }
  const c: ReplayedCase = { state: 'registered', version: 1, leadUnitId: null, urgeCount: 0 };
  for (const e of list.slice(1)) {
    if (e.seq !== c.version + 1) throw new ReplayError(e.seq, `expected seq ${c.version + 1} (a gap or a repeat in the history)`);
    if (e.fromState !== c.state) throw new ReplayError(e.seq, `${e.action} starts from ${e.fromState}, but the case was ${c.state}`);
    if (isStep(e.action)) {
      const t = TRANSITIONS[e.action];
      if (!t.from.includes(c.state)) throw new ReplayError(e.seq, `${e.action} is not allowed in state ${c.state}`);
      if (e.actorRole !== null && !(t.roles as readonly string[]).includes(e.actorRole)) throw new ReplayError(e.seq, `${e.action} by role ${e.actorRole} is not allowed`);
      if (!reachableStates(e.action, c.state).has(e.toState as CaseState)) throw new ReplayError(e.seq, `${e.action} cannot lead from ${c.state} to ${e.toState}`);
      if (e.action === 'dispatch' || e.action === 'dispatch_down') {
        const lead = idOf(e.payload.lead);
        if (!lead) throw new ReplayError(e.seq, `${e.action} names no lead unit`);
        c.leadUnitId = lead;
      }
      if (e.action === 'urge') c.urgeCount++;
    } else if (isSystem(e.action)) {
      if (e.toState !== c.state) throw new ReplayError(e.seq, `the system event ${e.action} changed the state to ${e.toState}`);
      if ((e.action === 'overdue' || e.action === 'auto_urge') && !(UNIT_CLOCK_STATES as readonly string[]).includes(c.state)) {
        throw new ReplayError(e.seq, `${e.action} while the unit's clock was not running (${c.state})`);
      }
      if (e.action === 'auto_urge') c.urgeCount++;
    } else {
      throw new ReplayError(e.seq, `unknown action ${e.action}`);
    }
    c.state = e.toState as CaseState;
    c.version = e.seq;
  }
  return c;
}
