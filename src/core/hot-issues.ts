/**
 * Hot issues (热点问题) for the weekly report (S1 §2: "及时向市领导反馈社会热点问题"; issue #8 §4):
 * each case as TF-IDF weights over the period's cases; a greedy single pass in which each case joins
 * the group it is most similar to (cosine with the group's summed weights, among the groups that
 * share one of its keywords) or starts one. Linear in the number of cases.
 */

export interface HotIssueInput {
  id: string;
  /** Segmented words of the title and content (stopwords removed). */
  tokens: string[];
}

export interface HotIssue {
  /** The group's most frequent keywords, most frequent first. */
  keywords: string[];
  /** Cases in the group. */
  count: number;
  /** Ids of the group's cases, in input order. */
  ids: string[];
}

export interface HotIssueOptions {
  /** Keywords kept per case. */
  perCase?: number;
  /** Cosine similarity (TF-IDF) a case needs with a group to join it. */
  similarity?: number;
  /** Groups returned. */
  top?: number;
  /** Smallest group worth reporting. */
  minCount?: number;
}

/** The `k` words of a document with the highest TF-IDF, given document frequencies over `n` documents. */
export function keywordsOf(tokens: string[], df: Map<string, number>, n: number, k: number): string[] {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return [...tf.entries()]
    .map(([w, f]) => [w, f * Math.log((n + 1) / ((df.get(w) ?? 0) + 1)) + 1e-9 * f] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, k)
    .map(([w]) => w);
}

/** A document as TF-IDF weights, normalised to length 1. */
function vectorOf(tokens: string[], df: Map<string, number>, n: number): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v = new Map<string, number>();
  let norm = 0;
  for (const [w, f] of tf) {
    const x = f * Math.log((n + 1) / ((df.get(w) ?? 0) + 1));
    if (x <= 0) continue;
    v.set(w, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (const [w, x] of v) v.set(w, x / norm);
  return v;
}

export function hotIssues(items: HotIssueInput[], opts: HotIssueOptions = {}): HotIssue[] {
  const perCase = opts.perCase ?? 8;
  const similarity = opts.similarity ?? 0.25;
  const top = opts.top ?? 10;
  const minCount = opts.minCount ?? 2;
  const df = new Map<string, number>();
  for (const it of items) for (const w of new Set(it.tokens)) df.set(w, (df.get(w) ?? 0) + 1);
  interface Group {
    /** Sum of the members' vectors. */
    sum: Map<string, number>;
    counts: Map<string, number>;
    ids: string[];
  }
  const groups: Group[] = [];
  const byWord = new Map<string, Group[]>();
  const cosine = (v: Map<string, number>, g: Group) => {
    let dot = 0;
    let norm = 0;
    for (const x of g.sum.values()) norm += x * x;
    for (const [w, x] of v) dot += x * (g.sum.get(w) ?? 0);
    return norm > 0 ? dot / Math.sqrt(norm) : 0;
  };
  const bestOf = (v: Map<string, number>, kw: string[]) => {
    let best: Group | undefined;
    let bestScore = 0;
    for (const g of new Set(kw.flatMap((w) => byWord.get(w) ?? []))) {
      const score = cosine(v, g);
      if (score > bestScore) [best, bestScore] = [g, score];
    }
    return bestScore >= similarity ? best : undefined;
  };
  const join = (g: Group, id: string, v: Map<string, number>, kw: string[]) => {
    g.ids.push(id);
    for (const [w, x] of v) g.sum.set(w, (g.sum.get(w) ?? 0) + x);
    for (const w of kw) {
      g.counts.set(w, (g.counts.get(w) ?? 0) + 1);
      const list = byWord.get(w) ?? [];
      if (!list.includes(g)) list.push(g);
      byWord.set(w, list);
    }
  };
  const cases: { id: string; v: Map<string, number>; kw: string[] }[] = [];
  for (const it of items) {
    // a word no other case uses cannot make a group
    const tokens = it.tokens.filter((w) => (df.get(w) ?? 0) >= 2);
    const v = vectorOf(tokens, df, items.length);
    if (v.size === 0) continue;
    const kw = keywordsOf(tokens, df, items.length, perCase);
    cases.push({ id: it.id, v, kw });
    let g = bestOf(v, kw);
    if (!g) groups.push((g = { sum: new Map(), counts: new Map(), ids: [] }));
    join(g, it.id, v, kw);
  }
  // one more pass against the finished groups, so that the order the cases came in matters less
  const settled = groups.map((g) => ({ ...g, sum: new Map(g.sum) }));
  const home = new Map<string, number>();
  for (const c of cases) {
    let best = -1;
    let bestScore = 0;
    for (const g of new Set(c.kw.flatMap((w) => byWord.get(w) ?? []))) {
      const i = groups.indexOf(g);
      const score = cosine(c.v, settled[i]!);
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    // a case like no finished group stands alone (and is no hot issue)
    home.set(c.id, bestScore >= similarity ? best : -1);
  }
  for (const g of groups) {
    g.ids = [];
    g.sum = new Map();
    g.counts = new Map();
  }
  byWord.clear();
  for (const c of cases) {
    const i = home.get(c.id)!;
    if (i >= 0) join(groups[i]!, c.id, c.v, c.kw);
  }
  return groups
    .filter((g) => g.ids.length >= minCount)
    .sort((a, b) => b.ids.length - a.ids.length)
    .slice(0, top)
    .map((g) => ({
      // the label: the words that weigh most in the group (frequent in it, rare elsewhere)
      keywords: [...g.sum.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([w]) => w),
      count: g.ids.length,
      ids: g.ids,
    }));
}
