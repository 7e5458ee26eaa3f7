import type { CaseRow, CaseUpdate } from '../db/schema';
import { stageDeadline, type Policy } from '../policy/policy';
import type { Stage } from '../../core/time-limits';
import { warnAt } from '../../core/policy-settings';
import type { Channel, Kind, Urgency } from '../../core/enums';

/**
 * The columns that start a new stage of handling: its limit, its start, its due time and the moment
 * its warning is due; the warning and overdue timers of the stage are armed afresh.
 */
export function startStage(policy: Policy, row: CaseRow, stage: Stage, from: Date, explicitLimit?: string): CaseUpdate {
  const d = stageDeadline(
    policy,
    { stage, kind: row.kind as Kind, channel: row.channel as Channel, urgency: row.urgency as Urgency, category: row.category_code },
    from,
    explicitLimit,
  );
  return { stage, stage_limit: d.limitText, stage_started_at: from, due_at: d.dueAt, ...rearm(policy, from, d.dueAt) };
}

/** A stage whose due time moved (extension, instruction): warning and overdue fire again for the new time. */
export function rearm(policy: Policy, stageStart: Date, due: Date): CaseUpdate {
  return { warn_at: warnAt(stageStart, due, policy.settings.warningRatio), warned_at: null, overdue_at: null };
}
