/**
 * The whole journey in a real browser (issue #6 §9): a citizen writes to the mailbox on the portal →
 * the dispatcher dispatches → the unit accepts and replies → its leader signs off (a written case) →
 * the supervisor approves and calls back → the citizen sees the reply on the portal. Plus: a unit
 * cannot open another unit's case, and a <script> in a case's text shows as text.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { useProduct } from './product';

const product = useProduct({ postgres: true });
const PASSWORD = 'Huiyin@12345';

async function staffPage(username: string): Promise<Page> {
  const page = await product.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  await page.goto(`${product.server.baseUrl}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();
  return page;
}

/** Opens a case page and takes one step through its form. */
async function step(page: Page, caseNo: string, action: string, fill?: (page: Page) => Promise<void>) {
  await page.goto(`${product.server.baseUrl}/cases/${caseNo}`);
  await page.locator(`[data-action="${action}"]`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill(page);
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function captchaAnswer(id: string): Promise<string> {
  const c = new pg.Client({ connectionString: product.server.databaseUrl! });
  await c.connect();
  const { rows } = await c.query<{ answer_hash: string }>('SELECT answer_hash FROM captchas WHERE id = $1', [id]);
  await c.end();
  for (let a = -20; a <= 30; a++) if (createHash('sha256').update(`${id}:${a}`).digest('hex') === rows[0]!.answer_hash) return String(a);
  throw new Error('no answer');
}

it('takes a letter from the citizen to the reply the citizen reads', async () => {
  // 1. the citizen writes, on a phone
  const citizen = await product.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const captcha = citizen.waitForResponse((r) => r.url().includes('/api/public/captcha'));
  await citizen.goto(`${product.server.baseUrl}/portal/write`);
  const { id } = (await (await captcha).json()) as { id: string };
  await citizen.getByLabel('标题').fill('望湖街道建设北路路灯连续一周不亮');
  await citizen.getByLabel('内容').fill('江北区望湖街道建设北路靠近公交站的一排路灯已经一周没亮了，晚上行人和电动车很危险，请尽快修复。');
  await citizen.getByLabel('姓名').fill('赵晓明');
  await citizen.getByLabel('手机号码').fill('13912345678');
  await citizen.getByLabel('验证码').fill(await captchaAnswer(id));
  await citizen.getByRole('button', { name: /提\s*交/ }).click();
  const caseNo = ((await citizen.getByTestId('case-no').textContent()) ?? '').trim();
  const queryCode = ((await citizen.getByTestId('query-code').textContent()) ?? '').trim();
  expect(caseNo).toMatch(/^\d{14}$/);
  expect(queryCode).toMatch(/^[23456789A-Z]{6}$/);
  await citizen.screenshot({ path: 'e2e/screenshots/portal-receipt.png' });

  // 2. the dispatcher sends it to the city-management bureau
  const dispatcher = await staffPage('dispatcher');
  await step(dispatcher, caseNo, 'dispatch', async (p) => {
    const units = p.getByLabel('承办单位（第一个为主办）');
    await units.click();
    await units.fill('城市管理');
    await p.keyboard.press('Enter');
    await p.keyboard.press('Escape');
  });
  await dispatcher.getByText('临江市城市管理综合行政执法局').first().waitFor();

  // 3. the unit accepts and replies; 4. its leader signs the written reply off
  const unit = await staffPage('h.dept-cg');
  await step(unit, caseNo, 'accept');
  await step(unit, caseNo, 'reply', async (p) => {
    // issue #7: a named citizen's reply records when they were contacted and what they said
    await p.getByLabel('处理过程（做了什么）').fill('经现场核查，建设北路12盏路灯因线路老化断电，已于当日更换电缆并全部恢复照明，今后纳入每周夜间巡查。');
    await p.getByLabel('联系群众时间').click();
    await p.getByText('此刻', { exact: true }).click();
    await p.getByLabel('群众意见').fill('满意');
    await p.locator('[data-testid="reply-checks"][data-blocking="0"]').waitFor();
  });
  const leader = await staffPage('l.dept-cg');
  await step(leader, caseNo, 'sign_off');

  // 5. the supervisor approves and calls the citizen back
  const supervisor = await staffPage('supervisor');
  await step(supervisor, caseNo, 'approve_reply');
  await step(supervisor, caseNo, 'callback', async (p) => {
    await p.getByRole('radio', { name: '满意', exact: true }).check();
  });
  await supervisor.goto(`${product.server.baseUrl}/cases/${caseNo}`);
  await supervisor.getByText('已办结').first().waitFor();

  // 6. the citizen reads the reply on the portal
  await citizen.goto(`${product.server.baseUrl}/portal/track?no=${caseNo}&code=${queryCode}`);
  await citizen.getByText('全部恢复照明', { exact: false }).first().waitFor();
  await citizen.screenshot({ path: 'e2e/screenshots/portal-track.png' });
});

it('does not let a unit open another unit’s case', async () => {
  const other = await staffPage('h.dept-cg');
  const res = await fetch(`${product.server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const list = (await (await fetch(`${product.server.baseUrl}/api/cases?unit=dept-zj&limit=1`, { headers: { cookie } })).json()) as { items: { caseNo: string }[] };
  const foreign = list.items[0]!.caseNo;
  await other.goto(`${product.server.baseUrl}/cases/${foreign}`);
  await other.getByText('诉求不存在或无权查看').waitFor();
  expect(await other.locator('[data-action]').count()).toBe(0);
});

it('shows a <script> in a case’s text as text', async () => {
  const res = await fetch(`${product.server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const evil = '<script>window.__pwned = true; alert("xss")</script><img src=x onerror="window.__pwned=true">';
  const created = await fetch(`${product.server.baseUrl}/api/cases`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'phone', kind: 'complaint', title: `测试${evil}`, content: `内容${evil}`, citizen: { name: '测试', phone: '13800138000' } }),
  });
  const c = (await created.json()) as { caseNo: string };
  const page = await staffPage('operator');
  await page.goto(`${product.server.baseUrl}/cases/${c.caseNo}`);
  await page.getByTestId('case-content').waitFor();
  expect(await page.getByTestId('case-content').textContent()).toContain('<script>window.__pwned = true;');
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});
