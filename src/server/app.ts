/**
 * buildApp: explicit wiring of the HTTP application (STYLE.md §4). No container, no autoload.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import { Redis } from 'ioredis';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './db/database';
import type { Config } from './config';
import { PolicyStore } from './policy/policy';
import { frameworkErrors, installErrorHandling } from './http/errors';
import { installInputGuard } from './http/input-guard';
import { installAuth } from './http/auth';
import { registerAuthRoutes } from './routes/auth.routes';
import { registerCaseRoutes } from './routes/cases.routes';
import { registerPublicRoutes } from './routes/public.routes';
import { registerOrgRoutes } from './routes/org.routes';
import { registerOrgIoRoutes } from './routes/org-io.routes';
import { registerRoutingRoutes } from './routes/routing.routes';
import { registerAttachmentRoutes, MAX_ATTACHMENT_BYTES } from './routes/attachments.routes';
import { registerCalendarRoutes } from './routes/calendar.routes';
import { registerPolicyRoutes } from './routes/policy.routes';
import { registerTaskRoutes } from './routes/tasks.routes';
import { registerIntakeRoutes } from './routes/intake.routes';
import { registerCtiRoutes } from './routes/cti.routes';
import { registerMailboxRoutes } from './routes/mailbox.routes';
import { registerOutboxRoutes } from './routes/outbox.routes';
import { registerReportRoutes } from './routes/reports.routes';
import { registerPortalRoutes } from './routes/portal.routes';
import { registerReplyQualityRoutes } from './routes/reply-quality.routes';
import { registerSupervisionRoutes } from './routes/supervision.routes';
import { registerSpecialReportRoutes } from './routes/special-reports.routes';
import { registerStatsRoutes } from './routes/stats.routes';
import { registerReportDocRoutes } from './routes/report-docs.routes';
import { registerOpen311Routes } from './routes/open311.routes';
import { registerIntegrationRoutes } from './routes/integration.routes';
import { registerKnowledgeRoutes } from './routes/knowledge.routes';
import { registerFilingRoutes } from './routes/filings.routes';
import { registerDirectoryRoutes } from './routes/directory.routes';
import { registerDashboardRoutes } from './routes/dashboard.routes';
import { registerPrivacyRoutes } from './routes/privacy.routes';
import { registerEventRoutes } from './routes/events.routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, in order (method, URL, hidden from the docs). */
    routeList: { method: string; url: string; hide: boolean }[];
  }
}

export interface AppDeps {
  db: DatabaseHandle;
  config: Config;
  /** The current time; tests and the demo seeder pass their own. */
  clock: () => Date;
  policy: PolicyStore;
  /** Tells the outbox worker that a message is waiting (a no-op without a worker, as in tests). */
  kickOutbox: () => void;
}

/**
 * Security headers (helmet) with a content security policy the web app, the portal and Swagger UI
 * (/docs) all live within: scripts only from this origin; inline styles, because Ant Design
 * writes its styles at run time; images also as data:/blob: (captcha, previews, charts).
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/** Where `npm run build:web` puts the staff app and the citizen portal. */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * The web app from the same server (issue #6): built files under /assets, the staff app for every
 * other page, the portal under /portal. Without a build (`npm run build:web`), only the API runs.
 */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  if (!existsSync(`${WEB_DIST}/index.html`)) return;
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: false, wildcard: false, serve: true });
  app.get('/assets/*', { config: { public: true }, schema: { hide: true } }, (req, reply) => reply.sendFile(`assets/${(req.params as { '*': string })['*']}`));
  const page = (file: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    // an unknown API path is still an API 404, not the app's page
    if (req.url.startsWith('/api/')) throw new DomainError('not_found', `接口不存在：${req.method} ${req.url}`, `No route ${req.method} ${req.url}`);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile(file);
  };
  const opts = { config: { public: true }, schema: { hide: true } };
  app.get('/portal', opts, page('portal.html'));
  app.get('/portal/*', opts, page('portal.html'));
  app.get('/', opts, page('index.html'));
  app.get('/*', opts, page('index.html'));
}

export async function buildApp(opts: { db: DatabaseHandle; config: Config; clock?: () => Date; logger?: boolean; kickOutbox?: () => void }): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const deps: AppDeps = { db: opts.db, config: opts.config, clock, policy: new PolicyStore(opts.db.db), kickOutbox: opts.kickOutbox ?? (() => undefined) };
  const app = Fastify({
    logger: opts.logger ? { level: opts.config.logLevel } : false,
    bodyLimit: 1024 * 1024,
    // a hop count is accepted at run time (proxy-addr), though the types list only string | boolean
    trustProxy: opts.config.trustProxy as boolean | string,
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true } },
    frameworkErrors,
  });
  // every route as registered, so the OpenAPI document can be checked to cover them all
  const routeList: { method: string; url: string; hide: boolean }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routeList.push({ method, url: r.url, hide: Boolean((r.schema as { hide?: boolean } | undefined)?.hide) });
  });
  app.decorate('routeList', routeList);
  installErrorHandling(app);
  installInputGuard(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } });
  await app.register(helmet, { contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } });
  // per-IP limits on the routes that ask for them: shared by every instance through Redis when
  // REDIS_URL is set, otherwise counted by each instance in memory. A Redis outage must not take
  // the hotline down, so its errors let requests through (skipOnError).
  const redis = opts.config.redisUrl ? new Redis(opts.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  if (redis) {
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis (rate limits)'));
    app.addHook('onClose', async () => void redis.disconnect());
  }
  await app.register(rateLimit, { global: false, ...(redis ? { redis, nameSpace: 'huiyin-rl-', skipOnError: true } : {}) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Huiyin 回音 — 12345 hotline platform API',
        version: '0.1.0',
        description: '件件有着落，事事有回音. Errors are `{ "error": { "code", "message" } }`; messages are Chinese unless `Accept-Language: en` or `?lang=en`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hy_session' },
          token: { type: 'http', scheme: 'bearer', description: 'API token (hy_…) created by an admin' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installAuth(app, deps);

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { public: true }, schema: { tags: ['ops'], summary: 'liveness and database check' } }, async () => {
    await deps.db.db.selectFrom('schema_migrations').select('version').limit(1).execute();
    return { ok: true, engine: deps.db.engine };
  });
  registerAuthRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerPublicRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerOrgIoRoutes(app, deps);
  registerRoutingRoutes(app, deps);
  await serveWebApp(app);
  registerAttachmentRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerPolicyRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerIntakeRoutes(app, deps);
  registerCtiRoutes(app, deps);
  registerMailboxRoutes(app, deps);
  registerOutboxRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerReplyQualityRoutes(app, deps);
  registerSupervisionRoutes(app, deps);
  registerSpecialReportRoutes(app, deps);
  registerStatsRoutes(app, deps);
  registerReportDocRoutes(app, deps);
  registerOpen311Routes(app, deps);
  registerIntegrationRoutes(app, deps);
  registerKnowledgeRoutes(app, deps);
  registerFilingRoutes(app, deps);
  registerDirectoryRoutes(app, deps);
  registerPrivacyRoutes(app, deps);
  registerEventRoutes(app, deps);
  return app;
}
