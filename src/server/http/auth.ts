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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Origin (else Referer) of a request names this host, or is absent (not a browser's cross-site request). */
function sameOrigin(req: FastifyRequest): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source || source === 'null') return source !== 'null';
  try {
    return new URL(source).host === req.host;
  } catch {
    return false;
  }
}

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
      if (token) {
        // CSRF (issue #9 §3): a browser sends the session cookie along with a request another site
        // makes it send; such a request names that site as its Origin (or Referer), so refuse it
        if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
          throw new DomainError('auth.forbidden', '请求来源与本站不符，已拒绝（CSRF 防护）', 'the request comes from another site (CSRF protection)', { csrf: true });
        }
        req.user = await userForSession(deps.db.db, token, now);
      }
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
