import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { resolveUnit } from '../cases/cases.repo';
import { DomainError } from '../../core/errors';

/** 增加协办单位: the lead stays the unit first dispatched to (首问负责制, S4 §1). */
export function addCoUnit(ctx: CommandContext, caseRef: string, input: { version: number; unit: string; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'add_co_unit', {}, async ({ trx, row, units, now }) => {
    const unit = await resolveUnit(trx, input.unit);
    if (unit.type === 'centre' || unit.type === 'government') throw new DomainError('case.invalid_units', `${unit.name}不是承办单位`, `${unit.code} does not handle cases`, { field: 'unit' });
    if (units.some((u) => u.unitId === unit.id && u.active)) throw new DomainError('case.invalid_units', `${unit.name}已是该诉求的承办单位`, `${unit.code} already handles this case`, { field: 'unit' });
    await trx
      .insertInto('case_units')
      .values({ case_id: row.id, unit_id: unit.id, role: 'co', active: true, dispatched_at: now, accepted_at: null })
      .onConflict((oc) => oc.columns(['case_id', 'unit_id']).doUpdateSet({ role: 'co', active: true, dispatched_at: now }))
      .execute();
    return { payload: { unit: { id: unit.id, code: unit.code, name: unit.name }, note: input.note ?? null } };
  });
}
