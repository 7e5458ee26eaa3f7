/** 督办单 / 重点事项交办单 as rows: issued by a supervisor's step or by automatic escalation. */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';
import { nextDocumentNo } from './document-no';
import { notifyUnit, scheduleTimer } from '../jobs/timers.repo';

export type OrderKind = 'supervision' | 'key_item';
export const ORDER_LABELS: Record<OrderKind, { zh: string; en: string }> = {
  supervision: { zh: '督办单', en: 'Supervision order' },
  key_item: { zh: '重点事项交办单', en: 'Key-item order' },
};

export async function issueOrder(
  db: Executor,
  o: { caseId: string; caseNo: string; title: string; unitId: string; kind: OrderKind; requirement: string; dueAt: Date; issuedBy: string | null; now: Date },
): Promise<{ id: string; orderNo: string }> {
  const id = randomUUID();
  const orderNo = await nextDocumentNo(db, o.kind, o.now);
  await db
    .insertInto('supervision_orders')
    .values({ id, order_no: orderNo, kind: o.kind, case_id: o.caseId, unit_id: o.unitId, requirement: o.requirement, due_at: o.dueAt, issued_by: o.issuedBy, issued_at: o.now })
    .execute();
  await scheduleTimer(db, { caseId: o.caseId, kind: 'order_due', dueAt: o.dueAt, dedupeKey: `order_due:${id}`, payload: { orderId: id }, now: o.now });
  await notifyUnit(db, {
    unitId: o.unitId,
    caseId: o.caseId,
    kind: 'supervision',
    message: `诉求 ${o.caseNo}「${o.title}」收到${ORDER_LABELS[o.kind].zh}（${orderNo}），请于期限前书面反馈。`,
    now: o.now,
  });
  return { id, orderNo };
}
