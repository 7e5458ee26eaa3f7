/**
 * Routing suggestions: training time, held-out accuracy and suggestion latency (issue: suggest
 * category and unit; target p95 < 20 ms).
 *
 *   npx tsx bench/routing-suggest.ts [n=100000]
 *   npx tsx bench/routing-suggest.ts --csv cases.csv
 *
 * The default corpus is SYNTHETIC: n cases recombined from the ~100 demo templates in
 * src/server/demo/demo-data.ts (clauses dropped and reordered, addresses swapped, greetings added,
 * some title-only, some with the content of another template of the same category, some with a
 * stray sentence from an unrelated case). Test cases are variants of the same templates as the
 * training cases, so the accuracy on it overstates what real citizen messages give; it measures
 * the machinery (speed, memory, that the model learns), not the quality to expect in production.
 * For that, run the same script on an export of real dispatched and closed cases: `--csv path`
 * with a header row naming the columns title, content, category, unit (RFC 4180 quoting; extra
 * columns are ignored; rows without a category or unit are left out of that model).
 *
 * Prints one JSON line per model (category, lead unit) and one for category level 1 (the posterior
 * of the category model summed by top-level code). Latency is `suggest()` alone, in ms, over up to
 * 10,000 held-out cases; `endToEndMs` adds jieba segmentation of title + content.
 */
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../src/core/random';
import { DEMO_CASE_TEMPLATES, STREET_ADDRESSES, type DemoCaseTemplate } from '../src/server/demo/demo-data';
import { segment } from '../src/server/text/segment';
import { evaluate, splitByHash, suggest, trainClassifier, type ClassifierModel, type TrainingDoc } from '../src/core/routing/classifier';

interface RawCase {
  id: string;
  title: string;
  content: string;
  category: string;
  unit: string;
}

// ---------------------------------------------------------------- synthetic corpus


const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function shuffle<T>(rnd: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const GREETINGS = ['', '', '您好，', '市长您好，', '你好，', '12345您好，', '领导您好，', '尊敬的市长：', '您好！我想反映个事，'];
const CLOSINGS = ['', '', '谢谢！', '麻烦尽快处理。', '希望有关部门尽快解决。', '盼复。', '请相关部门重视。'];
const ALL_ADDRESSES = Object.values(STREET_ADDRESSES).flat();
// An address in a template: district or county, then up to the last 室/单元/栋/号/组/巷/村 before punctuation.
const ADDRESS = /(?:江北区|江南区|临河县)[^，。！？、；：,\s]*(?:室|单元|栋|号|组|巷|村)/g;

/** Sentences (ending in 。！？；) of a text, each split into its clauses. */
function sentences(text: string): string[][] {
  return (text.match(/[^。！？；]+[。！？；]?/g) ?? []).map((s) => s.split(/(?<=，)/));
}

const byCategory = new Map<string, DemoCaseTemplate[]>();
for (const t of DEMO_CASE_TEMPLATES) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);

/** Case i of the synthetic corpus; the same i always gives the same case. */
function syntheticCase(i: number): RawCase {
  const rnd = mulberry32(0x5eed ^ Math.imul(i + 1, 0x9e3779b1));
  const t = DEMO_CASE_TEMPLATES[Math.floor(rnd() * DEMO_CASE_TEMPLATES.length)]!;
  const id = `synthetic-${i}`;
  if (rnd() < 0.1) return { id, title: t.title, content: '', category: t.category, unit: t.lead };

  // Sometimes another template of the same category speaks for this one (same category, maybe another unit).
  const source = rnd() < 0.15 ? pick(rnd, byCategory.get(t.category)!) : t;
  // A street lead is decided by the address: swap in another address of that street; otherwise any.
  const addresses = STREET_ADDRESSES[t.lead] ?? ALL_ADDRESSES;
  let content = source.content.replace(ADDRESS, () => (rnd() < 0.7 ? pick(rnd, addresses) : pick(rnd, ALL_ADDRESSES)));

  let parts = sentences(content).map((clauses) => {
    const kept = clauses.filter(() => rnd() >= 0.2);
    if (kept.length === 0) kept.push(pick(rnd, clauses));
    if (rnd() < 0.15) shuffle(rnd, kept);
    return kept.join('');
  });
  parts = parts.filter(() => rnd() >= 0.15);
  if (parts.length === 0) parts.push(pick(rnd, sentences(content)).join(''));
  if (rnd() < 0.3) shuffle(rnd, parts);
  if (rnd() < 0.1) {
    // a stray sentence from an unrelated case (people mention two things)
    const other = pick(rnd, DEMO_CASE_TEMPLATES);
    parts.splice(Math.floor(rnd() * (parts.length + 1)), 0, pick(rnd, sentences(other.content)).join(''));
  }
  content = pick(rnd, GREETINGS) + parts.join('') + pick(rnd, CLOSINGS);
  const title = rnd() < 0.85 ? t.title : '';
  return { id, title, content, category: t.category, unit: t.lead };
}

// ---------------------------------------------------------------- CSV export of real cases

/** RFC 4180: comma-separated, fields in double quotes may hold commas, newlines and "" for ". */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // Excel's BOM
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

