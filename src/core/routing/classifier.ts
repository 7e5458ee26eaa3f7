/**
 * Suggesting a case's category and handling unit from its words (issue: routing suggestions).
 *
 * A multinomial naive Bayes text classifier over jieba tokens, learnt from the platform's own
 * dispatched and closed cases (and from an import of historical ones), with a keyword lexicon as
 * a cold start for a new deployment. The dispatcher (派单员) still decides: this only ranks.
 *
 * The model is plain JSON (it is stored in the database and retrained nightly). It keeps the raw
 * counts, so two models can be merged, and the log-probabilities precomputed at training, so a
 * suggestion costs O(labels + the postings of its tokens) and never touches the unseen entries.
 * The log-probabilities are stored sparsely, per vocabulary token the labels it was seen with
 * (`postings*`), because a dense labels × vocabulary table (300 categories × 50,000 words) would be
 * 15 million numbers: in multinomial NB every unseen (token, label) pair has the same smoothed
 * probability within a label, `logUnseen[label]`, so only the seen pairs need a number.
 */
import { DomainError } from '../errors';

export interface TrainingDoc {
  tokens: readonly string[];
  label: string;
}

export interface ClassifierModel {
  version: 1;
  /** Lidstone smoothing added to every (token, label) count; 1 is Laplace. */
  alpha: number;
  /** Sorted by code point, so models trained on the same cases in any order are equal. */
  labels: string[];
  /** Training documents per label (aligned with `labels`); the priors. */
  docCounts: number[];
  /** Sum of the kept tokens' counts per label (aligned with `labels`). */
  tokenTotals: number[];
  /** The kept tokens, most frequent (by document frequency) first. */
  vocabulary: string[];
  /** Documents each token appears in (aligned with `vocabulary`). */
  docFreq: number[];
  /** Per token, the indices of the labels it was seen with, ascending (aligned with `vocabulary`). */
  postingLabels: number[][];
  /** Per token, its count in each of those labels (aligned with `postingLabels`). */
  postingCounts: number[][];
  /** Per token, log((count + α) / α): how much more likely the token is in that label than unseen. */
  postingLift: number[][];
  /** log P(label), from the document counts (aligned with `labels`). */
  logPrior: number[];
  /** log P(token | label) of a token never seen with the label: log(α / (total + α·|V|)). */
  logUnseen: number[];
}

export interface TrainOptions {
  /** Lidstone α, default 0.5. */
  alpha?: number;
  /** Drop tokens seen in fewer documents than this, default 1 (keep all). */
  minDf?: number;
  /** Keep at most this many tokens, the most frequent by document frequency, default 50,000. */
  maxVocab?: number;
}

export interface Suggestion {
  label: string;
  /** The softmax posterior over all labels, 0–1; the k suggestions sum to at most 1. */
  confidence: number;
  /**
   * Up to 5 of the text's tokens that most raised this label over the average label:
   * count × (log P(token | label) − mean over labels of log P(token | label)), rounded to 3 decimals.
   */
  terms: { term: string; weight: number }[];
}

const DEFAULT_ALPHA = 0.5;
const DEFAULT_MAX_VOCAB = 50_000;
const MAX_TERMS = 5;

function invalid(message: string, messageEn: string): DomainError {
  return new DomainError('validation.failed', message, messageEn);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Raw counts, the common ground of training, the lexicon and merging. */
interface Counts {
  /** label → documents */
  docs: Map<string, number>;
  /** label → token → count */
  tokens: Map<string, Map<string, number>>;
  /** token → documents */
  df: Map<string, number>;
}

/** Builds the stored model from counts: prunes the vocabulary, sorts, precomputes the logs. */
function build(counts: Counts, alpha: number, minDf: number, maxVocab: number): ClassifierModel {
  const labels = [...counts.docs.keys()].sort(byCodePoint);
  const kept = [...counts.df].filter(([, df]) => df >= minDf);
  // Most frequent first; ties by code point so the result does not depend on the input order.
  kept.sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]));
  if (kept.length > maxVocab) kept.length = maxVocab;
  const vocabulary = kept.map(([t]) => t);
  const docFreq = kept.map(([, df]) => df);
  const index = new Map(vocabulary.map((t, i) => [t, i]));

  const postingLabels: number[][] = vocabulary.map(() => []);
  const postingCounts: number[][] = vocabulary.map(() => []);
  const tokenTotals = labels.map(() => 0);
  labels.forEach((label, l) => {
    for (const [token, c] of counts.tokens.get(label) ?? []) {
      const i = index.get(token);
      if (i === undefined || c <= 0) continue;
      // Labels are visited in ascending order, so each posting list comes out sorted.
      postingLabels[i]!.push(l);
      postingCounts[i]!.push(c);
      tokenTotals[l]! += c;
    }
  });
  const docCounts = labels.map((l) => counts.docs.get(l) ?? 0);
  const totalDocs = docCounts.reduce((s, d) => s + d, 0);
  const v = vocabulary.length;
  return {
    version: 1,
    alpha,
    labels,
    docCounts,
    tokenTotals,
    vocabulary,
    docFreq,
    postingLabels,
    postingCounts,
    postingLift: postingCounts.map((cs) => cs.map((c) => Math.log((c + alpha) / alpha))),
    logPrior: docCounts.map((d) => Math.log(d / totalDocs)),
    logUnseen: tokenTotals.map((t) => Math.log(alpha / (t + alpha * v))),
  };
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw invalid('平滑参数必须为正数', 'alpha must be a positive number');
}

