import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { Customer, devFault, failOnPageErrors, resetDevFaults, inAdminMenu } from './helpers';

const LUCIA = { email: 'lucia@mesa.test', password: 'password', name: 'Lucía Ramírez' };
const DIEGO = { email: 'diego@mesa.test', password: 'password', name: 'Diego Herrera' };
const CARLOS = { email: 'carlos@mesa.test', password: 'password', name: 'Carlos Méndez', id: 2 };
type Admin = typeof LUCIA;

test.afterEach(async ({ request }) => {
  await resetDevFaults(request);
});

async function signInAs(page: Page, admin: Admin, { remember = false } = {}) {
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  if (remember) await page.getByTestId('login-remember').check();
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-admin')).toHaveText(admin.name);
}

async function adminToken(request: APIRequestContext, admin: Admin): Promise<{ token: string; id: number }> {
  const response = await request.post('/api/v1/admin/auth/login', { data: { email: admin.email, password: admin.password } });
  expect(response.ok()).toBeTruthy();
  const body = await response.json();
  return { token: body.token, id: body.admin.id };
}

const adminReplies = (thread: { messages: { is_from_admin: boolean; message: string; sender: { name: string } }[] }) =>
  thread.messages.filter((m) => m.is_from_admin).map((m) => `${m.sender.name}: ${m.message}`);

test("on one browser, nothing of Lucía's is sent, shown or pre-filled for Diego, and she gets it back to send on her word", async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 31);
  const ticketA = await customer.openTicket('Ayuda con A', 'Ticket A compartido');
  const ticketB = await customer.openTicket('Ayuda con B', 'Ticket B compartido');

  await page.goto(`/tickets/${ticketB}`);
  await signInAs(page, LUCIA);
  await page.getByTestId('composer-input').fill('Borrador de Lucía');
  await page.goto(`/tickets/${ticketA}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  await devFault(request, 'rest/fail', { count: 1000, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Respuesta de Lucía');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('reply-failed')).toBeVisible();

  await (await inAdminMenu(page, 'logout')).click();
  await expect(page.getByTestId('signout-dialog')).toContainText('1 respuestas sin enviar y 1 borradores');
  await page.getByTestId('signout-keep').click();
  await expect(page).toHaveURL(/\/login$/);
  await devFault(request, 'rest/fail', { count: 0 });

  await signInAs(page, DIEGO);
  await page.goto(`/tickets/${ticketA}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  await expect(page.locator('[data-testid=message][data-from=admin]')).toHaveCount(0);
  // Diego's own reply goes out; once it is stored, Lucía's would have been too.
  await page.getByTestId('composer-input').fill('Respuesta de Diego');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.locator('[data-testid=message][data-state=sent]')).toHaveCount(1);
  expect(adminReplies(await customer.thread(ticketA))).toEqual([`${DIEGO.name}: Respuesta de Diego`]);
  await page.goto(`/tickets/${ticketB}`);
  await expect(page.getByTestId('thread-subject')).toHaveText('Ticket B compartido');
  await expect(page.getByTestId('composer-input')).toHaveValue('');

  await (await inAdminMenu(page, 'logout')).click();
  await expect(page).toHaveURL(/\/login/);
  await signInAs(page, LUCIA);
  await page.goto(`/tickets/${ticketB}`);
  await expect(page.getByTestId('composer-input')).toHaveValue('Borrador de Lucía');
  await page.goto(`/tickets/${ticketA}`);
  // Kept for her, and sent only on her word.
  await expect(page.locator('[data-testid=message][data-state=kept]')).toContainText('Respuesta de Lucía');
  expect(adminReplies(await customer.thread(ticketA))).toEqual([`${DIEGO.name}: Respuesta de Diego`]);
  await page.getByTestId('reply-send-kept').click();
  await expect(page.locator('[data-testid=message][data-state=sent]').filter({ hasText: 'Respuesta de Lucía' })).toHaveCount(1);
  await expect(page.locator('[data-testid=message][data-state=failed], [data-testid=message][data-state=sending]')).toHaveCount(0);
  expect(adminReplies(await customer.thread(ticketA))).toEqual([
    `${DIEGO.name}: Respuesta de Diego`,
    `${LUCIA.name}: Respuesta de Lucía`,
  ]);
});

