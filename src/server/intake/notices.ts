/** The texts of the messages the platform sends citizens. Chinese, short enough for one or two SMS. */
import { shanghaiDate } from '../../core/calendar';

export function receiptText(signature: string, caseNo: string, queryCode: string): string {
  return `${signature}您的诉求已受理，编号${caseNo}，查询码${queryCode}。可凭编号和查询码在网上查询办理进度，我们将按时限办理并答复。`;
}

function local(d: Date): string {
  const hm = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  return `${shanghaiDate(d)} ${hm}`;
}

/** S4 §2.1: the citizen is told the new deadline and why. */
export function extensionText(signature: string, caseNo: string, newDue: Date, reason: string): string {
  return `${signature}您反映的诉求（编号${caseNo}）因“${reason.slice(0, 60)}”需延期办理，新的办理期限为${local(newDue)}。`;
}
