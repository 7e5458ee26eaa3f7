/**
 * One LISTEN per instance, fanned out to this instance's event streams (GET /api/events).
 *
 * - PostgreSQL: a dedicated `pg.Client` outside the pool (a pooled connection would be handed to
 *   queries and lose its LISTEN), reconnecting with backoff (0.5 s doubling, at most 30 s). After
 *   a reconnect every stream gets `resync`: notices sent while the connection was down are lost.
 * - PGlite: `pglite.listen`, taken through the pool's mutex so it never lands inside a transaction.
 *
 * The listener starts with the first stream, not at boot: an instance nobody watches holds no
 * extra connection. Who receives a notice is decided from the database when it arrives (the case's
 * active units and registering unit, core's `canView`), never from the notice itself.
 */
import pg from 'pg';
import type { DatabaseHandle } from '../db/database';
import { loadCaseUnits } from '../cases/cases.repo';
import { canView, type Viewer } from '../../core/visibility';
import { CASE_CHANNEL, parseNotice, type CaseNotice } from './case-events';

/** What a stream is sent for one notice: the change, or that the case left the viewer's sight. */
export interface CaseEventOut {
  caseId: string;
  caseNo: string;
  state: string;
  version: number;
  action: string;
  leadUnitId: string | null;
  /** The case's active lead and co-handling units now. */
  unitIds: string[];
  at: string;
}

export interface Subscriber {
  viewer: Viewer;
  /** The SHA-256 of the session cookie or token it authenticated with. */
  credential: string;
  send(event: 'case' | 'case-gone' | 'resync', data: unknown): void;
  /** Ends the stream (`bye` with the reason, then close). */
  close(reason: string): void;
}

interface Audience {
  registeredBy: string | null;
  confidential: boolean;
  paths: string[];
  regPath: string | null;
  unitIds: string[];
}

export interface HubLog {
  warn(o: unknown, msg: string): void;
}

export class CaseEventHub {
  private readonly subs = new Set<Subscriber>();
  private starting: Promise<void> | undefined;
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private pending: CaseNotice[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Heartbeat and session re-check interval of the streams (tests shorten it). */
  heartbeatMs = 20_000;
  /** Streams one user may hold open on this instance. */
  maxStreamsPerUser = 5;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly log: HubLog = { warn: () => undefined },
  ) {}

  streamsOf(userId: string): number {
    let n = 0;
    for (const s of this.subs) if (s.viewer.userId === userId) n++;
    return n;
  }

  /** Adds a stream; resolves once this instance listens, so no later commit is missed. */
  async subscribe(sub: Subscriber): Promise<() => void> {
    this.subs.add(sub);
    await this.start();
    return () => void this.subs.delete(sub);
  }

  /** Ends the streams that match, e.g. those of a session that logged out. */
  closeWhere(match: (s: Subscriber) => boolean, reason: string): void {
    for (const s of [...this.subs]) {
      if (match(s)) {
        this.subs.delete(s);
        s.close(reason);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearTimeout(this.flushTimer);
    this.closeWhere(() => true, 'shutdown');
    await this.starting?.catch(() => undefined);
    await this.flushing;
    await this.unlisten?.().catch(() => undefined);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private start(): Promise<void> {
    this.starting ??= this.handle.engine === 'postgres' ? this.connectPg().catch((err) => this.lost(undefined, err)) : this.listenPGlite();
    return this.starting;
  }

  private async listenPGlite(): Promise<void> {
    const pglite = this.handle.pglite;
    if (!pglite) return;
    // through the pool's mutex: a LISTEN inside another request's transaction would roll back with it
    await this.handle.db.connection().execute(async () => {
      this.unlisten = await pglite.listen(CASE_CHANNEL, (payload) => this.receive(payload));
    });
  }

  private async connectPg(): Promise<void> {
    if (!this.handle.url) throw new Error('the real-time listener needs the PostgreSQL URL');
    const client = new pg.Client({ connectionString: this.handle.url });
    client.on('notification', (m) => {
      if (m.channel === CASE_CHANNEL && m.payload) this.receive(m.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CASE_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.attempt = 0;
  }

  /** The LISTEN connection failed or ended: reconnect with backoff, then tell the streams to reload. */
  private lost(client: pg.Client | undefined, err?: unknown): void {
    if (this.closed || (client && this.client !== client) || this.retry) return;
    this.client = undefined;
    client?.end().catch(() => undefined);
    const delay = Math.min(30_000, 500 * 2 ** this.attempt++);
    this.log.warn({ err, delay }, 'real-time listener lost its connection; reconnecting');
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connectPg().then(
        () => this.broadcast('resync', { reason: 'reconnected' }),
        (e) => this.lost(undefined, e),
      );
    }, delay);
    this.retry.unref();
  }

  private broadcast(event: 'resync', data: unknown): void {
    for (const s of this.subs) s.send(event, data);
  }

  private receive(payload: string): void {
    const notice = parseNotice(payload);
    if (!notice || this.subs.size === 0) return;
    this.pending.push(notice);
    // a transaction's notices arrive together: resolve their audiences with one query
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const batch = this.pending.splice(0);
      this.flushing = this.flushing.then(() => this.deliver(batch)).catch((err) => this.log.warn({ err }, 'real-time delivery failed'));
    }, 15);
  }

  private async deliver(batch: CaseNotice[]): Promise<void> {
    if (this.subs.size === 0 || this.closed) return;
    const audiences = await this.audiences(batch);
    for (const n of batch) {
      const a = audiences.cases.get(n.caseId);
      if (!a) continue;
      const out: CaseEventOut = { caseId: n.caseId, caseNo: n.caseNo, state: n.state, version: n.version, action: n.action, leadUnitId: n.leadUnitId, unitIds: a.unitIds, at: n.at };
      const before = n.unitIds.map((id) => audiences.paths.get(id)).filter((p): p is string => !!p);
      for (const s of this.subs) {
        const v = s.viewer;
        const paths = !v.atCentre && a.regPath ? [...a.paths, a.regPath] : a.paths;
        if (canView(v, { registeredBy: a.registeredBy, unitPaths: paths, confidential: a.confidential })) s.send('case', out);
        else if (!v.atCentre && v.unitPath && before.some((p) => p.startsWith(v.unitPath))) {
          // it was this unit's (returned, re-dispatched): only what it already knew, so its queue drops the case
          s.send('case-gone', { caseId: n.caseId, caseNo: n.caseNo, version: n.version });
        }
      }
    }
  }

  private async audiences(batch: CaseNotice[]): Promise<{ cases: Map<string, Audience>; paths: Map<string, string> }> {
    const db = this.handle.db;
    const ids = [...new Set(batch.map((n) => n.caseId))];
    const rows = await db
      .selectFrom('cases')
      .leftJoin('units as ru', 'ru.id', 'cases.registered_unit_id')
      .select(['cases.id', 'cases.registered_by', 'cases.confidential', 'ru.path as regPath'])
      .where('cases.id', 'in', ids)
      .execute();
    const units = await loadCaseUnits(db, ids);
    const cases = new Map<string, Audience>();
    for (const r of rows) {
      const us = units.get(r.id) ?? [];
      cases.set(r.id, { registeredBy: r.registered_by, confidential: r.confidential, regPath: r.regPath, paths: us.map((u) => u.path), unitIds: us.map((u) => u.unitId) });
    }
    const before = [...new Set(batch.flatMap((n) => n.unitIds))];
    const paths = new Map(before.length ? (await db.selectFrom('units').select(['id', 'path']).where('id', 'in', before).execute()).map((u) => [u.id, u.path] as const) : []);
    return { cases, paths };
  }
}
