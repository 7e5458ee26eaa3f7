/**
 * The only reader of the environment and the command line; validated once at boot.
 */
import path from 'node:path';
import { passwordProblem } from '../core/password';
import { senderConfigFromEnv, type SenderConfig } from './outbox/senders';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed the demo city on the first start on an empty database. */
  demo: boolean;
  /** Password of the first admin on a start without demo data (otherwise one is generated and logged). */
  adminPassword: string | undefined;
  /** Session cookie lifetime. */
  sessionHours: number;
  /** Close of business for working-day limits on the first start; admins change it later (docs/time-limits.md). */
  closeOfBusiness: string;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** How often the timer worker runs (deadline warnings, overdue, callbacks); 0 turns it off. */
  timerIntervalMs: number;
  /** How often the outbox is delivered besides right after a message is enqueued; 0 turns it off. */
  outboxIntervalMs: number;
  /** SMS and email senders (log by default: messages stay readable in the outbox). */
  senders: SenderConfig;
  /** The signature that opens every SMS, e.g. 【临江12345】. */
  smsSignature: string;
  /** The number citizens send SMS to, shown in the public directory. */
  smsNumber: string;
  /** Where citizens reach this server (links in SMS: the portal's rating page). */
  publicUrl: string;
  /** Public mailbox letters a single IP may send per hour. */
  mailboxPerHour: number;
  /**
   * Whom to believe about the client's address (X-Forwarded-For): false (default, direct), true,
   * a hop count, or the load balancers' addresses. Believing everyone would let a client pick its
   * own address and slip past the per-IP limits.
   */
  trustProxy: boolean | number | string;
  /**
   * Redis for rate-limit counters shared by every instance behind the load balancer
   * (`REDIS_URL`); without it each instance counts on its own, in memory.
   */
  redisUrl: string | undefined;
  /** Login attempts one address may make per minute for one user name, and in all. */
  loginPerMinute: number;
  loginPerMinutePerIp: number;
}

export class ConfigError extends Error {}

function intFrom(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function boolFrom(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustProxyFrom(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // addresses or CIDR ranges, comma-separated
}

function adminPasswordFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const problem = passwordProblem(raw, 'admin');
  if (problem) throw new ConfigError(`ADMIN_PASSWORD: ${problem.en}`);
  return raw;
}

function publicUrlFrom(raw: string | undefined, port: string | undefined): string {
  const v = raw?.trim();
  if (!v) return `http://localhost:${port || 3000}`;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v)) throw new ConfigError(`PUBLIC_URL must be an http(s) address, got "${v}"`);
  return v.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const known = new Set(['--no-demo', '--demo']);
  for (const a of argv) if (!known.has(a)) throw new ConfigError(`unknown option ${a} (known: ${[...known].join(', ')})`);
  const closeOfBusiness = env.CLOSE_OF_BUSINESS ?? '18:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(closeOfBusiness)) throw new ConfigError(`CLOSE_OF_BUSINESS must be HH:MM, got "${closeOfBusiness}"`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  let demo = boolFrom('DEMO', env.DEMO, true);
  if (argv.includes('--no-demo')) demo = false;
  if (argv.includes('--demo')) demo = true;
  return {
    port: intFrom('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    demo,
    adminPassword: adminPasswordFrom(env.ADMIN_PASSWORD),
    sessionHours: intFrom('SESSION_HOURS', env.SESSION_HOURS, 12, 1, 24 * 30),
    closeOfBusiness,
    secureCookies: boolFrom('SECURE_COOKIES', env.SECURE_COOKIES, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    timerIntervalMs: intFrom('TIMER_INTERVAL_MS', env.TIMER_INTERVAL_MS, 15_000, 0, 3_600_000),
    outboxIntervalMs: intFrom('OUTBOX_INTERVAL_MS', env.OUTBOX_INTERVAL_MS, 5_000, 0, 3_600_000),
    senders: (() => {
      try {
        return senderConfigFromEnv(env);
      } catch (err) {
        throw new ConfigError((err as Error).message);
      }
    })(),
    smsSignature: env.SMS_SIGNATURE ?? '【12345热线】',
    smsNumber: env.SMS_NUMBER?.trim() || '12345',
    publicUrl: publicUrlFrom(env.PUBLIC_URL, env.PORT),
    mailboxPerHour: intFrom('MAILBOX_PER_HOUR', env.MAILBOX_PER_HOUR, 10, 1, 100_000),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    redisUrl: redisUrlFrom(env.REDIS_URL),
    loginPerMinute: intFrom('LOGIN_PER_MINUTE', env.LOGIN_PER_MINUTE, 10, 1, 100_000),
    loginPerMinutePerIp: intFrom('LOGIN_PER_MINUTE_PER_IP', env.LOGIN_PER_MINUTE_PER_IP, 100, 1, 1_000_000),
  };
}

function redisUrlFrom(raw: string | undefined): string | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  if (!/^rediss?:\/\//.test(v)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${v}"`);
  return v;
}