/**
 * Learns a model from labelled cases (title and content tokens → category code, or → lead unit
 * code). Streams its input, so a generator over 100,000 imported cases does not sit in memory
 * twice. Documents without a label are skipped.
 */
export function trainClassifier(docs: Iterable<TrainingDoc>, opts: TrainOptions = {}): ClassifierModel {
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const minDf = opts.minDf ?? 1;
  const maxVocab = opts.maxVocab ?? DEFAULT_MAX_VOCAB;
  checkAlpha(alpha);
  if (!(maxVocab >= 0)) throw invalid('词表上限不能为负', 'maxVocab must not be negative');
  const counts: Counts = { docs: new Map(), tokens: new Map(), df: new Map() };
  const seen = new Set<string>();
  for (const doc of docs) {
    if (!doc.label) continue;
    counts.docs.set(doc.label, (counts.docs.get(doc.label) ?? 0) + 1);
    let perLabel = counts.tokens.get(doc.label);
    if (!perLabel) counts.tokens.set(doc.label, (perLabel = new Map()));
    seen.clear();
    for (const t of doc.tokens) {
      perLabel.set(t, (perLabel.get(t) ?? 0) + 1);
      if (!seen.has(t)) {
        seen.add(t);
        counts.df.set(t, (counts.df.get(t) ?? 0) + 1);
      }
    }
  }
  return build(counts, alpha, minDf, maxVocab);
}

/**
 * Cold start for a new deployment, before it has closed cases to learn from: each label's
 * keywords (e.g. the dispatch catalogue's and the units' duty keywords) form one pseudo-document
 * in which every keyword counts `weight` times. Keywords must be tokens as `segment()` produces
 * them (the server segments a phrase like 噪音扰民 first). Merge the result into a trained model
 * with `mergeModels`, or use it alone.
 */
export function lexiconModel(lexicon: Record<string, readonly string[]>, weight = 3): ClassifierModel {
  if (!(weight > 0) || !Number.isFinite(weight)) throw invalid('关键词权重必须为正数', 'weight must be a positive number');
  const counts: Counts = { docs: new Map(), tokens: new Map(), df: new Map() };
  for (const [label, keywords] of Object.entries(lexicon)) {
    if (!label) continue;
    counts.docs.set(label, 1);
    const perLabel = new Map<string, number>();
    for (const k of new Set(keywords.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0))) {
      perLabel.set(k, weight);
      counts.df.set(k, (counts.df.get(k) ?? 0) + 1);
    }
    counts.tokens.set(label, perLabel);
  }
  return build(counts, DEFAULT_ALPHA, 1, Number.POSITIVE_INFINITY);
}

function checkModel(model: ClassifierModel): void {
  if (model.version !== 1) throw invalid('不支持的分类模型版本', `unsupported classifier model version ${String(model.version)}`);
}

function countsOf(model: ClassifierModel, into: Counts): void {
  model.labels.forEach((label, l) => {
    into.docs.set(label, (into.docs.get(label) ?? 0) + (model.docCounts[l] ?? 0));
    if (!into.tokens.has(label)) into.tokens.set(label, new Map());
  });
  model.vocabulary.forEach((token, i) => {
    into.df.set(token, (into.df.get(token) ?? 0) + (model.docFreq[i] ?? 0));
    const ls = model.postingLabels[i] ?? [];
    const cs = model.postingCounts[i] ?? [];
    ls.forEach((l, j) => {
      const perLabel = into.tokens.get(model.labels[l]!)!;
      perLabel.set(token, (perLabel.get(token) ?? 0) + (cs[j] ?? 0));
    });
  });
}

/**
 * The model of both models' cases: document counts, token counts and document frequencies add
 * up; the vocabulary is the union (no pruning); α is `a`'s.
 */
export function mergeModels(a: ClassifierModel, b: ClassifierModel): ClassifierModel {
  checkModel(a);
  checkModel(b);
  const counts: Counts = { docs: new Map(), tokens: new Map(), df: new Map() };
  countsOf(a, counts);
  countsOf(b, counts);
  return build(counts, a.alpha, 1, Number.POSITIVE_INFINITY);
}

/** What a suggestion needs and JSON does not keep; built once per model object. */
interface Compiled {
  index: Map<string, number>;
  /** mean over labels of logUnseen */
  meanUnseen: number;
}
const compiledModels = new WeakMap<ClassifierModel, Compiled>();

