import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluate, lexiconModel, mergeModels, splitByHash, suggest, trainClassifier, type ClassifierModel, type TrainingDoc } from './classifier';
import { DomainError } from '../errors';

const doc = (text: string, label: string): TrainingDoc => ({ tokens: text.split(' '), label });

// Tokens as segment() gives them for a few typical 12345 requests.
const CORPUS: TrainingDoc[] = [
  doc('工地 夜间 施工 噪音 扰民 睡觉', 'env.noise'),
  doc('楼下 烧烤 噪音 扰民 深夜', 'env.noise'),
  doc('广场舞 音响 噪音 扰民 小区', 'env.noise'),
  doc('施工 噪音 凌晨 渣土车', 'env.noise'),
  doc('物业 物业费 上涨 业主 小区', 'urban.property'),
  doc('物业 不作为 垃圾 楼道 小区', 'urban.property'),
  doc('物业费 收费 标准 业主大会', 'urban.property'),
  doc('工资 拖欠 老板 工地 农民工', 'labour.wage'),
  doc('拖欠 工资 三个月 公司', 'labour.wage'),
];

describe('trainClassifier', () => {
  const model = trainClassifier(CORPUS);

  it('keeps the labels sorted and counts documents and tokens per label', () => {
    expect(model.labels).toEqual(['env.noise', 'labour.wage', 'urban.property']);
    expect(model.docCounts).toEqual([4, 2, 3]);
    expect(model.tokenTotals).toEqual([20, 9, 14]);
    const i = model.vocabulary.indexOf('噪音');
    expect(model.docFreq[i]).toBe(4);
    expect(model.postingLabels[i]).toEqual([0]);
    expect(model.postingCounts[i]).toEqual([4]);
  });

  it('does not depend on the order of the documents', () => {
    expect(trainClassifier([...CORPUS].reverse())).toEqual(model);
  });

  it('drops tokens seen in fewer than minDf documents and keeps the maxVocab most frequent', () => {
    const pruned = trainClassifier(CORPUS, { minDf: 2 });
    expect(pruned.vocabulary).toContain('噪音');
    expect(pruned.vocabulary).not.toContain('广场舞');
    expect(pruned.vocabulary.every((_, i) => pruned.docFreq[i]! >= 2)).toBe(true);
    const top2 = trainClassifier(CORPUS, { maxVocab: 2 });
    // 噪音 (4 docs) and then 小区, 扰民 (3 docs each): ties go by code point
    expect(top2.vocabulary).toEqual(['噪音', ...['小区', '扰民'].sort().slice(0, 1)]);
  });

  it('rejects a non-positive alpha', () => {
    expect(() => trainClassifier(CORPUS, { alpha: 0 })).toThrow(DomainError);
  });
});

describe('suggest', () => {
  const model = trainClassifier(CORPUS);

  it('suggests the obvious category', () => {
    expect(suggest(model, ['晚上', '噪音', '扰民', '施工'])[0]!.label).toBe('env.noise');
    expect(suggest(model, ['物业', '物业费', '乱收费'])[0]!.label).toBe('urban.property');
    expect(suggest(model, ['拖欠', '工资'])[0]!.label).toBe('labour.wage');
  });

  it('returns at most k suggestions, best first, with probabilities that sum to at most 1', () => {
    const s = suggest(model, ['噪音', '小区']);
    expect(s).toHaveLength(3);
    const all = suggest(model, ['噪音', '小区'], 10);
    expect(all).toHaveLength(3);
    expect(all.reduce((sum, x) => sum + x.confidence, 0)).toBeCloseTo(1, 12);
    expect(suggest(model, ['噪音', '小区'], 1)).toHaveLength(1);
    for (const x of s) {
      expect(x.confidence).toBeGreaterThanOrEqual(0);
      expect(x.confidence).toBeLessThanOrEqual(1);
    }
    expect(s[0]!.confidence).toBeGreaterThanOrEqual(s[1]!.confidence);
    expect(s[1]!.confidence).toBeGreaterThanOrEqual(s[2]!.confidence);
  });

  it('is confident when the words are unambiguous and hesitant when they are shared', () => {
    expect(suggest(model, ['噪音', '扰民', '施工'])[0]!.confidence).toBeGreaterThan(0.9);
    // 工地 is in one noise complaint and one wage complaint
    expect(suggest(model, ['工地'])[0]!.confidence).toBeLessThan(0.7);
  });

  it('explains a noise complaint by 噪音, with weights rounded to 3 decimals', () => {
    const [top] = suggest(model, ['晚上', '噪音', '施工', '物业']);
    expect(top!.label).toBe('env.noise');
    expect(top!.terms[0]!.term).toBe('噪音');
    expect(top!.terms.map((t) => t.term)).toContain('施工');
    // 物业 is a property word: it lowered env.noise, so it does not explain it
    expect(top!.terms.map((t) => t.term)).not.toContain('物业');
    for (const t of top!.terms) {
      expect(t.weight).toBeGreaterThan(0);
      expect(Math.round(t.weight * 1000) / 1000).toBe(t.weight);
    }
  });

  it('counts a repeated token as often as it occurs and lists at most 5 terms', () => {
    const once = suggest(model, ['噪音'])[0]!;
    const twice = suggest(model, ['噪音', '噪音'])[0]!;
    expect(twice.terms[0]!.weight).toBeCloseTo(2 * once.terms[0]!.weight, 2);
    expect(twice.confidence).toBeGreaterThan(once.confidence);
    expect(suggest(model, '工地 夜间 施工 噪音 扰民 睡觉 楼下 烧烤 深夜'.split(' '))[0]!.terms.length).toBe(5);
  });

  it('ignores unknown tokens and returns [] when no token is known', () => {
    expect(suggest(model, ['噪音', '火星人'])).toEqual(suggest(model, ['噪音']));
    expect(suggest(model, ['火星人', '外星'])).toEqual([]);
    expect(suggest(model, [])).toEqual([]);
  });

  it('predicts the same after a JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(model)) as ClassifierModel;
    for (const text of ['噪音 施工', '物业 小区', '工地', '拖欠 工资 小区']) {
      expect(suggest(stored, text.split(' '))).toEqual(suggest(model, text.split(' ')));
    }
  });

  it('rejects a model of another version', () => {
    const other = { ...model, version: 2 } as unknown as ClassifierModel;
    expect(() => suggest(other, ['噪音'])).toThrow(DomainError);
  });
});