test('signing out and discarding leaves no reply, draft or session of the admin on the device', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 32);
  const ticket = await customer.openTicket('Para descartar');
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, LUCIA, { remember: true });
  await devFault(request, 'rest/fail', { count: 1000, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Nunca enviada');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.getByTestId('composer-input').fill('Borrador a descartar');

  await (await inAdminMenu(page, 'logout')).click();
  await page.getByTestId('signout-discard').click();
  await expect(page).toHaveURL(/\/login$/);
  const stored = await page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)),
  );
  expect(stored.filter((entry) => /Nunca enviada|Borrador a descartar|mesa\.session|mesa\.draft|mesa\.outbox/.test(entry))).toEqual([]);
  await devFault(request, 'rest/fail', { count: 0 });
  expect(adminReplies(await customer.thread(ticket))).toEqual([]);
});

test('signing out in one tab signs out the others; signing in as someone else ends the other tabs', async ({ browser }) => {
  const { context, first, second } = await twoTabs(browser);

  await first.goto('/');
  await signInAs(first, CARLOS, { remember: true });
  await second.goto('/');
  await expect(second.getByTestId('current-admin')).toHaveText(CARLOS.name);
  await (await inAdminMenu(first, 'logout')).click();
  await expect(second).toHaveURL(/\/login/);
  await expect(second.getByTestId('current-admin')).toHaveCount(0);

  // Tab-only sessions: each tab its own; a sign-in as someone else ends the other.
  await signInAs(second, CARLOS);
  await expect(first).toHaveURL(/\/login/);
  await signInAs(first, LUCIA);
  await expect(second).toHaveURL(/\/login/);
  await second.reload();
  await expect(second).toHaveURL(/\/login/);
  await expect(first.getByTestId('current-admin')).toHaveText(LUCIA.name);
  await context.close();
});

/** Two tabs of one browser (one context: shared localStorage, a
 * sessionStorage each), failing on any uncaught page error. */
async function twoTabs(browser: Browser) {
  const context = await browser.newContext();
  const [first, second] = [await context.newPage(), await context.newPage()];
  failOnPageErrors(first);
  failOnPageErrors(second);
  return { context, first, second };
}

