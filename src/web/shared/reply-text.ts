/**
 * A reply written in three parts — what was done, the result, the basis (DOMAIN.md §7) — and sent
 * as one text with a label before each part, the way units write them on paper.
 */

export interface ReplyParts {
  process?: string;
  result?: string;
  basis?: string;
}

const SECTIONS = [
  ['process', '处理过程'],
  ['result', '处理结果'],
  ['basis', '政策依据'],
] as const;

/** "处理过程：…\n处理结果：…\n政策依据：…", leaving out the empty parts. */
export function composeReply(p: ReplyParts): string {
  return SECTIONS.filter(([k]) => p[k]?.trim())
    .map(([k, label]) => `${label}：${p[k]!.trim()}`)
    .join('\n');
}

/** The parts of a text `composeReply` wrote; a text written otherwise comes back whole as the process. */
export function splitReply(content: string): ReplyParts {
  const out: ReplyParts = {};
  let current: keyof ReplyParts | null = null;
  for (const line of content.split('\n')) {
    const section = SECTIONS.find(([, label]) => line.startsWith(`${label}：`) || line.startsWith(`${label}:`));
    if (section) {
      current = section[0];
      out[current] = line.slice(section[1].length + 1);
    } else if (current) {
      out[current] = `${out[current] ?? ''}\n${line}`;
    } else {
      return { process: content };
    }
  }
  return out;
}
