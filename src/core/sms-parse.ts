/**
 * Reading a citizen's SMS to the mayor's SMS line (市长短信热线) into a draft case.
 * S3: one SMS is one case (一个短信就是一个信访事项), and the SMS should carry the unit, name,
 * address, ID number and the demand. Real SMS are messy: some label their fields
 * (姓名：李强 地址：…), most write a sentence (我是幸福小区3栋的住户王秀英…), so every field
 * here is a best guess that the operator confirms before the case is registered.
 */
import { isValidIdNumber, isValidPhone, normalizePhone } from './citizen';
import type { Kind } from './enums';
import { DomainError } from './errors';

export interface ParsedSms {
  name: string | null;
  /** Upper-case X; only numbers whose GB 11643 check character is right. */
  idNumber: string | null;
  address: string | null;
  /** The unit the SMS is about (or the citizen's labelled 单位). */
  unit: string | null;
  /** A number written in the text, normalised; not the sender's number, which the gateway knows. */
  phone: string | null;
  /** The text without its labelled fields; keeps the citizen's punctuation. Never empty unless the SMS is. */
  demand: string;
  title: string;
  kind: Kind;
}

export interface SmsPart {
  part: number;
  total: number;
  text: string;
}

// ０-９ Ａ-Ｚ ａ-ｚ ＋ －: phones send these when the input method is in full-width mode.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF0D]/g;

/** Collapses whitespace and turns full-width digits and letters half-width; one char for one char. */
function halfWidth(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Full-width digits/letters/colon to half-width, collapse whitespace — people type ０１３８ and ：. */
export function normalizeSmsText(text: string): string {
  return halfWidth(text).replace(/：/g, ':');
}

// ---------------------------------------------------------------- labelled fields

type Field = 'name' | 'idNumber' | 'address' | 'phone' | 'unit' | 'demand';

const LABELS: Record<Field, string[]> = {
  name: ['姓名', '名字', '联系人', '反映人', '投诉人', '举报人', '来信人'],
  idNumber: ['居民身份证号码', '身份证号码', '身份证号', '身份证', '证件号码', '证件号'],
  address: ['家庭住址', '联系地址', '居住地址', '现住址', '住址', '地址'],
  phone: ['联系电话', '联系方式', '电话号码', '手机号码', '手机号', '电话', '手机'],
  unit: ['被投诉单位', '被反映单位', '涉及单位', '工作单位', '所在单位', '单位'],
  demand: ['反映内容', '反映事项', '反映问题', '主要内容', '诉求', '内容', '问题'],
};
const FIELD_OF = new Map<string, Field>(
  (Object.entries(LABELS) as [Field, string[]][]).flatMap(([f, words]) => words.map((w) => [w, f] as const)),
);
const LABEL_RE = new RegExp(
  `(?:我的|本人)?(${[...FIELD_OF.keys()].sort((a, b) => b.length - a.length).join('|')}) ?(:|是|为)? ?`,
  'g',
);
const ID_AT = /\d{17}[\dXx](?![\dA-Za-z])/y;
const PHONE_PATTERN =
  '(?:\\+?86[- ]?)?(?:1[3-9]\\d(?:[- ]?\\d{4}){2}|[(（]?0\\d{2,3}[)）]?[- ]?[2-9]\\d{6,7}(?:-\\d{1,6})?)(?!\\d)';
const PHONE_AT = new RegExp(`(?:${PHONE_PATTERN}|[2-9]\\d{6,7}(?!\\d))`, 'y');
const PHONE_ANY = new RegExp(`(?<!\\d)${PHONE_PATTERN}`, 'g');
const PHONE_AFTER_NAME = new RegExp(` ?${PHONE_PATTERN}`, 'y');
const ID_ANY = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
/** Where a labelled value ends (S3 SMS put one field per line or separate them with spaces). */
const VALUE_STOP = /[，。；,;!！?？ ]/;

interface Span {
  field: Field;
  start: number;
  end: number;
  value: string;
}

function labelledFields(text: string): Span[] {
  const found: (Span & { open: boolean; nameOnly?: true })[] = [];
  for (const m of text.matchAll(LABEL_RE)) {
    const field = FIELD_OF.get(m[1] ?? '') ?? 'demand';
    const colon = m[2] === ':';
    const at = m.index + m[0].length;
    const sticky = field === 'idNumber' ? ID_AT : field === 'phone' ? PHONE_AT : null;
    if (sticky) {
      sticky.lastIndex = at;
      const v = sticky.exec(text);
      if (v) found.push({ field, start: m.index, end: at + v[0].length, value: v[0], open: false });
      else if (colon) found.push({ field, start: m.index, end: at, value: '', open: true });
    } else if (colon) {
      found.push({ field, start: m.index, end: at, value: '', open: field !== 'demand' });
    } else if (m[1] === '姓名' && !m[2]) {
      // 姓名张三: a field only if a name follows
      found.push({ field, start: m.index, end: at, value: '', open: true, nameOnly: true });
    }
  }
  // an open value runs to the next stop or the next label
  return found.flatMap((s, i) => {
    if (!s.open) return [s];
    const next = found[i + 1]?.start ?? text.length;
    const stop = text.slice(s.end, next).search(VALUE_STOP);
    const end = stop < 0 ? next : s.end + stop;
    const value = text.slice(s.end, end).trim();
    if (s.nameOnly && asName(value, false) === null) return [];
    // 联系人：李女士 18900001111 — the number belongs to the labelled name
    PHONE_AFTER_NAME.lastIndex = end;
    const phone = s.field === 'name' ? PHONE_AFTER_NAME.exec(text) : null;
    const span: Span = { field: s.field, start: s.start, end, value };
    if (!phone || (found[i + 1]?.start ?? text.length) < end + phone[0].length) return [span];
    return [span, { field: 'phone', start: end, end: end + phone[0].length, value: phone[0].trim() }];
  });
}

function removeSpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + ' ';
    at = s.end;
  }
  out += text.slice(at);
  return out
    .replace(/ *([，,；;。！!？?：:]) */g, '$1')
    .replace(/([，,；;])[，,；;]+/g, '$1')
    .replace(/[，,；;]+(?=[。！!？?])/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/^[\s，,；;。:：]+|[\s，,；;:：]+$/g, '');
}

