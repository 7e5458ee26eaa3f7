import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CALLBACK_TYPES, SATISFACTION_LEVELS, type Role } from './enums';
import { CASE_ACTIONS, TRANSITIONS, decide, type ActionInput, type Actor, type CaseAction, type CaseFacts, type CaseState } from './case-lifecycle';
import { reachableStates, replayHistory, ReplayError, type HistoryEvent } from './replay';

const NOW = new Date('2026-03-10T02:00:00Z');
const LEAD = 'unit-lead';

function ev(seq: number, action: string, fromState: string | null, toState: string, actorRole: string | null = null, payload: Record<string, unknown> = {}): HistoryEvent {
  return { seq, action, fromState, toState, actorRole, payload };
}

const FULL_LIFE: HistoryEvent[] = [
  ev(1, 'register', null, 'registered', 'operator'),
  ev(2, 'dispatch', 'registered', 'dispatched', 'dispatcher', { lead: { id: 'unit-a' } }),
  ev(3, 'return', 'dispatched', 'returned', 'unit_handler'),
  ev(4, 'dispatch', 'returned', 'dispatched', 'dispatcher', { lead: { id: LEAD } }),
  ev(5, 'accept', 'dispatched', 'handling', 'unit_handler'),
  ev(6, 'urge', 'handling', 'handling', 'supervisor'),
  ev(7, 'overdue', 'handling', 'handling', 'system'),
  ev(8, 'auto_urge', 'handling', 'handling', 'system'),
  ev(9, 'reply', 'handling', 'replied', 'unit_handler'),
  ev(10, 'approve_reply', 'replied', 'pending_callback', 'supervisor'),
  ev(11, 'callback', 'pending_callback', 'closed', 'supervisor'),
];

function refusal(events: HistoryEvent[]): string {
  try {
    replayHistory(events);
  } catch (err) {
    expect(err).toBeInstanceOf(ReplayError);
    return (err as Error).message;
  }
  throw new Error('the history replayed');
}

describe('replayHistory', () => {
  it('replays a whole life to its state, version, lead unit and urge count, in any stored order', () => {
    expect(replayHistory([...FULL_LIFE].reverse())).toEqual({ state: 'closed', version: 11, leadUnitId: LEAD, urgeCount: 2 });
  });

  it('names the first event that does not replay', () => {
    expect(refusal(FULL_LIFE.filter((e) => e.seq !== 6))).toMatch(/event 7: expected seq 6/);
    expect(refusal([...FULL_LIFE.slice(0, 5), { ...FULL_LIFE[5]!, seq: 5 }])).toMatch(/event 5: expected seq 6/);
    expect(refusal([FULL_LIFE[0]!, ev(2, 'accept', 'registered', 'handling', 'unit_handler')])).toMatch(/accept is not allowed in state registered/);
    expect(refusal([FULL_LIFE[0]!, ev(2, 'dispatch', 'registered', 'closed', 'dispatcher', { lead: { id: LEAD } })])).toMatch(/cannot lead from registered to closed/);
    expect(refusal([...FULL_LIFE.slice(0, 5), ev(6, 'urge', 'handling', 'handling', 'unit_handler')])).toMatch(/urge by role unit_handler/);
    expect(refusal([...FULL_LIFE.slice(0, 5), ev(6, 'urge', 'dispatched', 'dispatched', 'supervisor')])).toMatch(/starts from dispatched, but the case was handling/);
    expect(refusal([FULL_LIFE[0]!, ev(2, 'overdue', 'registered', 'registered', 'system')])).toMatch(/clock was not running/);
    expect(refusal([...FULL_LIFE.slice(0, 5), ev(6, 'escalate', 'handling', 'closed', 'system')])).toMatch(/changed the state/);
    expect(refusal([FULL_LIFE[0]!, ev(2, 'dispatch', 'registered', 'dispatched', 'dispatcher', {})])).toMatch(/names no lead unit/);
    expect(refusal([FULL_LIFE[0]!, ev(2, 'register', 'registered', 'registered', 'operator')])).toMatch(/unknown action register/);
    expect(refusal([ev(1, 'dispatch', 'registered', 'dispatched', 'dispatcher')])).toMatch(/starts with seq 1 register/);
    expect(refusal([])).toMatch(/empty/);
  });

  it('knows the outcomes the table gives a step whose target depends on the case', () => {
    expect(reachableStates('reply', 'handling')).toEqual(new Set(['replied', 'pending_signoff']));
    expect(reachableStates('approve_reply', 'replied')).toEqual(new Set(['pending_callback', 'closed']));
    expect(reachableStates('callback', 'pending_callback')).toEqual(new Set(['pending_callback', 'closed', 'dissatisfied']));
    expect(reachableStates('callback', 'handling')).toEqual(new Set(['handling', 'closed', 'dissatisfied']));
    expect(reachableStates('urge', 'returned')).toEqual(new Set(['returned']));
  });

  // every history the transition table itself produces must replay to where the walk ended
  it('replays any walk through the transition table to where the walk ended', () => {
    const input = fc.record({
      callbackType: fc.constantFrom(...CALLBACK_TYPES),
      reached: fc.boolean(),
      contacted: fc.constantFrom(true, false, null),
      satisfaction: fc.constantFrom(...SATISFACTION_LEVELS, null),
      approve: fc.boolean(),
    });
    let longest = 0;
    const walk = fc.array(fc.record({ action: fc.constantFrom(...CASE_ACTIONS), input, anonymous: fc.boolean(), signOff: fc.boolean() }), { minLength: 20, maxLength: 200 });
    fc.assert(
      fc.property(walk, (steps) => {
        const events: HistoryEvent[] = [ev(1, 'register', null, 'registered', 'operator')];
        let state: CaseState = 'registered';
        let lead: string | null = null;
        let urges = 0;
        for (const s of steps) {
          const t = TRANSITIONS[s.action as CaseAction];
          const role = t.roles[0] as Role;
          const leadUnit = lead ?? LEAD;
          const actor: Actor = { userId: 'u', role, unitId: t.scope === 'co' ? 'unit-co' : leadUnit, atCentre: t.scope === 'centre', requester: t.scope === 'requester' };
          const facts: CaseFacts = { state, channel: 'phone', anonymous: s.anonymous, leadUnitId: leadUnit, coUnitIds: ['unit-co'], extensionPending: s.action === 'decide_extension', dueAt: null, requiresSignOff: s.signOff, openPromises: 1, leadHasSubUnits: true, openOrders: 1 };
          let to: CaseState;
          try {
            to = decide(actor, s.action, facts, s.input as ActionInput, NOW).to;
          } catch {
            continue;
          }
          const payload = s.action === 'dispatch' || s.action === 'dispatch_down' ? { lead: { id: `unit-${events.length}` } } : {};
          if (payload.lead) lead = payload.lead.id;
          if (s.action === 'urge') urges++;
          events.push(ev(events.length + 1, s.action, state, to, role, payload));
          state = to;
        }
        longest = Math.max(longest, events.length);
        expect(replayHistory(events)).toEqual({ state, version: events.length, leadUnitId: lead, urgeCount: urges });
      }),
      { numRuns: 300 },
    );
    // the walks do go somewhere: the table let many steps through
    expect(longest).toBeGreaterThan(10);
  });
});
