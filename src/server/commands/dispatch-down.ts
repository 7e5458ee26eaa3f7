import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { resolveUnit } from '../cases/cases.repo';
import { DomainError } from '../../core/errors';

/**
 * 下派 (issue #5 §5): a district (or any unit with units below it) that received a case passes it on
 * to one of its own streets, which becomes the lead; the deadline set by the centre stays. The
 * district keeps seeing the case, as it sees everything below it.
 */
export function dispatchDown(ctx: CommandContext, caseRef: string, input: { version: number; unit: string; coUnits?: string[]; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'dispatch_down', {}, async ({ trx, row, units, now }) => {
    const from = units.find((u) => u.role === 'lead' && u.active)!;
    const refs = [input.unit, ...(input.coUnits ?? [])];
    const targets: Awaited<ReturnType<typeof resolveUnit>>[] = [];
    for (const ref of refs) {
      const u = await resolveUnit(trx, ref);
      if (!u.path.startsWith(from.path) || u.id === from.unitId) {
        throw new DomainError('case.invalid_units', `只能下派给本单位的下级单位：${u.name}`, `can only pass down to a unit below ${from.code}: ${u.code}`, { field: 'unit' });
      }
      if (targets.some((x) => x.id === u.id)) throw new DomainError('case.invalid_units', `单位重复：${u.name}`, `a unit is named twice: ${u.code}`, { field: 'coUnits' });
      targets.push(u);
    }
    await trx.updateTable('case_units').set({ active: false }).where('case_id', '=', row.id).where('unit_id', '=', from.unitId).execute();
    for (const [i, u] of targets.entries()) {
      await trx
        .insertInto('case_units')
        .values({ case_id: row.id, unit_id: u.id, role: i === 0 ? 'lead' : 'co', active: true, dispatched_at: now, accepted_at: null })
        .onConflict((oc) => oc.columns(['case_id', 'unit_id']).doUpdateSet({ role: i === 0 ? 'lead' : 'co', active: true, dispatched_at: now, accepted_at: null }))
        .execute();
    }
    const lead = targets[0]!;
    return {
      patch: { lead_unit_id: lead.id, accepted_at: null },
      payload: { from: { id: from.unitId, code: from.code, name: from.name }, lead: { id: lead.id, code: lead.code, name: lead.name }, co: targets.slice(1).map((u) => ({ id: u.id, code: u.code, name: u.name })), note: input.note ?? null },
    };
  });
}
