import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { Customer, freePort, openDesk, startDevServer } from './helpers';

test('against a v1 backend the workspace parts are hidden and replies work as before', async ({ browser }) => {
  const port = await freePort();
  const server = await startDevServer(port, mkdtempSync(path.join(tmpdir(), 'mesa-v1-')), ['--contract', 'v1']);
  const base = `http://127.0.0.1:${port}`;
  const api = await playwrightRequest.newContext({ baseURL: base });
  const page = await browser.newPage({ baseURL: base });
  try {
    expect((await api.get('/api/v1/admin/capabilities')).status()).toBe(404);
    const customer = await Customer.signIn(api, 3);
    const ticket = await customer.openTicket('Servidor v1');
    await openDesk(page, `/tickets/${ticket}`);
    await expect(page.getByTestId('message')).toHaveCount(1);
    await page.getByTestId('composer-input').fill('Respuesta en v1');
    await page.getByTestId('composer-input').press('Enter');
    await expect(page.locator('[data-testid=message][data-state=sent]')).toContainText('Respuesta en v1');
    // Only once the reply is stored do we know the panel has settled on what the backend offers.
    await expect(page.getByTestId('note-toggle')).toHaveCount(0);
    await expect(page.getByTestId('mentions-inbox')).toHaveCount(0);
    await page.locator('body').press('n');
    await expect(page.locator('form.composer')).toHaveAttribute('data-mode', 'reply');
    await page.getByTestId('close-ticket').click();
    await expect(page.getByTestId('reopen-ticket')).toBeVisible();
    await expect(page.getByTestId('composer-input')).toHaveCount(0);
  } finally {
    await page.close();
    await api.dispose();
    server.kill('SIGKILL');
  }
});
