import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { Customer, freePort, openDesk, startDevServer } from './helpers';
import { socketFaults } from './socket-faults';

const MESSAGES = 100;
const numbered = Array.from({ length: MESSAGES }, (_, i) => `Mensaje ${i + 1}`);

async function expectWholeThread(page: Page, ticket: number) {
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('message')).toHaveCount(MESSAGES + 1, { timeout: 30_000 });
  const texts = await page.getByTestId('message').locator('.message-text').allTextContents();
  expect(texts).toEqual(['Inicio', ...numbered]);
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-preview')).toHaveText(`Mensaje ${MESSAGES}`);
}

test('100 messages through 5 dropped connections and a refusal: all shown, once, in order @pusher-server', async ({ page, request }) => {
  test.setTimeout(120_000);
  const customer = await Customer.signIn(request, 26);
  const ticket = await customer.openTicket('Inicio');
  const faults = await socketFaults(page, request);
  try {
    await openDesk(page, `/tickets/${ticket}`);
    await expect(page.getByTestId('message')).toHaveCount(1);

    for (let n = 1; n <= MESSAGES; n++) {
      if (n === 40) await faults.refuse(3);
      if ([10, 25, 40, 55, 70].includes(n)) await faults.drop();
      await customer.send(ticket, `Mensaje ${n}`);
      // Messages keep coming while the connection is down: the pace of a chatty customer.
      await page.waitForTimeout(300);
    }
    await expectWholeThread(page, ticket);
  } finally {
    await faults.refuse(0);
    await faults.close();
  }
});

test('100 messages with the dev server killed and restarted midway: all shown, once, in order', async ({ browser }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mesa-restart-'));
  let server = await startDevServer(port, dir);
  const base = `http://127.0.0.1:${port}`;
  const api = await playwrightRequest.newContext({ baseURL: base });
  const page = await browser.newPage({ baseURL: base });
  try {
    const customer = await Customer.signIn(api, 27);
    const ticket = await customer.openTicket('Inicio');
    await openDesk(page, `/tickets/${ticket}`);
    await expect(page.getByTestId('message')).toHaveCount(1);

    for (let n = 1; n <= MESSAGES; n++) {
      if (n === 50) {
        server.kill('SIGKILL');
        await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'connected');
        await page.waitForTimeout(2_000);
        server = await startDevServer(port, dir);
      }
      await customer.send(ticket, `Mensaje ${n}`);
      await page.waitForTimeout(200);
    }
    await expectWholeThread(page, ticket);
  } finally {
    await page.close();
    await api.dispose();
    server.kill('SIGKILL');
  }
});
