/** OpenAPI at /openapi.json documents every API route, and Swagger UI answers at /docs. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

it('documents every /api route with its schema', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toMatch(/^3\./);
  const routes = t.app.printRoutes({ commonPrefix: false });
  for (const path of ['/api/cases', '/api/cases/{id}', '/api/cases/{id}/dispatch', '/api/cases/{id}/callbacks', '/api/public/cases/{no}', '/api/auth/login', '/api/units', '/api/users', '/api/tokens']) {
    expect(Object.keys(doc.paths), path).toContain(path);
  }
  expect(routes).toContain('dispatch');
  const register = doc.paths['/api/cases'].post;
  expect(register.requestBody.content['application/json'].schema.required).toEqual(['channel', 'kind', 'title', 'content']);
  expect(register.responses['409'] ?? register.responses['400']).toBeDefined();
});

it('documents every /api and /open311 route, each with a summary and a tag (issue #11 §4)', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const routes = t.app.routeList.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/open311/')) && r.method !== 'HEAD' && !r.hide);
  expect(routes.length).toBeGreaterThan(100);
  const missing: string[] = [];
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    if (!op || !op.summary || !op.tags?.length) missing.push(`${r.method} ${r.url}`);
  }
  expect(missing).toEqual([]);
});

it('serves Swagger UI at /docs without login', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/docs/' });
  expect([200, 302]).toContain(res.statusCode);
});

it('answers unknown routes with the error shape', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('not_found');
});