// ---------------------------------------------------------------- names

/** 2–4 Han characters; transliterated names (阿依·买买提) are longer and joined with ·. */
const NAME = /^(?:[\u4e00-\u9fa5]{2,4}|[\u4e00-\u9fa5]{1,6}(?:·[\u4e00-\u9fa5]{1,6}){1,2})$/;
/** 联系人：女儿刘芳 — the contact is 刘芳. */
const KIN = /^(?:女儿|儿子|孙子|孙女|外孙|妻子|丈夫|爱人|老伴|父亲|母亲|家属)/;
const NOT_A_NAME = /市民|群众|本人|业主|居民|住户|村民|网友|匿名|领导|市长|同志|老师|师傅|朋友|家长|某/;
/** Function words that do not occur in given names: 本人多次 / 本人于去年 are not names. */
const NOT_IN_GIVEN_NAME = /[的了是在与及去年日号想要被把对将让给我你他她们这那个些都也就还又不没很太吗呢吧啊请问]/;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由';
const COMPOUND_SURNAME = /^(?:欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|轩辕|令狐|端木|独孤|南宫|西门|呼延|申屠|钟离|闾丘|澹台)/;
const ROLE_THEN_NAME =
  /(?:住户|居民|业主|村民|市民|群众|职工|员工|家长|租户|店主|工人|学生|患者|家属|教师|老师|党员|农民工|司机|商户|个体户)([\u4e00-\u9fa5·]{2,5})$/;
