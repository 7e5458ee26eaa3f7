/**
 * A person opening the product in a real browser: the API documentation of a freshly started
 * Huiyin with its demo city.
 */
import { expect, it } from 'vitest';
import { useProduct } from './product';

const product = useProduct();

it('shows the API documentation with the case steps in Chinese', async () => {
  const page = await product.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await page.goto(`${product.server.baseUrl}/docs/`);
  await page.getByText('Huiyin 回音').first().waitFor({ timeout: 30_000 });
  await expect(page.getByText('登记诉求 — register a case').count()).resolves.toBeGreaterThan(0);
  // Swagger UI renders a long list of operations as the reader scrolls: scroll to the case steps
  for (let i = 0; i < 120 && (await page.getByText('交办 / 改派').count()) === 0; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(150); // let the list render what scrolled into view
  }
  await expect(page.getByText('交办 / 改派').count()).resolves.toBeGreaterThan(0);
  await page.screenshot({ path: 'e2e/screenshots/api-docs.png' });
});

it('tracks a demo case on the public endpoint as a citizen’s browser would', async () => {
  const page = await product.browser.newPage({ locale: 'zh-CN' });
  const res = await page.goto(`${product.server.baseUrl}/api/public/cases/20000101000001?code=ABCDEF`);
  expect(res?.status()).toBe(404);
  expect(await page.textContent('body')).toContain('未找到该诉求');
});