/** Every key=value of both storage areas of `page`. */
const storedOn = (page: Page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
    session: Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`),
  }));

test('without "keep me signed in" unsent replies and drafts live in the tab only, and a closed tab takes them away', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 33);
  const ticket = await customer.openTicket('Equipo compartido');
  const context = await browser.newContext();
  const page = await context.newPage();
  failOnPageErrors(page);
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, LUCIA);
  await devFault(request, 'rest/fail', { count: 1000, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Texto que no debe quedar');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.getByTestId('composer-input').fill('Borrador que no debe quedar');
  await expect.poll(async () => (await storedOn(page)).session.filter((e) => /mesa\.draft\./.test(e)).length).toBe(1);

  const stored = await storedOn(page);
  expect(stored.local.filter((e) => /que no debe quedar|mesa\.outbox|mesa\.draft|mesa\.session/.test(e))).toEqual([]);
  expect(stored.session.filter((e) => e.startsWith('mesa.outbox=')).join()).toContain('Texto que no debe quedar');
  await devFault(request, 'rest/fail', { count: 0 });

  // The browser "closes" the tab: a new one signs in and finds nothing.
  await page.close();
  const again = await context.newPage();
  failOnPageErrors(again);
  await again.goto(`/tickets/${ticket}`);
  await signInAs(again, LUCIA);
  await expect(again.getByTestId('message')).toHaveCount(1);
  await expect(again.getByTestId('composer-input')).toHaveValue('');
  await expect(again.locator('[data-testid=message][data-from=admin]')).toHaveCount(0);
  expect(adminReplies(await customer.thread(ticket))).toEqual([]);
  await context.close();
});

test('a reply planted in storage under an admin is shown to them for review and never sent by itself', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 34);
  const ticket = await customer.openTicket('Entrada plantada');
  await page.goto('/login');
  await page.evaluate(
    ({ ticket, admin }) =>
      localStorage.setItem('mesa.outbox', JSON.stringify([{ client_id: 'planted-1', admin_id: admin, ticket_id: ticket, text: 'Texto plantado', kind: 'reply' }])),
    { ticket, admin: CARLOS.id },
  );
  await signInAs(page, CARLOS);
  await page.goto(`/tickets/${ticket}`);
  await expect(page.locator('[data-testid=message][data-state=kept]')).toContainText('Texto plantado');
  await expect(page.getByTestId('reply-kept')).toBeVisible();
  // The thread is loaded and the entry shown: had it been resumed, it would be on its way now.
  await expect(page.getByTestId('message')).toHaveCount(2);
  expect(adminReplies(await customer.thread(ticket))).toEqual([]);
  await page.getByTestId('reply-discard-kept').click();
  await expect(page.locator('[data-testid=message][data-from=admin]')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('mesa.outbox'))).toBeNull();
  expect(adminReplies(await customer.thread(ticket))).toEqual([]);
});

test('signing out in one tab revokes the token every other tab holds and discards their drafts', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 35);
  const ticket = await customer.openTicket('Dos pestañas');
  const { context, first, second } = await twoTabs(browser);
  // Two tab-only sign-ins of one admin: two tokens, each in its own tab.
  await first.goto('/');
  await signInAs(first, CARLOS);
  await second.goto(`/tickets/${ticket}`);
  await signInAs(second, CARLOS);
  await second.getByTestId('composer-input').fill('Borrador de la otra pestaña');
  await expect.poll(async () => (await storedOn(second)).session.filter((e) => e.startsWith('mesa.draft.')).length).toBe(1);
  const tokenOf = async (page: Page) =>
    page.evaluate(() => JSON.parse(sessionStorage.getItem('mesa.session') ?? '{}').token as string);
  const [firstToken, secondToken] = [await tokenOf(first), await tokenOf(second)];
  expect(firstToken).not.toEqual(secondToken);
  const me = (token: string) => request.get('/api/v1/admin/auth/me', { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  expect((await me(secondToken)).status()).toBe(200);

  await (await inAdminMenu(first, 'logout')).click();
  await expect(first).toHaveURL(/\/login/);
  await expect(second).toHaveURL(/\/login/);
  await expect.poll(async () => (await me(secondToken)).status()).toBe(401);
  expect((await me(firstToken)).status()).toBe(401);
  expect((await storedOn(second)).session.filter((e) => /mesa\.draft|mesa\.session|otra pestaña/.test(e))).toEqual([]);
  await context.close();
});

test('a typing notice claiming another admin is ignored; the name shown is the server’s', async ({ page, browser, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 33);
  const ticket = await customer.openTicket('¿Quién escribe?');
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, CARLOS);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  const lucia = await adminToken(request, LUCIA);
  const diego = await adminToken(request, DIEGO);
  // A raw Pusher client in its own page, joined to the presence channel as Lucía.
  const raw = await browser.newPage();
  failOnPageErrors(raw);
  await raw.goto('/healthz');
  await raw.evaluate(
    async ({ token, channel, luciaId, diegoId }) => {
      const socket = new WebSocket(`ws://${location.host}/app/mesa-key?protocol=7&client=raw&version=1`);
      const frames: { event: string; data: string; channel?: string }[] = [];
      const next = (event: string) =>
        new Promise<{ event: string; data: string }>((resolve) => {
          const check = () => {
            const index = frames.findIndex((f) => f.event === event);
            if (index >= 0) resolve(frames.splice(index, 1)[0]);
            else setTimeout(check, 10);
          };
          check();
        });
      socket.onmessage = (m) => frames.push(JSON.parse(m.data));
      const established = await next('pusher:connection_established');
      const socketId = JSON.parse(established.data).socket_id;
      const auth = await fetch('/api/v1/broadcasting/auth', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
      }).then((r) => r.json());
      socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: auth.auth, channel_data: auth.channel_data } }));
      await next('pusher_internal:subscription_succeeded');
      const whisper = (data: unknown) => socket.send(JSON.stringify({ event: 'client-typing', channel, data }));
      whisper({ admin_id: diegoId, name: 'Diego Herrera', typing: true });
      whisper({ admin_id: luciaId, name: 'La jefa suprema '.repeat(20), typing: true });
    },
    { token: lucia.token, channel: `presence-support.ticket.${ticket}`, luciaId: lucia.id, diegoId: diego.id },
  );
  // Lucía's genuine notice arrives after the forged one, so once it shows, both were handled.
  await expect(page.getByTestId('typing')).toHaveText(`${LUCIA.name} está escribiendo…`);
  await raw.close();
});