const SELF_INTRO = /我的名字叫|我的名字是|本人姓名是|我叫|本人叫|本人是|我是|本人/g;
const INTRO_CUT = /我|家住|住在|现住|身份证|电话|手机|联系|反映|投诉|举报|咨询|请问|今年|现在|想|要|在|因|已|给/;
/** 王建军 5101… 反映：… — a name opening the SMS before the number or the verb. */
const LEADING_NAME = /^([\u4e00-\u9fa5·]{2,8})[ ，,](?=\d|反映|投诉|举报|咨询|求助)/;
const SIGNATURES = [
  /(?:^|[，。；,;!！?？ ])(?:市民|居民|村民|业主|群众|住户)?([\u4e00-\u9fa5·]{2,5}) ?(?:反映|敬上|留言|致谢)[。.!！]*$/,
  /[—-]{1,2} ?(?:市民|居民|村民|业主|住户)?([\u4e00-\u9fa5·]{2,5})[。.!！]*$/,
  /(?:市民|居民|村民|业主|住户)([\u4e00-\u9fa5·]{2,5})[。.!！]*$/,
];

/** `surnameCheck` for names guessed from prose: 我是外卖员 is not a name, 我是王秀英 is. */
function asName(raw: string | undefined, surnameCheck: boolean): string | null {
  const s = (raw ?? '').trim().replace(KIN, '');
  if (!NAME.test(s) || NOT_A_NAME.test(s) || NOT_IN_GIVEN_NAME.test(s.slice(1))) return null;
  if (surnameCheck && !s.includes('·') && !COMPOUND_SURNAME.test(s) && !SURNAMES.includes(s[0] ?? '')) return null;
  return s;
}

function nameFromProse(text: string): string | null {
  for (const m of text.matchAll(SELF_INTRO)) {
    const rest = text.slice(m.index + m[0].length);
    const stop = rest.search(VALUE_STOP);
    const phrase = stop < 0 ? rest : rest.slice(0, stop);
    const cut = phrase.search(INTRO_CUT);
    const head = cut < 0 ? phrase : phrase.slice(0, cut);
    const strong = !m[0].endsWith('是') && m[0] !== '本人';
    const name = asName(head, !strong) ?? asName(ROLE_THEN_NAME.exec(head)?.[1], true);
    if (name) return name;
  }
  for (const re of [LEADING_NAME, ...SIGNATURES]) {
    const name = asName(re.exec(text)?.[1], true);
    if (name) return name;
  }
  return null;
}

// ---------------------------------------------------------------- address and unit phrases

/** Words that end the phrase before an address or unit: 我是|投诉|反映|在 … 幸福小区. */
const BOUNDARY =
  /的|在|了|是|被|把|我们|咱们|我|你们|您|他们|这个|那个|该|本人|投诉|举报|反映|批评|表扬|感谢|咨询|请问|请|一下|关于|建议|希望|要求|您好|你好|市长|领导|今年|去年|昨天|今天|当天|第二天|上周|最近|后来|马上|多次|干部|工作人员|上班|给|对|到|去|从|与|及|、|家住|住在|位于|现住/g;
const CLAUSE = /[^，。；,;!！?？: ]+/g;
const ADDRESS_END =
  /小区|社区|村(?![民委里口干])|路\d+号院?|街(?![道上头边])|[\dA-Za-z一二三四五六七八九十]+(?:栋|幢|单元|号楼|室)(?:\d+(?:-\d+)?(?:室|号)?)?/g;
const UNIT_END =
  /街道办事处|办事处|委员会|居委会|村委会|办公室|派出所|公司|中心|街道办|街道|政府|医院|学校|[大支中]队|厂(?![家区房长])|物业(?!费|管理费)|局(?![长面限])|委(?![托屈婉员])|(?<=[道府访治贫管建迁置改明])办(?![理法证了的完好成不]|事(?!处))|镇|乡(?![下亲村镇])/g;
const LIVES_AT = /(?:家住|住在|现住|居住在|位于)(?:在|于)?([^，。；,;!！?？ ]{2,40}?)(?=的|[，。；,;!！?？ ]|$)/;

interface Phrase {
  start: number;
  end: number;
  value: string;
}

/**
 * Phrases ending in one of `ends` (幸福小区3栋, 市住建局房管中心), each starting after the last
 * boundary word before it; suffixes with no boundary between them make one phrase.
 */
