// Wherever the panel is served (the dev server, and in the @pusher-server runs
// the Laravel app), it carries the headers a deployment's `_headers` does,
// from the same generator (crate `serving`), and runs under them: a signed-in
// desk with its live connection and no CSP violation.
import { expect, test } from '@playwright/test';
import { failOnPageErrors, openDesk } from './helpers';

test('the panel is served with the strict CSP, frame-ancestors, nosniff and no referrer, and runs under it @pusher-server', async ({ page }) => {
  failOnPageErrors(page);
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.text().includes('CSP violation')) violations.push(message.text());
  });

  const response = await page.goto('/tickets/1');
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/^default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');

  await openDesk(page);
  expect(violations).toEqual([]);
});