test('a retried reply carries the same Idempotency-Key and is stored once after a lost answer', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 34);
  const ticket = await customer.openTicket('¿Llegó dos veces?');
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, CARLOS);
  await expect(page.getByTestId('message')).toHaveCount(1);
  const keys: (string | undefined)[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/tickets/${ticket}/messages`)) keys.push(r.headers()['idempotency-key']);
  });

  await devFault(request, 'rest/fail', { count: 1, status: 502, method: 'POST', path_contains: '/messages', after_handling: true });
  await page.getByTestId('composer-input').fill('Una sola vez');
  await page.getByTestId('composer-send').click();
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.getByTestId('reply-retry').click();
  await expect(page.locator('[data-testid=message][data-state=sent]')).toHaveCount(1);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBeTruthy();
  expect(keys[1]).toBe(keys[0]);
  expect(adminReplies(await customer.thread(ticket))).toEqual([`${CARLOS.name}: Una sola vez`]);
});

test('attachment URLs are signed: the image loads, the same URL without its signature is refused', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 35);
  const ticket = await customer.openTicket('Le mando una foto');
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, CARLOS);
  await page.getByTestId('composer-file-input').setInputFiles({ name: 'punto.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('composer-send').click();
  const image = page.locator('[data-testid=message][data-state=sent] [data-testid=attachment-image]');
  await expect(image).toHaveCount(1);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  const signed = new URL((await image.getAttribute('src'))!, page.url());
  expect(signed.searchParams.get('signature')).toBeTruthy();
  expect((await request.get(signed.toString())).status()).toBe(200);
  const unsigned = new URL(signed);
  unsigned.search = '';
  expect((await request.get(unsigned.toString())).status()).toBe(403);
  const tampered = new URL(signed);
  tampered.searchParams.set('expires', String(Number(signed.searchParams.get('expires')) + 3600));
  expect((await request.get(tampered.toString())).status()).toBe(403);
});

test('an attachment image that fails (an expired URL) is fetched again with a fresh URL', async ({ page, request }) => {
  failOnPageErrors(page);
  const customer = await Customer.signIn(request, 36);
  const ticket = await customer.openTicket('Foto que caduca');
  await page.goto(`/tickets/${ticket}`);
  await signInAs(page, CARLOS);
  await page.getByTestId('composer-file-input').setInputFiles({ name: 'caduca.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('composer-send').click();
  await expect(page.locator('[data-testid=message][data-state=sent] [data-testid=attachment-image]')).toHaveCount(1);

  // On the next visit the server refuses the image, as it does an expired
  // link, until the panel has asked for the message again.
  let refetched = false;
  page.on('request', (r) => {
    if (r.url().includes(`/tickets/${ticket}/messages?after_id=`) && r.url().includes('limit=1')) refetched = true;
  });
  let refused = 0;
  await page.route('**/storage/attachments/**', (route) => {
    if (refetched) return route.continue();
    refused++;
    return route.fulfill({ status: 403, body: '{"message":"Invalid signature."}' });
  });
  await page.reload();
  const image = page.locator('[data-testid=attachment-image]');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  expect(refused).toBeGreaterThan(0);
  expect(refetched).toBe(true);
});

test('config.json that would send the token elsewhere is refused, naming the field', async ({ page }) => {
  failOnPageErrors(page);
  for (const [auth_endpoint, field] of [
    ['/\\evil.example/broadcasting/auth', 'auth_endpoint'],
    ['https://evil.example/broadcasting/auth', 'auth_endpoint'],
  ]) {
    await page.route('**/config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ reverb_app_key: 'k', auth_endpoint }) }),
    );
    await page.goto('/login');
    await expect(page.getByTestId('config-error')).toContainText(field);
    await expect(page.getByTestId('login-email')).toHaveCount(0);
    await page.unroute('**/config.json');
  }
});

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