function csvCases(path: string): RawCase[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const col = (name: string): number => {
    const i = (header ?? []).findIndex((h) => h.trim().toLowerCase() === name);
    if (i < 0) throw new Error(`${path}: no column "${name}" in the header (need title, content, category, unit)`);
    return i;
  };
  const [ti, ci, ki, ui] = [col('title'), col('content'), col('category'), col('unit')];
  const idCol = (header ?? []).findIndex((h) => h.trim().toLowerCase() === 'id');
  return rows.map((r, n) => ({
    id: idCol >= 0 && r[idCol] ? r[idCol]! : `row-${n + 2}`,
    title: r[ti] ?? '',
    content: r[ci] ?? '',
    category: (r[ki] ?? '').trim(),
    unit: (r[ui] ?? '').trim(),
  }));
}

// ---------------------------------------------------------------- run

const args = process.argv.slice(2);
const csvAt = args.indexOf('--csv');
const csvPath = csvAt >= 0 ? args[csvAt + 1] : undefined;
if (csvAt >= 0 && !csvPath) throw new Error('--csv needs a path');
const n = csvPath ? 0 : Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);

// Tokens are interned: 100,000 cases × ~60 tokens would otherwise be millions of small strings.
const interned = new Map<string, string>();
const intern = (w: string): string => interned.get(w) ?? (interned.set(w, w), w);
const textOf = (c: RawCase): string => `${c.title}\n${c.content}`;

interface Tokenised {
  id: string;
  tokens: string[];
  category: string;
  unit: string;
}
const t0 = process.hrtime.bigint();
const raw: RawCase[] | null = csvPath ? csvCases(csvPath) : null;
const rawById = raw ? new Map(raw.map((c) => [c.id, c])) : null;
const count = raw ? raw.length : n;
const corpus: Tokenised[] = [];
for (let i = 0; i < count; i++) {
  const c = raw ? raw[i]! : syntheticCase(i);
  corpus.push({ id: c.id, tokens: segment(textOf(c)).map(intern), category: c.category, unit: c.unit });
}
const segmentSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const { train, test } = splitByHash(corpus, (c) => c.id, 0.2);

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;
function percentiles(ns: bigint[]): { p50: number; p95: number; p99: number } {
  const ms = ns.map((x) => Number(x) / 1e6).sort((a, b) => a - b);
  const at = (q: number): number => round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0, 4);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function bench(name: 'category' | 'unit'): ClassifierModel {
  const docs = (set: Tokenised[]): TrainingDoc[] => set.filter((c) => c[name]).map((c) => ({ tokens: c.tokens, label: c[name] }));
  const trainDocs = docs(train);
  const testDocs = docs(test);
  const s0 = process.hrtime.bigint();
  const model = trainClassifier(trainDocs);
  const trainingSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
  const acc = evaluate(model, testDocs);

  const sample = test.slice(0, 10_000);
  for (const c of sample.slice(0, 500)) suggest(model, c.tokens); // warm-up
  const predict: bigint[] = [];
  for (const c of sample) {
    const a = process.hrtime.bigint();
    suggest(model, c.tokens, 3);
    predict.push(process.hrtime.bigint() - a);
  }
  const endToEnd: bigint[] = [];
  for (const c of sample) {
    const text = textOf(rawById?.get(c.id) ?? syntheticCase(Number(c.id.slice('synthetic-'.length))));
    const a = process.hrtime.bigint();
    suggest(model, segment(text), 3);
    endToEnd.push(process.hrtime.bigint() - a);
  }
  const latencyMs = percentiles(predict);
  console.log(
    JSON.stringify({
      bench: 'routing-suggest',
      model: name,
      corpus: csvPath ? `csv:${csvPath}` : `synthetic:${n}`,
      docs: trainDocs.length,
      testDocs: acc.n,
      labels: model.labels.length,
      vocabulary: model.vocabulary.length,
      trainingSeconds: round(trainingSeconds, 3),
      top1: round(acc.top1),
      top3: round(acc.top3),
      latencyMs,
      endToEndMs: percentiles(endToEnd),
      predictions: predict.length,
      targetP95Ms: 20,
      ok: latencyMs.p95 < 20,
    }),
  );
  return model;
}

const level1 = (code: string): string => code.split('.')[0]!;

console.log(JSON.stringify({ bench: 'routing-suggest', step: 'corpus', cases: corpus.length, train: train.length, test: test.length, segmentSeconds: round(segmentSeconds, 2), distinctTokens: interned.size }));
const categoryModel = bench('category');
bench('unit');

// Category level 1: the category model's posterior summed by top-level code.
{
  let top1 = 0;
  let top3 = 0;
  let m = 0;
  for (const c of test) {
    if (!c.category) continue;
    m++;
    const mass = new Map<string, number>();
    for (const s of suggest(categoryModel, c.tokens, categoryModel.labels.length)) mass.set(level1(s.label), (mass.get(level1(s.label)) ?? 0) + s.confidence);
    const ranked = [...mass].sort((a, b) => b[1] - a[1]).map(([code]) => code);
    const truth = level1(c.category);
    if (ranked[0] === truth) top1++;
    if (ranked.slice(0, 3).includes(truth)) top3++;
  }
  const labels = new Set(categoryModel.labels.map(level1)).size;
  console.log(JSON.stringify({ bench: 'routing-suggest', model: 'category-level1', method: 'category posterior summed by top-level code', testDocs: m, labels, top1: round(m ? top1 / m : 0), top3: round(m ? top3 / m : 0) }));
}
console.log(JSON.stringify({ bench: 'routing-suggest', step: 'done', totalSeconds: round(Number(process.hrtime.bigint() - t0) / 1e9, 2), heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
