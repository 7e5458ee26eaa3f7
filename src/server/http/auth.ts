/**
 * Resolves the caller on every request: the `hy_session` cookie or `Authorization: Bearer <token>`.
 * Routes are private unless they say `config: { public: true }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors';
import type { Role } from '../../core/enums';
import { apiTokenCaller, userForSession, type AuthUser } from '../auth/auth.repo';
import { neededScope, scopeAllows, SCOPE_LABELS, type TokenScope } from '../../core/scopes';
import type { AppDeps } from '../app';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** The token scope the route needs (default: read for GET, write otherwise). */
    scope?: TokenScope;
  }
}

export const SESSION_COOKIE = 'hy_session';

export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req) => {
    const now = deps.clock();
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) {
      const caller = await apiTokenCaller(deps.db.db, auth.replace(/^Bearer\s+/i, '').trim(), now);
      if (!caller) throw new DomainError('auth.unauthenticated', 'API 令牌无效或已吊销', 'invalid or revoked API token');
      req.user = caller.user;
      // a token acts within its scopes (issue #11 §4)
      const needed = neededScope(req.method, req.routeOptions.config?.scope);
      if (!scopeAllows(caller.scopes, needed)) {
        throw new DomainError('auth.forbidden', `API 令牌没有“${SCOPE_LABELS[needed].zh}”权限范围`, `the API token lacks the scope "${needed}"`, { scope: needed });
      }
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) req.user = await userForSession(deps.db.db, token, now);
    }
    if (!req.routeOptions.config?.public && !req.user && req.routeOptions.url?.startsWith('/api/')) {
      throw new DomainError('auth.unauthenticated', '请先登录', 'please log in');
    }
  });
}

/** The signed-in user, or 401. */
export function requireUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw new DomainError('auth.unauthenticated', '请先登录', 'please log in');
  return req.user;
}

/** The signed-in user with one of the roles, or 403. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): AuthUser {
  const user = requireUser(req);
  if (!roles.includes(user.role)) throw new DomainError('auth.forbidden', '当前角色无权执行此操作', `role ${user.role} may not do this`);
  return user;
}