describe('mergeModels', () => {
  it('adds the counts: two halves merged equal the model of the whole', () => {
    const a = trainClassifier(CORPUS.slice(0, 5));
    const b = trainClassifier(CORPUS.slice(5));
    const merged = mergeModels(a, b);
    const whole = trainClassifier(CORPUS);
    expect(merged.labels).toEqual(whole.labels);
    expect(merged.docCounts).toEqual([4, 2, 3]);
    expect(merged.tokenTotals).toEqual(whole.tokenTotals);
    const i = merged.vocabulary.indexOf('小区');
    expect(merged.docFreq[i]).toBe(3);
    expect(merged.postingCounts[i]).toEqual([1, 2]);
    expect(suggest(merged, ['工地', '小区'])).toEqual(suggest(whole, ['工地', '小区']));
  });

  it('keeps the labels only one side has', () => {
    const merged = mergeModels(trainClassifier(CORPUS), trainClassifier([doc('路灯 不亮', 'urban.light')]));
    expect(merged.labels).toContain('urban.light');
    expect(suggest(merged, ['路灯'])[0]!.label).toBe('urban.light');
  });
});

describe('lexiconModel (cold start)', () => {
  const lexicon = {
    'env.noise': ['噪音', '扰民', '施工', '噪声'],
    'urban.property': ['物业', '物业费', '业主'],
    'sdqr.water': ['停水', '水压', '自来水'],
  };

  it('suggests from keywords alone, one pseudo-document per label', () => {
    const model = lexiconModel(lexicon);
    expect(model.docCounts).toEqual([1, 1, 1]);
    expect(model.postingCounts[model.vocabulary.indexOf('停水')]).toEqual([3]);
    expect(suggest(model, ['小区', '停水', '三天'])[0]!.label).toBe('sdqr.water');
    expect(suggest(model, ['噪声', '晚上'])[0]!).toMatchObject({ label: 'env.noise', terms: [{ term: '噪声' }] });
    expect(lexiconModel(lexicon, 5).postingCounts[0]).toEqual([5]);
  });

  it('merged into a trained model, it adds labels that have no cases yet', () => {
    const model = mergeModels(trainClassifier(CORPUS), lexiconModel(lexicon));
    expect(model.docCounts).toEqual([5, 2, 1, 4]);
    expect(suggest(model, ['自来水', '停水'])[0]!.label).toBe('sdqr.water');
    expect(suggest(model, ['噪音', '施工'])[0]!.label).toBe('env.noise');
  });

  it('rejects a non-positive weight', () => {
    expect(() => lexiconModel(lexicon, 0)).toThrow(DomainError);
  });
});

describe('evaluate', () => {
  const model = trainClassifier(CORPUS);

  it('gives top-1 and top-3 accuracy on a toy set with known answers', () => {
    const result = evaluate(model, [
      doc('噪音 扰民', 'env.noise'), // right
      doc('物业费 业主', 'urban.property'), // right
      doc('拖欠 工资', 'labour.wage'), // right
      doc('噪音 扰民', 'urban.property'), // wrong at 1, in the top 3 (only 3 labels)
      doc('火星人', 'env.noise'), // no known token: a miss at 1 and at 3
    ]);
    expect(result).toEqual({ n: 5, top1: 3 / 5, top3: 4 / 5 });
  });

  it('is 0 on no documents', () => {
    expect(evaluate(model, [])).toEqual({ n: 0, top1: 0, top3: 0 });
  });
});

describe('splitByHash', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `case-${i}`);

  it('is deterministic and puts every item on exactly one side', () => {
    const a = splitByHash(ids, (x) => x);
    const b = splitByHash([...ids].reverse(), (x) => x);
    expect(new Set(a.test)).toEqual(new Set(b.test));
    expect(a.train.length + a.test.length).toBe(ids.length);
    expect(a.test.filter((x) => a.train.includes(x))).toEqual([]);
    expect(a.test.length).toBeGreaterThan(150);
    expect(a.test.length).toBeLessThan(250);
  });

  it('sends about testShare of any set of distinct ids to test', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 800, maxLength: 1200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (items, share) => {
          const { train, test } = splitByHash(items, (x) => x, share);
          expect(train.length + test.length).toBe(items.length);
          // binomial: 5 standard deviations either side, at most ±0.08 for n ≥ 800
          expect(Math.abs(test.length / items.length - share)).toBeLessThan(0.09);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps an item on the test side when the share grows', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (id, s1, s2) => {
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        if (splitByHash([id], (x) => x, lo).test.length === 1) expect(splitByHash([id], (x) => x, hi).test).toEqual([id]);
      }),
    );
  });

  it('puts nothing in test at 0 and everything at 1, and rejects a share outside 0–1', () => {
    expect(splitByHash(ids, (x) => x, 0).test).toEqual([]);
    expect(splitByHash(ids, (x) => x, 1).train).toEqual([]);
    expect(() => splitByHash(ids, (x) => x, 1.5)).toThrow(DomainError);
  });
});
