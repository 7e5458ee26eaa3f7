import { describe, expect, it } from 'vitest';
import { extractText, extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import {
  chineseNumeral,
  formatShanghaiTime,
  renderSpecialReportPdf,
  renderSupervisionOrderPdf,
  type CaseSummary,
  type SpecialReportDoc,
  type SupervisionOrderDoc,
} from './pdf';

/** Removes all whitespace, so text split or spaced differently by the PDF still compares equal. */
const squash = (s: string) => s.replace(/\s+/g, '');

async function read(buf: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { pdf, text: squash(text), totalPages };
}

const PARAGRAPHS = [
  '本人系临江市江北区滨江路88号幸福家园小区7栋2单元住户。自今年2月中旬起，小区东侧“滨江壹号”项目工地几乎每天夜间22时以后仍在进行混凝土浇筑和钢筋切割作业，搅拌车、泵车进出频繁，机械轰鸣声、金属撞击声一直持续到凌晨两三点，严重影响周边居民的正常休息。',
  '小区内老人和小孩较多，我家老人患有高血压，长期睡眠不足后血压明显升高，孩子今年参加中考，夜里经常被噪音吵醒，白天上课精神恍惚。楼上楼下不少邻居也有同样的困扰，大家在业主群里多次讨论，情绪比较激动，担心矛盾进一步激化。',
  '我们曾多次找小区物业反映，物业表示工地不归他们管理；也曾到工地门口找施工单位负责人，对方称已办理夜间施工许可，但始终无法出示相关证明。我们拨打过110，民警到场后工地暂停了半个小时，民警离开后又恢复施工。',
  '此外，工地渣土车夜间驶出时未按规定冲洗车轮、覆盖篷布，滨江路沿线路面泥土、碎石遍地，白天尘土飞扬，雨天泥泞不堪，行人和电动车通行存在安全隐患。工地围挡有多处破损，部分建筑材料堆放在人行道上，占用了盲道。',
  '恳请有关部门：一是核实该工地是否取得夜间施工许可，如无许可，依法查处并责令停止夜间施工；二是督促施工单位落实降噪、防尘措施，规范渣土车辆管理；三是对破损围挡和占道堆放问题限期整改；四是将处理结果及时告知我们小区居民。',
  '以上情况属实，周边居民可以作证，我们也保存了夜间施工的录音和视频资料，如有需要可以提供。希望政府部门高度重视，切实解决群众反映强烈的问题，还居民一个安静、整洁的生活环境。谢谢！',
];

/** About 3,000 characters of a realistic complaint, as several paragraphs. */
const LONG_CONTENT = Array.from({ length: 14 }, (_, i) => `（${chineseNumeral(i + 1)}）${PARAGRAPHS[i % PARAGRAPHS.length]}`).join('\n');

const INSTRUCTIONS: CaseSummary['instructions'] = [
  { at: new Date('2026-03-02T01:20:00Z'), by: '王建国 副市长', text: '请市生态环境局牵头，会同江北区政府和市住建局立即开展联合执法检查，依法依规严肃处理，三日内将处理结果报市政府办公室。' },
  { at: new Date('2026-03-02T06:45:00Z'), by: '刘卫东 秘书长', text: '请热线中心跟踪督办，每日报告进展，确保群众诉求件件有回音。' },
  { at: new Date('2026-03-03T00:10:00Z'), by: '陈晓梅 区长', text: '江北区住建局、滨江街道要主动靠前，做好居民解释沟通工作，防止矛盾激化。' },
];

const LONG_CASE: CaseSummary = {
  caseNo: 'LJ20260301000123',
  title: '幸福家园小区东侧工地夜间施工噪音扰民及渣土车污染路面',
  kindLabel: '投诉',
  channelLabel: '12345热线电话',
  urgencyLabel: '紧急',
  createdAt: new Date('2026-03-01T02:15:00Z'),
  address: '临江市江北区滨江路88号幸福家园小区东侧“滨江壹号”项目工地',
  content: LONG_CONTENT,
  citizen: '张** 138****5678',
  leadUnit: '临江市生态环境局',
  coUnits: ['临江市住房和城乡建设局', '江北区城市管理局', '江北区滨江街道办事处'],
  stateLabel: '办理中',
  dueAt: new Date('2026-03-06T10:00:00Z'),
  latestReply: '我局已于3月2日夜间会同江北区住建局到现场检查，该工地未取得夜间施工许可，已责令立即停止夜间施工，并对施工单位立案调查。',
  finalReply: null,
  instructions: INSTRUCTIONS,
};

const SHORT_CASE: CaseSummary = {
  caseNo: 'LJ20260305000456',
  title: '人民路与解放路交叉口红绿灯故障',
  kindLabel: '求助',
  channelLabel: '政务服务网',
  urgencyLabel: '一般',
  createdAt: new Date('2026-03-05T08:30:00Z'),
  address: null,
  content: '人民路与解放路交叉口东西向红绿灯已经连续三天不亮，早晚高峰车辆拥堵严重，存在安全隐患，请尽快维修。',
  citizen: null,
  leadUnit: '临江市公安局交通警察支队',
  coUnits: [],
  stateLabel: '已办结',
  dueAt: null,
  latestReply: '已安排维修人员于3月6日上午更换信号灯控制器，现已恢复正常。',
  finalReply: '您好，您反映的人民路与解放路交叉口信号灯故障问题，已于3月6日修复，感谢您的监督。',
  instructions: [],
};

const OPEN_ORDER: SupervisionOrderDoc = {
  orderNo: '临江督〔2026〕12号',
  kind: 'supervision',
  issuer: '临江市12345政务服务便民热线中心',
  issuedBy: '李明 副主任',
  issuedAt: new Date('2026-03-02T03:00:00Z'),
  dueAt: new Date('2026-03-05T10:00:00Z'),
  unitName: '临江市生态环境局',
  requirement: '该诉求已经市领导批示，请你单位高度重视，于3个工作日内会同相关部门现场核查，依法依规处理，并将办理结果书面报送市12345热线中心。逾期未反馈的，将按规定进行通报。',
  status: 'open',
  response: null,
  respondedAt: null,
  respondedBy: null,
  case: LONG_CASE,
};

const RESPONDED_ORDER: SupervisionOrderDoc = {
  ...OPEN_ORDER,
  orderNo: '临江交〔2026〕7号',
  kind: 'key_item',
  unitName: '临江市公安局交通警察支队',
  requirement: '请于2个工作日内修复信号灯并反馈。',
  status: 'responded',
  response: '我支队已于3月6日上午完成人民路与解放路交叉口信号灯控制器更换，经测试运行正常，并已电话告知诉求人。',
  respondedAt: new Date('2026-03-06T04:00:00Z'),
  respondedBy: '赵刚',
  case: SHORT_CASE,
};

const REPORT: SpecialReportDoc = {
  reportNo: '专报〔2026〕3号',
  title: '关于近期建筑工地夜间施工噪音投诉集中情况的专报',
  summary: '3月1日至3月7日，市12345热线共受理建筑工地夜间施工噪音类诉求326件，环比上升41.2%，主要集中在江北区、城南新区，反映问题包括无证夜间施工、渣土车污染路面、围挡破损等。现将重点诉求报告如下，建议由市生态环境局牵头开展专项整治。',
  author: '周敏',
  unitName: '临江市12345政务服务便民热线中心',
  createdAt: new Date('2026-03-07T09:00:00Z'),
  submittedAt: null,
  cases: [LONG_CASE, SHORT_CASE, { ...SHORT_CASE, caseNo: 'LJ20260306000789', title: '城南新区工地渣土车沿途抛洒' }],
};

describe('formatShanghaiTime', () => {
  it('prints Asia/Shanghai wall time, whatever the machine zone', () => {
    expect(formatShanghaiTime(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02 00:30');
    expect(formatShanghaiTime(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31 23:59');
    expect(formatShanghaiTime(new Date(Number.NaN))).toBe('—');
  });
});

describe('chineseNumeral', () => {
  it('writes ordinals up to 99 and beyond', () => {
    const cases: [number, string][] = [
      [1, '一'], [9, '九'], [10, '十'], [11, '十一'], [19, '十九'], [20, '二十'], [21, '二十一'],
      [45, '四十五'], [90, '九十'], [99, '九十九'], [100, '一百'], [101, '一百零一'], [110, '一百一十'], [1005, '一千零五'],
    ];
    for (const [n, s] of cases) expect(chineseNumeral(n)).toBe(s);
  });
});

describe('renderSupervisionOrderPdf', () => {
  it('renders an open 督办单 with the case, instructions, page numbers and the feedback prompt', async () => {
    const buf = await renderSupervisionOrderPdf(OPEN_ORDER);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.length).toBeLessThan(2 * 1024 * 1024); // the fonts are subset

    const { pdf, text, totalPages } = await read(buf);
    for (const s of [
      '临江市12345政务服务便民热线中心',
      '督办单',
      OPEN_ORDER.orderNo,
      OPEN_ORDER.unitName,
      LONG_CASE.caseNo,
      LONG_CASE.title,
      OPEN_ORDER.requirement,
      '诉求摘要',
      '领导批示',
      '王建国副市长',
      INSTRUCTIONS[0]!.text,
      INSTRUCTIONS[2]!.text,
      '张**138****5678',
      '江北区城市管理局',
      '2026-03-02 11:00', // issued, in Shanghai time
      '2026-03-05 18:00', // due
      PARAGRAPHS[4]!,
      LONG_CASE.latestReply!,
      '承办单位反馈',
      '书面反馈',
    ]) {
      expect(text).toContain(squash(s));
    }
    expect(text).toContain(squash('（请于 2026-03-05 18:00 前书面反馈）'));

    expect(totalPages).toBeGreaterThan(1);
    expect(text).toContain(`第1页共${totalPages}页`);
    expect(text).toContain(`第${totalPages}页共${totalPages}页`);

    const { info } = await getMeta(pdf);
    expect(info).toMatchObject({ Title: '督办单 临江督〔2026〕12号', Author: '回音 Huiyin' });
    expect(String((info as Record<string, unknown>).CreationDate)).toMatch(/^D:20260302030000/);
  });

  it('renders a responded 重点事项交办单 with the response instead of the prompt', async () => {
    const buf = await renderSupervisionOrderPdf(RESPONDED_ORDER);
    const { text, totalPages } = await read(buf);
    for (const s of ['重点事项交办单', RESPONDED_ORDER.orderNo, RESPONDED_ORDER.unitName, SHORT_CASE.caseNo, RESPONDED_ORDER.requirement, RESPONDED_ORDER.response!, '赵刚', '2026-03-06 12:00', '匿名', SHORT_CASE.finalReply!]) {
      expect(text).toContain(squash(s));
    }
    expect(text).not.toContain('书面反馈');
    expect(text).not.toContain('领导批示');
    expect(text).toContain(`第1页共${totalPages}页`);
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const [a, b] = await Promise.all([renderSupervisionOrderPdf(RESPONDED_ORDER), renderSupervisionOrderPdf(RESPONDED_ORDER)]);
    expect(a.equals(b)).toBe(true);
  });

  it('wraps and flows long texts without overlapping or leaving the page', async () => {
    const buf = await renderSupervisionOrderPdf(OPEN_ORDER);
    const { items, totalPages } = await extractTextItems(await getDocumentProxy(new Uint8Array(buf)));
    expect(totalPages).toBeGreaterThan(1);
    const A4_WIDTH = 595.28;
    const A4_HEIGHT = 841.89;
    for (const page of items) {
      const boxes = page.filter((t) => t.str.trim() !== '').map((t) => ({ str: t.str, x0: t.x, x1: t.x + t.width, y0: t.y, y1: t.y + t.fontSize }));
      for (const b of boxes) {
        expect(b.x0).toBeGreaterThanOrEqual(60);
        expect(b.x1).toBeLessThanOrEqual(A4_WIDTH - 60);
        expect(b.y0).toBeGreaterThanOrEqual(0);
        expect(b.y1).toBeLessThanOrEqual(A4_HEIGHT);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const p = boxes[i]!;
          const q = boxes[j]!;
          const overlap = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 0.5 && Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0) > 0.5;
          expect(overlap, `${p.str} / ${q.str}`).toBe(false);
        }
      }
    }
  });
});

describe('renderSpecialReportPdf', () => {
  it('renders the header, the summary and one numbered section per case', async () => {
    const buf = await renderSpecialReportPdf(REPORT);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);

    const { text, totalPages } = await read(buf);
    for (const s of [
      '专报',
      REPORT.reportNo,
      REPORT.title,
      REPORT.unitName,
      REPORT.summary,
      '周敏',
      '未报送',
      '3 件',
      `一、${LONG_CASE.title}`,
      `二、${SHORT_CASE.title}`,
      '三、城南新区工地渣土车沿途抛洒',
      LONG_CASE.caseNo,
      SHORT_CASE.caseNo,
      'LJ20260306000789',
      INSTRUCTIONS[1]!.text,
    ]) {
      expect(text).toContain(squash(s));
    }
    expect(text.indexOf(squash(`一、${LONG_CASE.title}`))).toBeLessThan(text.indexOf(squash(`二、${SHORT_CASE.title}`)));
    expect(totalPages).toBeGreaterThan(1);
    expect(text).toContain(`第${totalPages}页共${totalPages}页`);
  });

  it('numbers many cases in Chinese', async () => {
    const cases = Array.from({ length: 12 }, (_, i) => ({ ...SHORT_CASE, caseNo: `LJ2026030600${String(i).padStart(4, '0')}`, title: `第${i + 1}件诉求` }));
    const { text } = await read(await renderSpecialReportPdf({ ...REPORT, submittedAt: new Date('2026-03-08T01:00:00Z'), cases }));
    expect(text).toContain('十二、第12件诉求');
    expect(text).toContain('2026-03-0809:00');
  });
});
