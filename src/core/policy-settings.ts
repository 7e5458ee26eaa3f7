/**
 * The numbers of the time-limit engine that officials tune (issue #3), kept in the database and
 * edited by admins; these are the defaults.
 */
import { DomainError } from './errors';
import { DEFAULT_SATISFACTION_WEIGHTS, validateSatisfactionWeights, type SatisfactionWeights } from './metrics';

export interface PolicySettings {
  /** 'HH:MM' Asia/Shanghai: when day-based limits end (docs/time-limits.md). */
  closeOfBusiness: string;
  /** Warning when less than this share of a stage's limit is left (issue #3 §4: 20 %). */
  warningRatio: number;
  /** Urges after which a case is escalated to a supervision order. */
  escalationUrges: number;
  /** Process callback this many days after dispatch (S4 annex 3: within 2 days). */
  processCallbackDays: number;
  /** Look back on unkept promises every this many days (S4 annex 3: weekly). */
  lookBackDays: number;
  /** Citizens reporting the same issue in the same area within 48 hours that raise a 集中诉求 alert. */
  concentrationThreshold: number;
  /** A reply shorter than this many characters is refused as lacking substance (DOMAIN.md §7). */
  replyMinChars: number;
  /** SMS / online / mailbox cases: days the citizen has to rate the result on the portal before an operator calls. */
  evaluationDays: number;
  /** Days before a promise falls due that its unit is reminded (S4 §2.6). */
  promiseReminderDays: number;
  /** Time limit of a supervision or key-item order when the supervisor sets none. */
  orderLimit: string;
  /** 响应率: a lead unit that accepts within this many hours of dispatch has responded in time. */
  responseHours: number;
  /** The weight of each satisfaction level in the satisfaction rate (docs/metrics.md). */
  satisfactionWeights: SatisfactionWeights;
  /**
   * Issue #9 §2: the citizens of cases archived more than this many years ago are anonymised by
   * the daily retention job (docs/privacy.md); 0 or null keeps them for ever.
   */
  retentionYears: number | null;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  closeOfBusiness: '18:00',
  warningRatio: 0.2,
  escalationUrges: 3,
  processCallbackDays: 2,
  lookBackDays: 7,
  concentrationThreshold: 5,
  replyMinChars: 30,
  evaluationDays: 3,
  promiseReminderDays: 1,
  orderLimit: '3wd',
  responseHours: 24,
  satisfactionWeights: DEFAULT_SATISFACTION_WEIGHTS,
  retentionYears: 5,
};

/** Checks settings before they are saved; throws `validation.failed` naming the field. */
export function validatePolicySettings(s: PolicySettings): PolicySettings {
  const bad = (field: string, zh: string, en: string) => new DomainError('validation.failed', `${zh}（${field}）`, `${field}: ${en}`, { field });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.closeOfBusiness)) throw bad('closeOfBusiness', '下班时间须为 HH:MM', 'must be HH:MM');
  if (!(s.warningRatio > 0 && s.warningRatio < 1)) throw bad('warningRatio', '预警比例须在 0 与 1 之间', 'must be between 0 and 1');
  if (!(Number.isInteger(s.escalationUrges) && s.escalationUrges >= 1 && s.escalationUrges <= 20)) throw bad('escalationUrges', '升级督办的催办次数须为 1–20', 'must be a whole number from 1 to 20');
  if (!(Number.isInteger(s.processCallbackDays) && s.processCallbackDays >= 1 && s.processCallbackDays <= 30)) throw bad('processCallbackDays', '过程回访天数须为 1–30', 'must be a whole number from 1 to 30');
  if (!(Number.isInteger(s.lookBackDays) && s.lookBackDays >= 1 && s.lookBackDays <= 90)) throw bad('lookBackDays', '回头看间隔天数须为 1–90', 'must be a whole number from 1 to 90');
  if (!(Number.isInteger(s.concentrationThreshold) && s.concentrationThreshold >= 2 && s.concentrationThreshold <= 1000)) throw bad('concentrationThreshold', '集中诉求阈值须为 2–1000', 'must be a whole number from 2 to 1000');
  if (!(Number.isInteger(s.replyMinChars) && s.replyMinChars >= 0 && s.replyMinChars <= 2000)) throw bad('replyMinChars', '反馈最少字数须为 0–2000', 'must be a whole number from 0 to 2000');
  if (!(Number.isInteger(s.evaluationDays) && s.evaluationDays >= 1 && s.evaluationDays <= 30)) throw bad('evaluationDays', '网上评价等待天数须为 1–30', 'must be a whole number from 1 to 30');
  if (!(Number.isInteger(s.promiseReminderDays) && s.promiseReminderDays >= 0 && s.promiseReminderDays <= 30)) throw bad('promiseReminderDays', '承诺事项提前提醒天数须为 0–30', 'must be a whole number from 0 to 30');
  if (!/^\d{1,4}(wd|d|h|m)$/.test(s.orderLimit)) throw bad('orderLimit', '督办时限格式如 3wd、2d、24h', 'must look like 3wd, 2d, 24h');
  if (!(typeof s.responseHours === 'number' && s.responseHours > 0 && s.responseHours <= 720)) throw bad('responseHours', '响应时限须为 0–720 小时', 'must be a number of hours from 0 to 720');
  if (!(s.retentionYears === null || (Number.isInteger(s.retentionYears) && s.retentionYears >= 0 && s.retentionYears <= 100))) throw bad('retentionYears', '个人信息保存年限须为 0–100 的整数（0 为永久保存）', 'must be a whole number of years from 0 to 100 (0 keeps for ever)');
  const weights = validateSatisfactionWeights(s.satisfactionWeights as unknown as Record<string, unknown>);
  if (typeof weights === 'string') throw bad('satisfactionWeights', '满意度权重须为 0–1，且不随满意程度降低而升高', weights);
  return s;
}

/**
 * When a stage starting at `start` and due at `due` enters its warning period: once less than
 * `ratio` of the span is left.
 */
export function warnAt(start: Date, due: Date, ratio: number): Date {
  const span = due.getTime() - start.getTime();
  return new Date(due.getTime() - Math.max(0, span) * ratio);
}
