/**
 * Reply checks (DOMAIN.md §7, S4 §2.2–2.4, S1): what the platform checks before a unit's reply
 * can be submitted, and what the supervisor sees of it when reviewing.
 *
 * - no perfunctory phrases ("正在联系处理中", "已前去执法", "将现场核实", "已解释" …); the list is data
 *   that admins edit, each phrase either refusing the reply or only warning the reviewer;
 * - substance: a minimum length; what was done and the result (a reply that says neither is
 *   refused, one that lacks one of them is flagged to the reviewer); the basis (a warning only);
 * - for a citizen who gave their name: when the unit contacted them and what they said;
 * - photos when the case needed an on-site check (S4 §2.2).
 */

export const PHRASE_LEVELS = ['block', 'warn'] as const;
export type PhraseLevel = (typeof PHRASE_LEVELS)[number];

export interface ReplyPhrase {
  phrase: string;
  level: PhraseLevel;
}

/** The seed list: DOMAIN.md §7's examples and their common variants. Admins edit it afterwards. */
export const DEFAULT_REPLY_PHRASES: readonly (ReplyPhrase & { note: string })[] = [
  { phrase: '正在联系处理中', level: 'block', note: 'S4 §2.2 敷衍答复示例' },
  { phrase: '已前去执法', level: 'block', note: 'S4 §2.2 敷衍答复示例' },
  { phrase: '将现场核实', level: 'block', note: 'S4 §2.2 敷衍答复示例' },
  { phrase: '已解释', level: 'block', note: 'S4 §2.2 敷衍答复示例' },
  { phrase: '正在处理中', level: 'block', note: '只说在办，没有结果' },
  { phrase: '正在核实中', level: 'block', note: '只说在办，没有结果' },
  { phrase: '正在协调中', level: 'block', note: '只说在办，没有结果' },
  { phrase: '将尽快处理', level: 'block', note: '没有做了什么和结果' },
  { phrase: '已转相关部门', level: 'block', note: '推诿：未说明由谁、办成什么' },
  { phrase: '请耐心等待', level: 'warn', note: '需说明等待到何时' },
  { phrase: '已做好解释工作', level: 'warn', note: '需写明解释的内容和依据' },
  { phrase: '按相关规定处理', level: 'warn', note: '需写明是哪项规定' },
];

export type ReplyCheckCode =
  | 'perfunctory_phrase'
  | 'substance_length'
  | 'substance_done'
  | 'substance_result'
  | 'substance_basis'
  | 'citizen_contact'
  | 'citizen_attitude'
  | 'site_photos';

export interface ReplyCheck {
  code: ReplyCheckCode;
  passed: boolean;
  /** A failed blocking check refuses the reply; a failed warning is shown to the reviewer. */
  blocking: boolean;
  zh: string;
  en: string;
  /** The phrases found, for `perfunctory_phrase`. */
  found?: string[];
}

export interface ReplyDraft {
  content: string;
  contactedAt?: Date | null;
  citizenAttitude?: string | null;
  /** Images attached to the reply. */
  photoCount: number;
}

export interface ReplyCaseFacts {
  anonymous: boolean;
  /** The dispatcher asked for an on-site check (需现场核查). */
  siteCheck: boolean;
}

// Signal words; a labelled section ("处理过程：" …) always counts.
const DONE = /处理过程|办理过程|观测|采纳|调整|制定|修订|发布|设置|增设|启用|改造|开通|实行|执行|公告|约见|上门|测量|检测|取样|巡查|宣传|经查|经核|经调查|经了解|经现场|经与|现场|已安排|安排|组织|联系|约谈|检查|核查|核实|查处|维修|修复|抢修|清理|清运|整改|执法|协调|调解|督促|责令|更换|派员|派出|走访|告知|答复|立案|处罚|排查|疏通|沟通|召开|会同|实地|拆除|安装|调取|查阅|复核/;
const RESULT = /处理结果|办理结果|结果|到位|完毕|合格|办结|延长|缩短|新增|开放|恢复|已将|已于|起执行|自.{1,8}起|已完成|已解决|已修复|已恢复|已清理|已清运|已整改|已办结|已落实|已拆除|已停止|已疏通|已退还|已退款|已补发|已发放|已安装|已更换|已关停|已取缔|已处罚|现已|目前|恢复正常|达成|不予|不符合|符合|无法|暂不|不属于|将于|予以|同意|已纳入/;
/** Specifics a generic reply lacks: figures, dates, amounts, cited documents. */
const CONCRETE = /\d|[一二三四五六七八九十百千万两]+(个|次|名|人|元|天|日|月|年|米|户|处|项|条|台|辆|吨|平方|小时|分钟|家|座|棵|盏)|《/;
const BASIS = /依据|根据|按照|依照|规定|条例|办法|法》|《|政策|标准|文件|通知|细则|规范/;

