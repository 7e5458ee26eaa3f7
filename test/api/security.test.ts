/**
 * Web security (issue #9 §3, the parts done so far): lockout after failed logins, the password
 * policy, and CSRF protection of cookie sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, PASSWORD, sampleCase, tokenClient, type Client, type TestApp, type World } from '../app';
import { passwordProblem } from '../../src/core/password';
import { loadConfig } from '../../src/server/config';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
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
