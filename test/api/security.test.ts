/**
 * Web security (issue #9 §3): lockout after failed logins, the password policy, CSRF protection of
 * cookie sessions, security headers, rate limits on login and the public routes, session expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, PASSWORD, sampleCase, tokenClient, type Client, type TestApp, type World } from '../app';
import { passwordProblem } from '../../src/core/password';
import { loadConfig } from '../../src/server/config';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  // the lockout test below makes more attempts at one account than the per-minute limit allows
  t = await createTestApp(undefined, { LOGIN_PER_MINUTE: '100' });
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login lockout', () => {
  it('locks an account for 15 minutes after 5 failures in a row, even against the right password; a success resets the count', async () => {
    const user = w.users.handlerB!;
    for (let i = 0; i < 4; i++) expect((await login(user, 'Wrong-Password-9')).statusCode).toBe(401);
    expect((await login(user, PASSWORD)).statusCode).toBe(200); // the count starts again
    for (let i = 0; i < 5; i++) expect((await login(user, 'Wrong-Password-9')).statusCode).toBe(401);
    const locked = await login(user, PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('auth.locked');
    expect(locked.json().error.message).toContain('15 分钟');
    t.advance(14 * 60_000);
    expect((await login(user, PASSWORD)).statusCode).toBe(423);
    t.advance(61_000);
    expect((await login(user, PASSWORD)).statusCode).toBe(200);
    // an unknown user is never "locked": nothing reveals which usernames exist
    for (let i = 0; i < 6; i++) expect((await login('no-such-user', 'Wrong-Password-9')).statusCode).toBe(401);
  });
});

describe('password policy', () => {
  it.each([
    ['short', 'Ab1!', /10/],
    ['two kinds only', 'abcdefghij12', /三种/],
    ['containing the username', 'Xyzoperator-1', /用户名/],
  ])('refuses a password that is %s', (_what, pw, why) => {
    expect(passwordProblem(pw, 'operator')?.zh).toMatch(why);
  });

  it('applies when an admin creates or changes a user, and to ADMIN_PASSWORD', async () => {
    const weak = await c.admin!.post('/api/users', { username: `weak-${w.suffix}`, displayName: '弱密码', password: 'password12', role: 'operator', unit: w.units.centre.code });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.field).toBe('password');
    expect((await c.admin!.post('/api/users', { username: `strong-${w.suffix}`, displayName: '强密码', password: 'Linjiang#2026', role: 'operator', unit: w.units.centre.code })).statusCode).toBe(201);
    const id = (await c.admin!.get('/api/users')).json().find((u: { username: string }) => u.username === `strong-${w.suffix}`).id;
    expect((await c.admin!.patch(`/api/users/${id}`, { password: 'short1A' })).statusCode).toBe(400);
    expect((await c.admin!.patch(`/api/users/${id}`, { password: `Strong-${w.suffix}-x9` })).statusCode).toBe(400); // contains the username
    expect((await c.admin!.patch(`/api/users/${id}`, { password: 'Another#Pass9' })).statusCode).toBe(204);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'admin123' }, [])).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ ADMIN_PASSWORD: 'Linjiang#2026' }, []).adminPassword).toBe('Linjiang#2026');
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated step another site makes the browser send; same-site and token calls go through', async () => {
    const cookieLogin = await login(w.users.operator!, PASSWORD);
    const cookie = `hy_session=${cookieLogin.cookies.find((x) => x.name === 'hy_session')!.value}`;
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'content-type': 'application/json', host: 'hotline.example.gov.cn', ...headers }, payload: sampleCase() });
    const evil = await post({ origin: 'https://evil.example.com' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.details.csrf).toBe(true);
    expect((await post({ referer: 'https://evil.example.com/page' })).statusCode).toBe(403);
    expect((await post({ origin: 'null' })).statusCode).toBe(403);
    expect((await post({ origin: 'https://hotline.example.gov.cn' })).statusCode).toBe(201);
    expect((await post({})).statusCode).toBe(201); // no browser origin: not a cross-site request
    // reading is never refused, and a token is not a cookie
    expect((await t.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie, origin: 'https://evil.example.com' } })).statusCode).toBe(200);
    const token = await tokenClient(t, w, w.users.operator!);
    expect((await token.post('/api/cases', sampleCase())).statusCode).toBe(201);
  });
});

describe('security headers', () => {
  it('every answer carries helmet\'s headers and a content security policy that allows only this origin\'s scripts', async () => {
    for (const url of ['/api/auth/me', '/healthz', '/docs', '/api/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-eval');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });
});

describe('rate limits', () => {
  let r: TestApp;
  let rw: World;
  beforeAll(async () => {
    r = await createTestApp(undefined, { LOGIN_PER_MINUTE: '10', LOGIN_PER_MINUTE_PER_IP: '40' });
    rw = await makeWorld(r);
  });
  afterAll(async () => r?.close());
  const attempt = (username: string, ip = '203.0.113.7') =>
    r.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password: 'Wrong-Password-9' } });

  it('slows password guessing at one user name from one address, without blocking other users or other addresses', async () => {
    const user = 'nobody-' + rw.suffix;
    for (let i = 0; i < 10; i++) expect((await attempt(user)).statusCode).toBe(401);
    const limited = await attempt(user);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toBe('请求过于频繁，请稍后再试');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('someone-else-' + rw.suffix)).statusCode).toBe(401);
    expect((await attempt(user, '198.51.100.9')).statusCode).toBe(401);
    // the right password is not let through while limited either
    const real = await r.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.7', payload: { username: user, password: PASSWORD } });
    expect(real.statusCode).toBe(429);
  });

  it('caps all login attempts from one address (password spraying over many user names)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await attempt(`spray-${i}-${rw.suffix}`, '192.0.2.55')).statusCode);
    expect(statuses.slice(0, 40).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(40).every((s) => s === 429)).toBe(true);
  });

  it('limits how fast one address can guess a case\'s query code on the public tracking page', async () => {
    const track = () => r.app.inject({ method: 'GET', url: '/api/public/cases/20260302000001?code=0000', remoteAddress: '203.0.113.99' });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await track()).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404 || s === 403 || s === 400)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describe('session expiry', () => {
  it('a session ends SESSION_HOURS after login: the cookie stops working and the user must log in again', async () => {
    const s = await createTestApp(undefined, { SESSION_HOURS: '12' });
    try {
      const sw = await makeWorld(s);
      const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: sw.users.operator!, password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = `hy_session=${res.cookies.find((x) => x.name === 'hy_session')!.value}`;
      const me = () => s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      s.advance(11 * 3_600_000);
      expect((await me()).statusCode).toBe(200);
      s.advance(2 * 3_600_000);
      const expired = await me();
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('auth.unauthenticated');
    } finally {
      await s.close();
    }
  });
});

/** Redis on this machine (a service like PostgreSQL); the test says so when it is not there. */
async function redisReachable(): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const sock = connect(6379, '127.0.0.1', () => (sock.end(), resolve(true)));
    sock.on('error', () => resolve(false));
    sock.setTimeout(1000, () => (sock.destroy(), resolve(false)));
  });
}

describe('rate limits shared by instances (REDIS_URL)', async () => {
  const up = await redisReachable();
  it.skipIf(!up)('two instances behind a load balancer count one address\'s attempts together', async () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', LOGIN_PER_MINUTE: '6', LOGIN_PER_MINUTE_PER_IP: '1000' };
    const a = await createTestApp(undefined, env);
    const b = await createTestApp(undefined, env);
    try {
      const user = `shared-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const attempt = (x: TestApp) => x.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.42', payload: { username: user, password: 'Wrong-Password-9' } });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await attempt(i % 2 ? a : b)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
