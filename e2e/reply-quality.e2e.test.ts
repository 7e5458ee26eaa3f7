/**
 * Reply quality in a real browser (issue #7, DOMAIN.md §7): the unit handler's perfunctory reply is
 * flagged by the live checklist and refused on submit; a concrete one with the contact time and the
 * citizen's view goes through; the supervisor reviews it with the checks in view and approves; a
 * result callback task is then open for the citizen.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useProduct } from './product';

const product = useProduct();
const PASSWORD = 'Huiyin@12345';

interface CaseRow {
  id: string;
  caseNo: string;
  state: string;
  anonymous: boolean;
  siteCheck: boolean;
  requiresSignOff: boolean;
  leadUnit: { code: string } | null;
  allowedActions: string[];
}

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${product.server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function apiGet<T>(path: string, cookie: string): Promise<T> {
  const res = await fetch(`${product.server.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function staffPage(username: string): Promise<Page> {
  const page = await product.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await page.goto(`${product.server.baseUrl}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();
  return page;
}

it('refuses a perfunctory reply, takes a concrete one, and the reviewer approves it with the checks in view', async () => {
  // a named citizen's case the city-management bureau is handling and may reply to, without site photos
  const unitCookie = await cookieOf('h.dept-cg');
  const { items } = await apiGet<{ items: CaseRow[] }>('/api/cases?state=handling&limit=200', unitCookie);
  const candidates = items.filter((c) => c.leadUnit?.code === 'dept-cg' && c.allowedActions.includes('reply') && !c.anonymous && !c.siteCheck);
  const c = candidates.find((x) => !x.requiresSignOff) ?? candidates[0]!;
  expect(c, 'a handling case of dept-cg to reply to').toBeDefined();

  const unit = await staffPage('h.dept-cg');
  await unit.goto(`${product.server.baseUrl}/cases/${c.caseNo}`);
  await unit.locator('[data-action="reply"]').click();
  const drawer = unit.getByRole('dialog');
  await drawer.waitFor();
  const checks = unit.getByTestId('reply-checks');

  // 1. perfunctory: the live checklist flags it, and the server refuses it
  await drawer.getByLabel('处理过程（做了什么）').fill('正在联系处理中');
  await checks.locator('[data-check="perfunctory_phrase"][data-state="failed"]').waitFor();
  await unit.getByRole('button', { name: '提交反馈' }).click();
  await expect.poll(() => unit.getByTestId('reply-error').textContent()).toContain('正在联系处理中');
  await unit.screenshot({ path: 'e2e/screenshots/reply-refused.png' });
  expect((await apiGet<CaseRow>(`/api/cases/${c.id}`, unitCookie)).state).toBe('handling');

  // 2. concrete, with when the citizen was contacted and what they said
  await drawer.getByLabel('处理过程（做了什么）').fill('11月20日上午，执法队员到现场核查，约谈当事商户负责人，责令其当日整改。');
  await drawer.getByLabel('处理结果').fill('问题已于当日整改到位，现场已恢复正常，并已电话告知诉求人。');
  await drawer.getByLabel('政策依据（如有）').fill('依据《城市市容和环境卫生管理条例》相关规定。');
  await drawer.getByLabel('联系群众时间').click();
  await unit.getByText('此刻', { exact: true }).click();
  await drawer.getByLabel('群众意见').fill('满意');
  await unit.locator('[data-testid="reply-checks"][data-blocking="0"]').waitFor();
  await expect.poll(() => checks.locator('[data-check="citizen_contact"]').getAttribute('data-state')).toBe('passed');
  await unit.getByRole('button', { name: '提交反馈' }).click();
  await drawer.waitFor({ state: 'detached' });
  const replied = await apiGet<CaseRow & { version: number }>(`/api/cases/${c.id}`, unitCookie);
  expect(replied.state).toBe(c.requiresSignOff ? 'pending_signoff' : 'replied');
  if (c.requiresSignOff) {
    // a written or supervised case: the unit's principal signs it off first (their own screen is tested elsewhere)
    const res = await fetch(`${product.server.baseUrl}/api/cases/${c.id}/sign-off`, { method: 'POST', headers: { cookie: await cookieOf('l.dept-cg'), 'content-type': 'application/json' }, body: JSON.stringify({ version: replied.version }) });
    expect(res.status).toBe(200);
  }

  // 3. the supervisor reviews it with the checks, rework count and sign-off in view, and approves
  const supervisor = await staffPage('supervisor');
  await supervisor.goto(`${product.server.baseUrl}/queue`);
  await supervisor.getByRole('option', { name: new RegExp(c.caseNo) }).click();
  const review = supervisor.getByRole('region', { name: '诉求与反馈' });
  await review.getByText(c.caseNo).first().waitFor();
  await review.locator('[data-testid="reply-checks"][data-blocking="0"]').waitFor();
  await review.locator('[data-check="perfunctory_phrase"][data-state="passed"]').waitFor();
  expect(await review.locator('[data-rework-count]').getAttribute('data-rework-count')).toMatch(/^\d+$/);
  await supervisor.screenshot({ path: 'e2e/screenshots/reply-review.png' });
  await review.locator('[data-decision="approve_reply"]').click();
  await expect.poll(async () => (await apiGet<CaseRow>(`/api/cases/${c.id}`, unitCookie)).state).toBe('pending_callback');

  // 4. the citizen's result callback is now a task (a call, or a rating link for SMS and online requests)
  const tasks = await apiGet<{ caseId: string; type: string; method: string }[]>('/api/callback-tasks?type=result&limit=500', await cookieOf('supervisor'));
  expect(tasks.find((x) => x.caseId === c.id)).toMatchObject({ type: 'result' });
});
