/**
 * The knowledge base on the operator's desk (issue #12 §1–2): the bulletin board shows the units'
 * filings; a consultation typed into the registration form brings up the guide that answers it;
 * the operator uses it to answer on the spot, the case closes, and the article's use is counted.
 */
import { expect, it } from 'vitest';
import { useProduct } from './product';

const product = useProduct();
const PASSWORD = 'Huiyin@12345';
const GUIDE = '住房公积金租房提取办理指南';

interface ArticleRow {
  id: string;
  title: string;
  useCount: number;
  body?: string;
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

it('suggests the guide for a consultation, answers on the spot with it, and counts its use', async () => {
  const cookie = await cookieOf('operator');
  const found = await apiGet<{ items: ArticleRow[] }>(`/api/knowledge?q=${encodeURIComponent('租房提取公积金')}`, cookie);
  const guide = found.items.find((a) => a.title === GUIDE);
  expect(guide, 'the demo city publishes the guide').toBeDefined();
  const article = await apiGet<ArticleRow & { body: string }>(`/api/knowledge/${guide!.id}`, cookie);

  const context = await product.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${product.server.baseUrl}/`);
  await page.getByLabel('用户名').fill('operator');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();

  // the bulletin board: the units' filings under way, by type
  await page.goto(`${product.server.baseUrl}/bulletin`);
  await page.locator('[data-testid="bulletin"] [data-filing="滨江路半幅封闭施工"]').waitFor();
  await page.locator('[data-testid="bulletin"] [data-filing="望湖街道燃气管道抢修"]').waitFor();

  // a consultation typed into the registration form brings up the guide, with the words that matched
  await page.goto(`${product.server.baseUrl}/register`);
  await page.getByLabel('标题').fill('咨询租房提取公积金');
  await page.getByLabel('诉求内容').fill('市民在本市租房居住，想提取住房公积金交房租，问需要什么材料、在哪里办理。');
  const suggested = page.locator(`[data-testid="suggested-articles"] [data-article="${GUIDE}"]`);
  await suggested.waitFor();
  expect(await suggested.textContent()).toContain('公积金');
  await page.screenshot({ path: 'e2e/screenshots/knowledge_suggested.png' });

  // chosen before registering: its text becomes the answer on the spot
  await suggested.getByTestId('use-article').click();
  await page.getByLabel('诉求类型').click();
  await page.locator('.ant-select-item-option[title="咨询"]').click();
  await page.getByLabel('诉求人姓名').fill('王先生');
  await page.getByTestId('register-submit').click();
  await page.getByTestId('registered').waitFor();
  const caseNo = (await page.getByTestId('case-no').textContent())!.trim();
  await page.getByTestId('answer-article').waitFor();
  expect(await page.locator('#answer-on-spot').inputValue()).toBe(article.body.slice(0, 4000));
  await page.getByTestId('answer-on-spot').click();
  await page.getByTestId('answered').waitFor();
  await page.screenshot({ path: 'e2e/screenshots/knowledge_answered.png' });

  // the case is closed, and the guide has been used once more
  expect((await apiGet<{ state: string }>(`/api/cases/${caseNo}`, cookie)).state).toBe('closed');
  expect((await apiGet<ArticleRow>(`/api/knowledge/${guide!.id}`, cookie)).useCount).toBe(article.useCount + 1);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
