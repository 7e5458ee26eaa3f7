/**
 * `npm start`: read the configuration, open and migrate the database, seed the demo city on the
 * first start (unless --no-demo), and serve the API and the docs.
 */
import { ConfigError, loadConfig } from './config';
import { existsSync } from 'node:fs';
import { buildApp, WEB_DIST } from './app';
import { ensureFirstAdmin, isEmpty, openAndMigrate, seedBase } from './bootstrap';
import { seedDemo } from './demo/seed-demo';
import { PolicyStore } from './policy/policy';
import { startTimerLoop } from './jobs/timer-worker';
import { failAbandonedImports } from './intake/import-job';
import { OutboxWorker } from './outbox/outbox-worker';
import { createSenders } from './outbox/senders';
import { HttpPostSender } from './outbox/http-sender';
import { missingScheduleWarning } from '../core/calendar-status';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const { handle, applied } = await openAndMigrate(config);
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite at ${config.dataDir}`;
  console.log(`[huiyin] database: ${where}; migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
  await seedBase(handle, config, new Date());
  if (await isEmpty(handle)) {
    if (config.demo) {
      const summary = await seedDemo(handle, { now: new Date(), portalUrl: config.publicUrl });
      console.log(`[huiyin] demo city seeded: ${summary.units} units, ${summary.users} users, ${summary.cases} cases (see README for the demo accounts)`);
    } else {
      const admin = await ensureFirstAdmin(handle, config);
      if (admin?.generated) console.log(`[huiyin] first start without demo data: log in as "admin" with password ${admin.password} and change it`);
    }
  }
  // an import whose instance stopped (this one before a restart, or another one) will never finish: say so
  await failAbandonedImports(handle.db, new Date());
  setInterval(() => void failAbandonedImports(handle.db, new Date()).catch(() => undefined), 60_000).unref();
  const policy = new PolicyStore(handle.db);
  const warning = missingScheduleWarning(new Date(), (await policy.get()).calendar);
  if (warning) console.warn(`[huiyin] WARNING: ${warning}`);
  const senders = createSenders(config.senders);
  let log: { error: (o: unknown, msg: string) => void } = { error: (o, msg) => console.error(`[huiyin] ${msg}`, o) };
  const outbox = new OutboxWorker({ db: handle.db, senders: { ...senders, http: new HttpPostSender(handle.db) }, clock: () => new Date() }, config.outboxIntervalMs || 3_600_000, { error: (o, msg) => log.error(o, msg) });
  const app = await buildApp({ db: handle, config, logger: true, kickOutbox: () => (config.outboxIntervalMs > 0 ? outbox.kick() : undefined) });
  log = app.log;
  if (config.outboxIntervalMs > 0) outbox.start();
  const stopTimers = config.timerIntervalMs > 0 ? startTimerLoop({ db: handle.db, policy, clock: () => new Date(), publicUrl: config.publicUrl }, config.timerIntervalMs, app.log) : async () => undefined;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await stopTimers();
    await outbox.stop();
    await senders.sms.close?.();
    await senders.email.close?.();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const web = existsSync(`${WEB_DIST}/index.html`)
    ? `staff app http://localhost:${config.port}/, citizen portal http://localhost:${config.port}/portal, `
    : '(web app not built: run npm run build:web) ';
  console.log(`[huiyin] ready in ${((Date.now() - started) / 1000).toFixed(1)} s — ${web}API http://localhost:${config.port}/api, docs http://localhost:${config.port}/docs`);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(`[huiyin] configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error('[huiyin] failed to start:', err);
  process.exit(1);
});
