/** Numbers of the centre's documents: 督办〔2026〕12号, 交办〔2026〕3号, 专报〔2026〕5号 — one sequence per kind and year. */
import type { Executor } from '../cases/cases.repo';
import { shanghaiDate } from '../../core/calendar';

export const DOCUMENT_PREFIX = { supervision: '督办', key_item: '交办', special_report: '专报' } as const;
export type DocumentKind = keyof typeof DOCUMENT_PREFIX;

export async function nextDocumentNo(db: Executor, kind: DocumentKind, now: Date): Promise<string> {
  const year = Number(shanghaiDate(now).slice(0, 4));
  const row = await db
    .insertInto('document_counters')
    .values({ kind, year, last: 1 })
    .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet((eb) => ({ last: eb('document_counters.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${DOCUMENT_PREFIX[kind]}〔${year}〕${row.last}号`;
}
