/**
 * GB/T 33358-2016 (government hotline service): how soon the centre must respond to what arrives.
 * Phone calls are answered live (within 15 s, measured by the CTI, not here).
 */
import type { Channel } from './enums';

export const RESPONSE_TARGET_SECONDS: Partial<Record<Channel, number>> = {
  sms: 3 * 60, // 短信：3 分钟内响应
  online: 3 * 60, // 网络等新媒体：3 分钟内响应
  mailbox: 24 * 3600, // 信箱：24 小时内响应
};

/** Whether a case was acknowledged within its channel's target; null where no target applies. */
export function withinResponseTarget(channel: Channel, receivedAt: Date, acknowledgedAt: Date | null, now: Date): boolean | null {
  const target = RESPONSE_TARGET_SECONDS[channel];
  if (target === undefined) return null;
  const end = acknowledgedAt ?? now;
  if (!acknowledgedAt && end.getTime() - receivedAt.getTime() <= target * 1000) return null; // still within time, not yet answered
  return acknowledgedAt !== null && acknowledgedAt.getTime() - receivedAt.getTime() <= target * 1000;
}
