import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { Customer, freePort, openDesk, startDevServer } from './helpers';
import { socketFaults, type SocketFaults } from './socket-faults';

// On sockudo the socket goes through the fault proxy, an origin the served
// CSP does not name (see socket-faults.ts).
test.use({ bypassCSP: true });

const MESSAGES = 100;
const numbered = Array.from({ length: MESSAGES }, (_, i) => `Mensaje ${i + 1}`);

const whole = ['Inicio', ...numbered];

/** The messages in the page (a run of the thread), oldest first: [id, text]. */
async function messagesInPage(page: Page): Promise<[string, string][]> {
  return page.getByTestId('message').evaluateAll((nodes) =>
    nodes.map((n) => [n.getAttribute('data-message-id') ?? '', n.querySelector('.message-text')?.textContent ?? '']),
  );
}

/** Every message of the open thread, oldest first, as the admin reads them
 * scrolling up from the newest: only a run of the thread is in the page. */
async function threadAsRead(page: Page): Promise<[string, string][]> {
  const scroll = page.getByTestId('thread-scroll');
  let read = await messagesInPage(page);
  while (read.length > 0 && read[0][1] !== 'Inicio') {
    const first = read[0][0];
    await scroll.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await messagesInPage(page))[0]?.[0]).not.toBe(first);
    const run = await messagesInPage(page);
    const at = run.findIndex(([id]) => id === first);
    expect(at, 'the run revealed above ends where the one read began').toBeGreaterThan(0);
    read = [...run.slice(0, at), ...read];
  }
  return read;
}

async function expectWholeThread(page: Page, ticket: number) {
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  // The newest messages, in order, with none missing among them (a catch-up may still be filling a gap).
  await expect
    .poll(async () => {
      const texts = (await messagesInPage(page)).map(([, text]) => text);
      return texts.length > 0 && texts.join('\n') === whole.slice(whole.length - texts.length).join('\n');
    }, { timeout: 30_000 })
    .toBe(true);
  const read = await threadAsRead(page);
  expect(read.map(([, text]) => text)).toEqual(whole);
  expect(new Set(read.map(([id]) => id)).size, 'each message once').toBe(whole.length);
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-preview')).toHaveText(`Mensaje ${MESSAGES}`);
}

/** Drops the panel's socket and refuses it for 2 s; `meanwhile` runs while
 * it is down; returns once it is connected again. */
async function throughOutage(page: Page, faults: SocketFaults, meanwhile: () => Promise<unknown>) {
  await faults.refuse(2);
  await faults.drop();
  await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'connected');
  await meanwhile();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
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

test('messages sent while the socket was down are caught up even when a newer one is heard first', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 37);
  const ticket = await customer.openTicket('Inicio');
  const faults = await socketFaults(page, request);
  // On the new connection the admin channel's authorization waits until
  // released: the panel is then not yet resubscribed, while the ticket's
  // channel is, and hears a message newer than those it missed.
  let holding = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/broadcasting/auth', async (route) => {
    if (holding && (route.request().postData() ?? '').includes('channel_name=private-support.admin')) await released;
    await route.continue();
  });
  try {
    await openDesk(page, `/tickets/${ticket}`);
    await expect(page.getByTestId('message')).toHaveCount(1);
    holding = true;
    const missed = ['Mientras no había conexión 1', 'Mientras no había conexión 2'];
    await throughOutage(page, faults, async () => {
      for (const text of missed) await customer.send(ticket, text);
    });

    // One message a poll, until one is heard.
    const live: string[] = [];
    await expect
      .poll(async () => {
        live.push(`En vivo ${live.length + 1}`);
        await customer.send(ticket, live[live.length - 1]);
        return page.locator('.message-text', { hasText: 'En vivo' }).count();
      }, { timeout: 20_000 })
      .toBeGreaterThan(0);
    release();

    const whole = ['Inicio', ...missed, ...live];
    await expect
      .poll(async () => (await messagesInPage(page)).map(([, text]) => text), { timeout: 20_000 })
      .toEqual(whole);
  } finally {
    release();
    await faults.refuse(0);
    await faults.close();
  }
});

test('a catch-up that fails is tried again until the messages sent while the socket was down arrive', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 39);
  const ticket = await customer.openTicket('Inicio');
  const faults = await socketFaults(page, request);
  // The thread's catch-ups answer 503 while `failing`.
  let failing = false;
  let failed = 0;
  await page.route(`**/api/v1/admin/support/tickets/${ticket}/messages?after_id=*`, async (route) => {
    if (!failing) return route.continue();
    failed += 1;
    await route.fulfill({ status: 503, json: { message: 'Service Unavailable' } });
  });
  await page.clock.install();
  try {
    await openDesk(page, `/tickets/${ticket}`);
    await expect(page.getByTestId('message')).toHaveCount(1);
    failing = true;
    await throughOutage(page, faults, () => customer.send(ticket, 'Mientras no había conexión'));

    // Both catch-ups of the reconnect (the channel's, then every channel's)
    // fail, each after the API client's own three retries (1, 2 and 4 s).
    await expect
      .poll(async () => {
        await page.clock.fastForward(1_000);
        return failed;
      }, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(8);
    const missed = page.getByTestId('message').filter({ hasText: 'Mientras no había conexión' });
    await expect(missed).toHaveCount(0);

    // The API answers again: the next try, 15 s later, brings the message.
    failing = false;
    await page.clock.fastForward(15_000);
    await expect(missed).toHaveCount(1);
    await expect(page.getByTestId('message')).toHaveCount(2);
  } finally {
    failing = false;
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
