import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import { createSession, deleteSession, verifyLogin } from '../auth/auth.repo';
import { requireUser, SESSION_COOKIE } from '../http/auth';
import { DomainError } from '../../core/errors';
import { errorResponses, roleSchema, str } from './schemas';

export const meSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: roleSchema,
    unit: { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' } } },
    atCentre: { type: 'boolean' },
  },
} as const;

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Guessing passwords: per address for one user name (after the body is read), and per address in
  // all (before); the lockout in verifyLogin stops guessing at one account from many addresses.
  const perUserLimit = app.createRateLimit({
    max: deps.config.loginPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => `login|${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase()}`,
  });
  const perUser = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await perUserLimit(req);
    if (!r.isAllowed && r.isExceeded) {
      reply.header('retry-after', r.ttlInSeconds);
      throw Object.assign(new Error('too many login attempts'), { statusCode: 429 });
    }
  };
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: deps.config.loginPerMinutePerIp, timeWindow: '1 minute' } },
      preHandler: perUser,
      schema: {
        tags: ['auth'],
        summary: '登录 — log in; sets the httpOnly session cookie',
        body: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: str(64), password: str(256) } },
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body as { username: string; password: string };
      const user = await verifyLogin(deps.db.db, username.trim(), password, deps.clock());
      if (!user) throw new DomainError('auth.invalid_credentials', '用户名或密码错误', 'wrong username or password');
      const { token, expiresAt } = await createSession(deps.db.db, user.userId, deps.clock(), deps.config.sessionHours);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, expires: expiresAt });
      return { id: user.userId, username: user.username, displayName: user.displayName, role: user.role, unit: { id: user.unitId, code: user.unitCode, name: user.unitName }, atCentre: user.atCentre };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录 — log out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deleteSession(deps.db.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 — who am I', response: { 200: meSchema, ...errorResponses } } }, async (req) => {
    const user = requireUser(req);
    return { id: user.userId, username: user.username, displayName: user.displayName, role: user.role, unit: { id: user.unitId, code: user.unitCode, name: user.unitName }, atCentre: user.atCentre };
  });
}
