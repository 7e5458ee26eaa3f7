import { describe, expect, it } from 'vitest';
import { blockingFailures, checkReply, DEFAULT_REPLY_PHRASES, findPhrases } from './reply-quality';
import { quarterDays, quarterOf } from './criticism';

const NAMED = { anonymous: false, siteCheck: false };
const CONTACT = { contactedAt: new Date('2026-03-02T02:00:00Z'), citizenAttitude: '满意', photoCount: 0 };
const refused = (content: string, c = NAMED, extra = {}) => blockingFailures(checkReply({ content, ...CONTACT, ...extra }, c, DEFAULT_REPLY_PHRASES)).map((x) => x.code);

describe('reply checks (DOMAIN.md §7)', () => {
  it.each([
    '经查，该路段交通信号灯配时不合理，交警大队已将早高峰左转绿灯由15秒延长至28秒，自6月3日起执行。',
    '市文广旅局采纳该建议，市图书馆自7月1日起周末开放时间延长至21:00，新增自习座位160个。',
    '经现场核实，小区二次供水水箱清洗记录齐全，水质检测报告显示各项指标符合《生活饮用水卫生标准》，已向市民出示检测报告。',
    '该诉求不属于我局职责范围，依据《临江市物业管理条例》第二十条，应由业主委员会决定，已告知市民向所在社区反映。',
  ])('lets a concrete reply through: %s', (content) => {
    expect(refused(content)).toEqual([]);
  });

  it.each([
    ['正在联系处理中', '您反映的问题我单位正在联系处理中，感谢您的理解和支持，后续情况另行告知。'],
    ['已解释', '工作人员已与市民电话沟通，已解释，市民表示理解，此件按规定予以办结归档处理。'],
    ['将现场核实', '收到诉求后，我局将现场核实有关情况，若属实将依法依规严肃处理并及时反馈。'],
  ])('refuses “%s” wherever it stands, ignoring spaces', (phrase, content) => {
    expect(refused(content)).toContain('perfunctory_phrase');
    expect(findPhrases(content.replace(phrase, phrase.split('').join(' ')), DEFAULT_REPLY_PHRASES).map((p) => p.phrase)).toContain(phrase);
  });

  it('a warn-level phrase flags but does not refuse', () => {
    const checks = checkReply({ content: '经现场核查，供水管道已于当日18时抢修完毕，恢复正常供水，请耐心等待水质稳定。', ...CONTACT }, NAMED, DEFAULT_REPLY_PHRASES);
    const phrase = checks.find((x) => x.code === 'perfunctory_phrase')!;
    expect(phrase).toMatchObject({ passed: false, blocking: false, found: ['请耐心等待'] });
    expect(blockingFailures(checks)).toEqual([]);
  });

  it('refuses a reply too short, or with neither action, result nor anything concrete', () => {
    expect(refused('已处理。')).toContain('substance_length');
    expect(refused('经现场核查已修复。')).toEqual(['substance_length']);
    expect(refused('关于您反映的问题，我们非常重视，感谢您对我市各项工作的关心和支持，欢迎继续监督。')).toEqual(['substance_done', 'substance_result']);
    expect(blockingFailures(checkReply({ content: 'x'.repeat(10), ...CONTACT }, NAMED, DEFAULT_REPLY_PHRASES, 5)).map((x) => x.code)).not.toContain('substance_length');
  });

  it('asks a named citizen’s contact time and attitude; not an anonymous one’s', () => {
    const good = '经现场核查，井盖破损属实，已于11月3日更换为防盗井盖，目前道路通行正常。';
    expect(blockingFailures(checkReply({ content: good, photoCount: 0 }, NAMED, DEFAULT_REPLY_PHRASES)).map((x) => x.code)).toEqual(['citizen_contact', 'citizen_attitude']);
    expect(blockingFailures(checkReply({ content: good, photoCount: 0 }, { anonymous: true, siteCheck: false }, DEFAULT_REPLY_PHRASES))).toEqual([]);
    expect(checkReply({ content: good, photoCount: 0 }, { anonymous: true, siteCheck: false }, DEFAULT_REPLY_PHRASES).some((x) => x.code === 'citizen_contact')).toBe(false);
  });

  it('asks for photos only when an on-site check was required', () => {
    const good = '经现场核查，井盖破损属实，已于11月3日更换为防盗井盖，目前道路通行正常。';
    expect(refused(good, { anonymous: false, siteCheck: true })).toEqual(['site_photos']);
    expect(refused(good, { anonymous: false, siteCheck: true }, { photoCount: 2 })).toEqual([]);
  });
});

describe('assessment quarters (Asia/Shanghai)', () => {
  it('puts an instant in its Shanghai quarter', () => {
    expect(quarterOf(new Date('2026-03-31T15:59:59Z'))).toBe('2026Q1');
    expect(quarterOf(new Date('2026-03-31T16:00:00Z'))).toBe('2026Q2'); // 1 April 00:00 in Shanghai
    expect(quarterOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027Q1');
  });
  it('names a quarter’s first and last day', () => {
    expect(quarterDays('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterDays('2024Q1').to).toBe('2024-03-31');
    expect(quarterDays('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(() => quarterDays('2026Q5')).toThrow();
  });
});