function phrases(text: string, ends: RegExp, minPrefix: (suffix: string) => number): Phrase[] {
  const out: Phrase[] = [];
  for (const clause of text.matchAll(CLAUSE)) {
    const c = clause[0];
    const bounds = [...c.matchAll(BOUNDARY)].map((b) => ({ start: b.index, end: b.index + b[0].length }));
    let last: Phrase | null = null;
    let lastFrom = -1; // the boundary the last phrase started after
    for (const e of c.matchAll(ends)) {
      const from = bounds.filter((b) => b.end <= e.index).reduce((at, b) => Math.max(at, b.end), 0);
      if (bounds.some((b) => b.start < e.index + e[0].length && b.end > e.index)) continue;
      if (e.index - from < minPrefix(e[0])) continue;
      const end = clause.index + e.index + e[0].length;
      if (last && lastFrom === from) {
        // 市住建局和区城管局: the first unit named leads (首问负责制), so 和 starts a new phrase
        if (text.startsWith('和', last.end)) out.push((last = { start: last.end + 1, end, value: '' }));
        else last.end = end;
      } else {
        out.push((last = { start: clause.index + from, end, value: '' }));
      }
      lastFrom = from;
      last.value = text.slice(last.start, last.end);
    }
  }
  return out;
}

function addressFromProse(text: string): Phrase | null {
  const lives = LIVES_AT.exec(text);
  if (lives?.[1]) {
    const start = lives.index + lives[0].length - lives[1].length;
    return { start, end: start + lives[1].length, value: lives[1] };
  }
  const minPrefix = (s: string) => (/^(小区|社区|村|街)$/.test(s) ? 2 : 1);
  return phrases(text, ADDRESS_END, minPrefix).find((p) => p.value.length >= 3 && p.value.length <= 40) ?? null;
}

function unitFromProse(text: string, address: Phrase | null): string | null {
  const minPrefix = (s: string) => (/^(中心|镇|乡)$/.test(s) ? 2 : 1);
  const inAddress = (p: Phrase) => address !== null && p.start >= address.start && p.end <= address.end;
  const p = phrases(text, UNIT_END, minPrefix).find((x) => !inAddress(x) && x.value.length >= 2);
  return p ? p.value.slice(-20) : null;
}

// ---------------------------------------------------------------- title and kind

const GREETING =
  /^(?:尊敬的[\u4e00-\u9fa5]{0,6}?(?:市长|县长|区长|书记|局长|领导|主任)们?|[\u4e00-\u9fa5]{0,6}?(?:市长|县长|区长|书记|局长|领导|主任)(?:您好|你好|好|(?=[:：]))|您好|你好)[，,:：!！。 ]*/;
const INTRO_CLAUSE = /^(?:我是|我叫|本人|我家住|家住|住在|我住|我们是)/;

function titleOf(demand: string, name: string | null): string {
  let text = demand;
  for (let g = GREETING.exec(text); g && g[0].length > 0; g = GREETING.exec(text)) text = text.slice(g[0].length);
  // numbers, the name and a leading 反映： are not what the case is about (and a title is seen by more people)
  const topic = (clause: string) =>
    clause
      .replace(ID_ANY, ' ')
      .replace(PHONE_ANY, ' ')
      .split(' ')
      .filter((w) => /[\u4e00-\u9fa5]/.test(w) && w !== name)
      .join(' ')
      .replace(/^(?:反映|诉求|内容|问题)[:：] ?/, '');
  const clauses = text.split(/[，。；,;!！?？]+/).map(topic).filter((c) => c.length > 0);
  const first = clauses.find((c) => !INTRO_CLAUSE.test(c)) ?? clauses[0] ?? demand;
  const chars = Array.from(first);
  return chars.length <= 30 ? first : `${chars.slice(0, 29).join('')}…`;
}