/** The minimum length of a reply, in characters, unless the policy sets another. */
export const DEFAULT_REPLY_MIN_CHARS = 30;

function chars(s: string): number {
  return [...s.replace(/\s+/g, '')].length;
}

/** Phrases of the list found in the text (whitespace and full-width punctuation ignored). */
export function findPhrases(content: string, phrases: readonly ReplyPhrase[]): ReplyPhrase[] {
  const flat = content.replace(/\s+/g, '');
  return phrases.filter((p) => p.phrase.trim() && flat.includes(p.phrase.replace(/\s+/g, '')));
}

/**
 * Checks a reply before it is submitted. Every check is returned, passed or not, so the reviewer
 * sees the whole list; `blockingFailures` picks those that refuse the reply.
 */
export function checkReply(draft: ReplyDraft, c: ReplyCaseFacts, phrases: readonly ReplyPhrase[], minChars = DEFAULT_REPLY_MIN_CHARS): ReplyCheck[] {
  const text = draft.content;
  const found = findPhrases(text, phrases);
  const blockingFound = found.filter((p) => p.level === 'block');
  const out: ReplyCheck[] = [];
  out.push(
    found.length === 0
      ? { code: 'perfunctory_phrase', passed: true, blocking: false, zh: '未发现敷衍用语', en: 'no perfunctory phrase' }
      : {
          code: 'perfunctory_phrase',
          passed: false,
          blocking: blockingFound.length > 0,
          zh: `含敷衍用语：${found.map((p) => `“${p.phrase}”`).join('、')}，请写明做了什么、结果如何`,
          en: `perfunctory phrase(s): ${found.map((p) => p.phrase).join(', ')}; say what was done and with what result`,
          found: found.map((p) => p.phrase),
        },
  );
  /** A check with its words for passing and for failing, in both languages. */
  const check = (code: ReplyCheckCode, passed: boolean, blocking: boolean, zh: [string, string], en: [string, string]) =>
    out.push({ code, passed, blocking, zh: passed ? zh[0] : zh[1], en: passed ? en[0] : en[1] });
  const n = chars(text);
  check('substance_length', n >= minChars, true, [`内容 ${n} 字`, `内容过短（${n} 字，至少 ${minChars} 字），请写明处理过程、结果和依据`], [
    `${n} characters`,
    `too short (${n} characters, at least ${minChars}); say what was done, the result and the basis`,
  ]);
  const done = DONE.test(text);
  const result = RESULT.test(text);
  // signal words are a heuristic: only a reply with neither, and nothing concrete, is refused outright
  const neither = !done && !result && !CONCRETE.test(text);
  check('substance_done', done, neither, ['已写明处理过程', '未写明做了什么（如经现场核查、已安排维修、已约谈）'], ['says what was done', 'does not say what was done (site check, repair arranged, talk held …)']);
  check('substance_result', result, neither, ['已写明处理结果', '未写明处理结果（如已修复、已恢复、不符合条件的原因）'], ['states the result', 'does not state the result (repaired, restored, or why not)']);
  check('substance_basis', BASIS.test(text), false, ['已写明依据', '未引用政策或规定依据（如有，请写明）'], ['cites its basis', 'cites no rule or policy (add it where there is one)']);
  if (!c.anonymous) {
    const contacted = draft.contactedAt instanceof Date && !Number.isNaN(draft.contactedAt.getTime());
    check('citizen_contact', contacted, true, ['已记录联系群众时间', '实名诉求须记录联系群众的时间'], ['time of contact recorded', 'a named citizen: record when the unit contacted them']);
    check('citizen_attitude', !!draft.citizenAttitude?.trim(), true, ['已记录群众意见', '实名诉求须记录群众对处理结果的态度'], [
      "citizen's attitude recorded",
      'a named citizen: record what they said of the result',
    ]);
  }
  if (c.siteCheck) {
    const k = draft.photoCount;
    check('site_photos', k > 0, true, [`已附现场照片 ${k} 张`, '本件需现场核查，请附现场照片'], [`${k} site photo(s) attached`, 'this case needed an on-site check: attach photos']);
  }
  return out;
}

export function blockingFailures(checks: readonly ReplyCheck[]): ReplyCheck[] {
  return checks.filter((x) => !x.passed && x.blocking);
}
