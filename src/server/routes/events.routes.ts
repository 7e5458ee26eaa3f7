/**
 * GET /api/events: the cases this user may see, as they change, as Server-Sent Events (issue #10 §4).
 * A step committed on any instance reaches every instance's streams through PostgreSQL's
 * LISTEN/NOTIFY (realtime/hub.ts). The stream is a hint to reload, not a record: no
 * `Last-Event-ID` replay; after a gap (reconnect of the browser or of the listener) reload the list.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import { requireUser, SESSION_COOKIE } from '../http/auth';
import { langOf } from '../http/i18n';
import { apiTokenCaller, sha256, userForSession, type AuthUser } from '../auth/auth.repo';
import { CaseEventHub, type Subscriber } from '../realtime/hub';
import { NoticePublisher } from '../realtime/publisher';
import { errorResponses } from './schemas';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's real-time hub (one LISTEN, the open event streams). */
    caseEvents: CaseEventHub;
  }
}

const DESCRIPTION = [
  'A `text/event-stream` (EventSource). Events, each `data` one JSON object:',
  '`ready` {heartbeatMs} once listening; `case` {caseId, caseNo, state, version, action, leadUnitId, unitIds, at} when a case the user may see changed',
  '(units: only cases of their own unit or units below it, as on the list); `case-gone` {caseId, caseNo, version} when a case left the unit',
  '(returned, re-dispatched); `resync` {reason} when events may have been missed (reload); `bye` {reason} before the server closes the stream',
  '(logged_out, session_ended, shutdown). A comment line every heartbeatMs keeps proxies open, and the session is checked again each time.',
  'No personal data, no titles. No Last-Event-ID replay. At most 5 streams per user per instance (429 rate_limited beyond).',
].join(' ');

/** The hash of what the request authenticated with, to find its streams at logout. */
function credentialOf(req: FastifyRequest): { kind: 'session' | 'token'; secret: string } | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return { kind: 'token', secret: auth.replace(/^Bearer\s+/i, '').trim() };
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? { kind: 'session', secret: cookie } : null;
}

export function registerEventRoutes(app: FastifyInstance, deps: AppDeps): void {
  const hub = new CaseEventHub(deps.db, app.log);
  app.decorate('caseEvents', hub);
  app.addHook('preClose', async () => hub.close());
  // every instance sends the committed notices of case changes (its own and, if one stopped, others')
  const publisher = new NoticePublisher(deps.db, app.log);
  publisher.start();
  app.addHook('preClose', async () => publisher.stop());
  // a logout ends that session's streams on this instance at once (other instances: at their next heartbeat)
  app.addHook('onResponse', async (req, reply) => {
    if (req.routeOptions.url !== '/api/auth/logout' || reply.statusCode >= 400) return;
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) {
      const hash = sha256(cookie);
      hub.closeWhere((s) => s.credential === hash, 'logged_out');
    }
  });

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: '实时事件 — the visible cases’ changes as Server-Sent Events',
        description: DESCRIPTION,
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          401: errorResponses[401],
          429: { ...errorResponses[401], description: 'Too many open streams for this user' },
        },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const cred = credentialOf(req);
      if (hub.streamsOf(user.userId) >= hub.maxStreamsPerUser) {
        const en = langOf(req) === 'en';
        return reply.status(429).send({
          error: { code: 'rate_limited', message: en ? `At most ${hub.maxStreamsPerUser} live connections per user; close another tab.` : `同一用户最多同时保持 ${hub.maxStreamsPerUser} 个实时连接，请关闭其他页面后重试` },
        });
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
      });
      res.write('retry: 5000\n\n');
      let open = true;
      const write = (event: string, data: unknown) => {
        if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const sub: Subscriber = {
        viewer: user,
        credential: cred ? sha256(cred.secret) : '',
        send: write,
        close: (reason) => {
          write('bye', { reason });
          end();
        },
      };
      let unsubscribe: () => void = () => undefined;
      const timer: { beat?: NodeJS.Timeout } = {};
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(timer.beat);
        unsubscribe();
        res.end();
      };
      req.raw.on('close', end);
      res.on('error', end);
      unsubscribe = await hub.subscribe(sub);
      if (!open) return unsubscribe();
      write('ready', { heartbeatMs: hub.heartbeatMs });
      timer.beat = setInterval(() => {
        void (async () => {
          res.write(': ping\n\n');
          // the session or token may have ended (logout elsewhere, expiry, revocation, a deactivated user)
          const now = deps.clock();
          const fresh: AuthUser | null = !cred ? null : cred.kind === 'session' ? await userForSession(deps.db.db, cred.secret, now) : ((await apiTokenCaller(deps.db.db, cred.secret, now))?.user ?? null);
          if (!fresh) sub.close('session_ended');
          else sub.viewer = fresh; // a moved or re-roled user sees what they now may
        })().catch(() => undefined);
      }, hub.heartbeatMs);
    },
  );
}
