/**
 * Values PostgreSQL cannot take, refused as 400 validation.failed before any handler sees them
 * (found by the fuzz test, issue #9 §4, as 500s):
 * - U+0000 in text: PostgreSQL's text cannot hold it, in a parameter, the query string or a body;
 * - a lone surrogate (`"\\ud800"` in JSON): not Unicode text at all; JSON.stringify writes it back as
 *   an escape that PostgreSQL's json refuses (a case's history, an Open311 request);
 * - a number that is not finite: JSON's `1e400` parses to Infinity, and Ajv coerces the query
 *   string `limit=1e400` to Infinity and lets it past `maximum`; PostgreSQL refuses it.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Problem = 'nul' | 'surrogate' | 'number';

function textProblem(s: string): Problem | null {
  return s.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/** The path (`body.citizen.name`) of the first value PostgreSQL cannot take, and why. */
export function unstorable(value: unknown, root: string): { path: string; problem: Problem } | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { path, problem };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path, problem: 'number' };
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${path}.${i}`]);
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, x] of Object.entries(v)) {
        const problem = textProblem(k);
        if (problem) return { path, problem };
        stack.push([x, `${path}.${k}`]);
      }
    }
  }
  return null;
}

/** The path of the first string or key holding U+0000, if any. */
export function nulPath(value: unknown, root: string): string | null {
  const found = unstorable(value, root);
  return found?.problem === 'nul' ? found.path : null;
}

/** An uploaded file's name without control characters (U+0000 cannot be stored at all). */
export function cleanFilename(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

export function installInputGuard(app: FastifyInstance): void {
  // after validation, which is where the query string's numbers are coerced
  app.addHook('preHandler', async (req) => {
    const found = unstorable(req.params, 'params') ?? unstorable(req.query, 'query') ?? unstorable(req.body, 'body');
    if (!found) return;
    const field = found.path.slice(0, 100);
    if (found.problem === 'nul') throw new DomainError('validation.failed', `${field} 含有不允许的空字符（U+0000）`, `${field} contains a NUL character (U+0000), which is not allowed`, { field });
    if (found.problem === 'surrogate') throw new DomainError('validation.failed', `${field} 含有无效的 Unicode 字符（孤立的代理项）`, `${field} is not valid Unicode text (a lone surrogate)`, { field });
    throw new DomainError('validation.failed', `${field} 须为有限的数字`, `${field} must be a finite number`, { field });
  });
}
