import type { FastifyRequest } from 'fastify';

export type Lang = 'zh' | 'en';

/** Simplified Chinese unless the client asks for English (`?lang=en`, `hy_lang` cookie or Accept-Language). */
export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  const cookie = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.hy_lang;
  if (cookie === 'en' || cookie === 'zh') return cookie;
  const al = req.headers['accept-language'];
  if (typeof al === 'string' && /^\s*en\b/i.test(al)) return 'en';
  return 'zh';
}
