import type { CaseRow, CaseUpdate } from '../db/schema';
import { stageDeadline, type Policy } from '../policy/policy';
import type { Stage } from '../../core/time-limits';
import type { Channel, Kind, Urgency } from '../../core/enums';

/** The columns that start a new stage of handling: its limit, its start and its due time. */
export function startStage(policy: Policy, row: CaseRow, stage: Stage, from: Date, explicitLimit?: string): CaseUpdate {
  const d = stageDeadline(
    policy,
    { stage, kind: row.kind as Kind, channel: row.channel as Channel, urgency: row.urgency as Urgency, category: row.category_code },
    from,
    explicitLimit,
  );
  return { stage, stage_limit: d.limitText, stage_started_at: from, due_at: d.dueAt };
}
