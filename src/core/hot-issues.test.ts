import { describe, expect, it } from 'vitest';
import { hotIssues, keywordsOf } from './hot-issues';
import { mulberry32 } from './random';

const TOPICS = [
  { n: 20, core: ['烧烤', '油烟', '扰民'], extra: ['夜间', '小区', '楼下', '噪音', '商户'] },
  { n: 14, core: ['路灯', '不亮', '照明'], extra: ['晚上', '道路', '出行', '小区', '门口'] },
  { n: 9, core: ['拖欠', '工资', '农民工'], extra: ['工地', '老板', '讨薪', '春节', '项目'] },
];

function dataset() {
  const rand = mulberry32(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const items: { id: string; tokens: string[]; topic: number }[] = [];
  TOPICS.forEach((t, topic) => {
    for (let i = 0; i < t.n; i++) items.push({ id: `${topic}-${i}`, topic, tokens: [...t.core, pick(t.extra), pick(t.extra), pick(['希望', '尽快', '反映'])] });
  });
  const noise = ['公积金', '提取', '医保', '报销', '户口', '迁移', '社保', '转移', '驾照', '换证'];
  for (let i = 0; i < 6; i++) items.push({ id: `noise-${i}`, topic: -1, tokens: [noise[(2 * i) % 10]!, noise[(2 * i + 1) % 10]!] });
  // shuffled, as cases arrive
  return items.sort(() => rand() - 0.5);
}

describe('hot issues', () => {
  it('finds the three topics, largest first, each with its own words and all its cases', () => {
    const items = dataset();
    const issues = hotIssues(items, { top: 5 });
    expect(issues.slice(0, 3).map((i) => i.count)).toEqual([20, 14, 9]);
    TOPICS.forEach((t, k) => {
      expect(issues[k]!.keywords.every((w) => t.core.includes(w) || t.extra.includes(w))).toBe(true);
      const topics = new Set(issues[k]!.ids.map((id) => items.find((x) => x.id === id)!.topic));
      expect([...topics]).toEqual([k]);
    });
    // one-off cases are not a hot issue
    expect(issues.every((i) => i.count >= 2)).toBe(true);
  });

  it('weighs words by rarity: a word in every case is not a keyword', () => {
    const df = new Map([['问题', 100], ['油烟', 3]]);
    expect(keywordsOf(['问题', '问题', '油烟'], df, 100, 1)).toEqual(['油烟']);
  });

  it('does not pull an unrelated case into a group over one shared word', () => {
    const bbq = Array.from({ length: 4 }, (_, i) => ({ id: `bbq${i}`, tokens: ['小区', '烧烤', '油烟', '扰民', '窗户', '开窗', '城管', `地点${i}`] }));
    const water = { id: 'water', tokens: ['小区', '突然', '停水', '通知', '早上'] };
    const lift = { id: 'lift', tokens: ['小区', '电梯', '故障', '困人', '记者'] };
    const issues = hotIssues([...bbq, water, lift]);
    expect(issues[0]!.ids.sort()).toEqual(['bbq0', 'bbq1', 'bbq2', 'bbq3']);
    expect(issues.flatMap((i) => i.ids)).not.toContain('water');
  });

  it('gives nothing for nothing', () => {
    expect(hotIssues([])).toEqual([]);
    expect(hotIssues([{ id: 'a', tokens: [] }])).toEqual([]);
  });
});
