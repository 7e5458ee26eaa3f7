/**
 * Statistics and reports in a real browser (issue #8): a leader breaks the period's figures down by
 * district and sees the chart and the table; then opens a weekly report and downloads it as Word.
 */
import { expect, it } from 'vitest';
import { useProduct } from './product';

const product = useProduct();
const PASSWORD = 'Huiyin@12345';

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${product.server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

it('shows the statistics by district, and a weekly report with its Word file', async () => {
  const base = product.server.baseUrl;
  // the schedule makes last week's report from 08:00 Shanghai time on the timer loop, which the
  // browser tests' server runs without: the supervisor makes one if there is none
  const weekly = (await (await fetch(`${base}/api/reports?kind=weekly`, { headers: { cookie: await cookieOf('leader') } })).json()) as { id: string }[];
  if (weekly.length === 0) {
    const made = await fetch(`${base}/api/reports`, { method: 'POST', headers: { cookie: await cookieOf('supervisor'), 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'weekly' }) });
    expect(made.status).toBe(201);
  }

  const page = await product.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();

  // 统计分析, by district: the chart and a table row of the demo city's districts
  await page.getByTestId('main-menu').getByRole('link', { name: '统计分析' }).click();
  await page.getByRole('heading', { level: 1, name: '统计分析' }).waitFor();
  await page.locator('label', { hasText: /^区县$/ }).click();
  expect(await page.getByRole('radio', { name: '区县', exact: true }).isChecked()).toBe(true);
  await page.locator('[role="img"][aria-label="各区县受理量条形图"] svg').waitFor();
  await page.getByRole('cell', { name: /^(江北区|江南区|临河县)$/ }).first().waitFor();
  await page.screenshot({ path: 'e2e/screenshots/statistics_by_district.png', fullPage: true });

  // 报告: the weekly reports, one opened, its Word file downloaded with the page's session
  await page.getByTestId('main-menu').getByRole('link', { name: '报告' }).click();
  await page.getByRole('tab', { name: '周报' }).waitFor();
  const link = page.getByTestId('report-link').first();
  await link.waitFor();
  const title = (await link.textContent())!.trim();
  expect(title).toMatch(/^周报/);
  await link.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText('热点问题').first().waitFor();
  await page.screenshot({ path: 'e2e/screenshots/report_weekly.png', fullPage: true });
  const href = await page.getByTestId('download-docx').getAttribute('href');
  expect(href).toMatch(/^\/api\/reports\/[0-9a-f-]{36}\/docx$/);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await fetch(`${base}${href}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('wordprocessingml');
  const body = Buffer.from(await res.arrayBuffer());
  expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(errors).toEqual([]);
});