/** A polite closing (…请尽快处理，谢谢！) is not praise. */
const SIGN_OFF = /[，,。！!]\s*(?:先|再次)?(?:谢谢|感谢|多谢)(?:您|你们|领导|政府)?(?:了)?[。！!]*$/;
const KIND_RULES: readonly (readonly [Kind, RegExp])[] = [
  ['tip_off', /举报/],
  ['complaint', /投诉|不作为|乱作为|乱收费|扰民|噪音|推诿|刁难|拖欠|欠薪|态度恶劣|态度很差|乱停|乱排/],
  ['suggestion', /建议|希望.{0,30}?(?:增设|增加|开通|设置|安装|延长|加装)|增设/],
  ['praise', /表扬|感谢|点赞|锦旗/],
  ['criticism', /批评/],
  ['consultation', /咨询|请问|怎么(?:办理|补办|申请|办)|在哪(?:里)?办|如何|吗[?？]|需要(?:哪些|什么)材料/],
  ['help', /求助|帮忙|帮帮|救助|困难|救命/],
];

/**
 * Keyword rules, in order: 举报 → tip_off; 投诉/不作为/乱收费/扰民… → complaint; 建议/希望…增设 →
 * suggestion; 表扬/感谢/点赞 → praise; 批评 → criticism; 咨询/请问/怎么办理/如何/吗？ → consultation;
 * 求助/帮忙/救助/困难 → help; default 'complaint'. The seven kinds of DOMAIN.md §4.
 */
export function guessKind(text: string): Kind {
  const t = text.replace(SIGN_OFF, '');
  return KIND_RULES.find(([, re]) => re.test(t))?.[0] ?? 'complaint';
}

// ---------------------------------------------------------------- parseSms

/** S3: the unit, name, address, ID number and demand of one SMS (one SMS = one case). */
export function parseSms(text: string): ParsedSms {
  const display = halfWidth(text); // keeps ：, same length and offsets as the parsed form
  const parsed = display.replace(/：/g, ':');
  const fields = labelledFields(parsed);
  const labelled = (f: Field) => fields.filter((s) => s.field === f).map((s) => s.value);

  const demand = removeSpans(display, fields) || display;
  const prose = demand.replace(/：/g, ':');

  const ids = [...labelled('idNumber'), ...[...parsed.matchAll(ID_ANY)].map((m) => m[0])];
  const id = ids.find((v) => isValidIdNumber(v));
  const phones = [...labelled('phone'), ...[...parsed.matchAll(PHONE_ANY)].map((m) => m[0])];
  const phone = phones.find((v) => v !== '' && isValidPhone(v));

  const proseAddress = addressFromProse(prose);
  const name = labelled('name').map((v) => asName(v, false)).find((v) => v !== null) ?? nameFromProse(prose);
  const labelledUnit = labelled('unit').find((v) => v.length >= 2 && v.length <= 20);
  return {
    name,
    idNumber: id ? id.toUpperCase() : null,
    address: labelled('address').find((v) => v.length >= 2) ?? proseAddress?.value ?? null,
    unit: labelledUnit ?? unitFromProse(prose, proseAddress),
    phone: phone ? normalizePhone(phone) : null,
    demand,
    title: titleOf(demand, name),
    kind: guessKind(demand),
  };
}

// ---------------------------------------------------------------- long SMS

/**
 * A long SMS arrives as parts (concatenated SMS, UDH part i of n). Joined in part order once all
 * of 1..total are in; a part delivered twice counts once; null while parts are missing.
 */
export function joinSmsParts(parts: readonly SmsPart[]): string | null {
  const total = parts[0]?.total;
  if (total === undefined) return null;
  if (!Number.isInteger(total) || total < 1) {
    throw new DomainError('validation.failed', `长短信总段数无效：${total}`, `bad SMS part total ${total}`);
  }
  const texts = new Map<number, string>();
  for (const p of parts) {
    if (p.total !== total) {
      throw new DomainError('validation.failed', '长短信各段的总段数不一致', 'the parts of a long SMS disagree on the total');
    }
    if (!Number.isInteger(p.part) || p.part < 1 || p.part > total) {
      throw new DomainError('validation.failed', `长短信分段序号无效：${p.part}/${total}`, `bad SMS part ${p.part}/${total}`);
    }
    if (!texts.has(p.part)) texts.set(p.part, p.text);
  }
  if (texts.size < total) return null;
  let joined = '';
  for (let i = 1; i <= total; i++) joined += texts.get(i) ?? '';
  return joined;
}