function compiled(model: ClassifierModel): Compiled {
  let c = compiledModels.get(model);
  if (!c) {
    checkModel(model);
    const n = model.labels.length;
    c = {
      index: new Map(model.vocabulary.map((t, i) => [t, i])),
      meanUnseen: n === 0 ? 0 : model.logUnseen.reduce((s, x) => s + x, 0) / n,
    };
    compiledModels.set(model, c);
  }
  return c;
}

/**
 * The k most probable labels for a text's tokens, with the softmax posterior and the terms that
 * decided each. Unknown tokens are ignored; [] when none is known (nothing to go on). Treat the
 * model as immutable: its token index is cached per model object.
 */
export function suggest(model: ClassifierModel, tokens: readonly string[], k = 3): Suggestion[] {
  const { index, meanUnseen } = compiled(model);
  const nLabels = model.labels.length;
  // token index → count in this text
  const tf = new Map<number, number>();
  for (const t of tokens) {
    const i = index.get(t);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  if (tf.size === 0 || nLabels === 0 || k <= 0) return [];

  let known = 0;
  for (const n of tf.values()) known += n;
  const score = new Float64Array(nLabels);
  for (let l = 0; l < nLabels; l++) score[l] = model.logPrior[l]! + known * model.logUnseen[l]!;
  for (const [i, n] of tf) {
    const ls = model.postingLabels[i]!;
    const lift = model.postingLift[i]!;
    for (let j = 0; j < ls.length; j++) score[ls[j]!]! += n * lift[j]!;
  }

  let max = Number.NEGATIVE_INFINITY;
  for (let l = 0; l < nLabels; l++) if (score[l]! > max) max = score[l]!;
  let z = 0;
  for (let l = 0; l < nLabels; l++) z += Math.exp(score[l]! - max);

  const order = Array.from({ length: nLabels }, (_, l) => l);
  order.sort((a, b) => score[b]! - score[a]! || byCodePoint(model.labels[a]!, model.labels[b]!));
  return order.slice(0, k).map((l) => ({
    label: model.labels[l]!,
    confidence: Math.exp(score[l]! - max) / z,
    terms: decidingTerms(model, tf, l, meanUnseen, nLabels),
  }));
}

/** The tokens with the largest positive count × (log P(t|l) − mean over labels of log P(t|l)). */
function decidingTerms(
  model: ClassifierModel,
  tf: Map<number, number>,
  label: number,
  meanUnseen: number,
  nLabels: number,
): { term: string; weight: number }[] {
  const out: { term: string; weight: number }[] = [];
  for (const [i, n] of tf) {
    const ls = model.postingLabels[i]!;
    const lift = model.postingLift[i]!;
    let sumLift = 0;
    let own = 0;
    for (let j = 0; j < ls.length; j++) {
      sumLift += lift[j]!;
      if (ls[j] === label) own = lift[j]!;
    }
    // log P(t|l) = logUnseen[l] + lift(t,l); the mean over labels is meanUnseen + Σ lift / L.
    const ratio = n * (model.logUnseen[label]! + own - meanUnseen - sumLift / nLabels);
    if (ratio > 0) out.push({ term: model.vocabulary[i]!, weight: ratio });
  }
  out.sort((a, b) => b.weight - a.weight || byCodePoint(a.term, b.term));
  return out.slice(0, MAX_TERMS).map((t) => ({ term: t.term, weight: Math.round(t.weight * 1000) / 1000 }));
}

/** Top-1 and top-3 accuracy (0–1) on labelled documents; a document with no known token is a miss. */
export function evaluate(model: ClassifierModel, docs: readonly TrainingDoc[]): { n: number; top1: number; top3: number } {
  let top1 = 0;
  let top3 = 0;
  for (const doc of docs) {
    const s = suggest(model, doc.tokens, 3);
    if (s[0]?.label === doc.label) top1++;
    if (s.some((x) => x.label === doc.label)) top3++;
  }
  const n = docs.length;
  return { n, top1: n === 0 ? 0 : top1 / n, top3: n === 0 ? 0 : top3 / n };
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so neighbouring ids spread evenly. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A train/test split that depends only on each item's id (no Math.random): the same case stays
 * on the same side across retrainings, so a held-out accuracy is comparable night to night.
 * About `testShare` of the items go to test.
 */
export function splitByHash<T>(items: readonly T[], idOf: (t: T) => string, testShare = 0.2): { train: T[]; test: T[] } {
  if (!(testShare >= 0 && testShare <= 1)) throw invalid('测试集比例须在0到1之间', 'testShare must be between 0 and 1');
  const train: T[] = [];
  const test: T[] = [];
  for (const item of items) (hash32(idOf(item)) / 2 ** 32 < testShare ? test : train).push(item);
  return { train, test };
}
