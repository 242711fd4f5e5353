import { expect, test } from '@playwright/test';
import { CARLOS, Customer, devFault, openDesk, resetDevFaults, inAdminMenu } from './helpers';

test.afterEach(async ({ request }) => {
  await resetDevFaults(request);
});

test('a customer message shows up live in the inbox and the open thread @pusher-server', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 11);
  const ticket = await customer.openTicket('Hola, necesito ayuda con mis puntos.', 'Puntos en vivo');

  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('thread-subject')).toHaveText('Puntos en vivo');
  await expect(page.getByTestId('message')).toHaveCount(1);

  await customer.send(ticket, 'Sigo esperando 🙏');
  await expect(page.getByTestId('message')).toHaveCount(2);
  await expect(page.getByTestId('message').last()).toContainText('Sigo esperando 🙏');
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(ticket));
  await expect(row.getByTestId('ticket-preview')).toHaveText('Sigo esperando 🙏');
});

test('a new ticket appears at the top of the inbox without reload @pusher-server', async ({ page, request }) => {
  await openDesk(page);
  const customer = await Customer.signIn(request, 12);
  const ticket = await customer.openTicket('Mi pedido no llegó', 'Pedido perdido en vivo');
  const first = page.getByTestId('ticket-row').first();
  await expect(first).toHaveAttribute('data-ticket-id', String(ticket));
  await expect(first).toContainText('Pedido perdido en vivo');
  await expect(first.getByTestId('unread-count')).toHaveText('1 sin leer');
  await expect(first.locator('time')).toHaveText('ahora');
});

test('an admin reply is shown at once, stored once, and reaches the customer @pusher-server', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 13);
  const ticket = await customer.openTicket('¿Me ayudan?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  await page.getByTestId('composer-input').fill('Con gusto, ya lo revisamos.');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('message')).toHaveCount(2);
  await expect(page.locator('[data-testid=message][data-state=sending], [data-testid=message][data-state=failed]')).toHaveCount(0);
  await expect(page.getByTestId('composer-input')).toHaveValue('');

  const thread = await customer.thread(ticket);
  const replies = thread.messages.filter((m: { is_from_admin: boolean }) => m.is_from_admin);
  expect(replies.map((m: { message: string }) => m.message)).toEqual(['Con gusto, ya lo revisamos.']);
  expect(replies[0].sender.name).toBe(CARLOS.name);
  // The inbox row shows the reply as the latest message.
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-preview')).toHaveText('Soporte: Con gusto, ya lo revisamos.');
});

test('a failed reply can be retried and is delivered once', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 14);
  const ticket = await customer.openTicket('Necesito factura');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  await devFault(request, 'rest/fail', { count: 1, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Le enviamos la factura.');
  await page.getByTestId('composer-send').click();
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.getByTestId('reply-retry').click();
  await expect(page.locator('[data-testid=message][data-state=sending], [data-testid=message][data-state=failed]')).toHaveCount(0);
  await expect(page.getByTestId('message')).toHaveCount(2);
  const thread = await customer.thread(ticket);
  expect(thread.messages.filter((m: { message: string }) => m.message === 'Le enviamos la factura.')).toHaveLength(1);
});

test('drafts are kept per ticket across navigation and reload', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 15);
  const first = await customer.openTicket('Primero');
  const second = await customer.openTicket('Segundo');
  await openDesk(page, `/tickets/${first}`);
  await page.getByTestId('composer-input').fill('Borrador del primero');
  await page.locator(`[data-testid=ticket-row][data-ticket-id="${second}"] a`).click();
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  await page.goto(`/tickets/${first}`);
  await expect(page.getByTestId('composer-input')).toHaveValue('Borrador del primero');
});

test('close, reopen and assignment update the thread and the inbox @pusher-server', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 16);
  const ticket = await customer.openTicket('Quiero cambiar mi correo');
  await openDesk(page, `/tickets/${ticket}?status=all`);

  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('thread-assignee')).toHaveText(CARLOS.name);
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-assignee')).toHaveText(CARLOS.name);

  await page.getByTestId('close-ticket').click();
  await expect(page.getByTestId('thread').getByTestId('ticket-status').first()).toHaveText('Cerrado');
  await expect(page.getByTestId('closed-ticket-notice')).toBeVisible();
  if (process.env.MESA_E2E_CONTRACT === 'v1') {
    // Without notes there is nothing to write on a closed ticket.
    await expect(page.getByTestId('composer-input')).toHaveCount(0);
  } else {
    // A closed ticket takes internal notes only: no way to reply to the customer.
    await expect(page.locator('form.composer')).toHaveAttribute('data-mode', 'note');
    await expect(page.getByTestId('note-toggle')).toHaveCount(0);
  }
  await expect(row.getByTestId('ticket-status')).toHaveText('Cerrado');
  // The customer's app sees it closed and cannot write to it (the seed's rule).
  expect((await customer.thread(ticket)).status).toBe('closed');
  expect(await customer.trySend(ticket, '¿Sigue abierto?')).toBe(422);

  await page.getByTestId('reopen-ticket').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await page.getByTestId('assign-select').selectOption('');
  await expect(page.getByTestId('thread-assignee')).toHaveText('Sin asignar');
});

test('a failed status change rolls back and says why', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 17);
  const ticket = await customer.openTicket('Cobro doble');
  await openDesk(page, `/tickets/${ticket}`);
  await devFault(request, 'rest/fail', { count: 1, status: 500, method: 'PATCH' });
  await page.getByTestId('close-ticket').click();
  await expect(page.getByTestId('error-notice')).toContainText('500');
  await expect(page.getByTestId('thread').getByTestId('ticket-status').first()).toHaveText('Abierto');
  await expect(page.getByTestId('composer-input')).toBeVisible();
});

test('filters live in the URL and survive a reload', async ({ page }) => {
  await openDesk(page);
  await page.getByTestId('filter-status').selectOption('closed');
  await expect(page).toHaveURL(/\?status=closed$/);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  const badges = page.getByTestId('ticket-row').getByTestId('ticket-status');
  await expect(badges.first()).toHaveText('Cerrado');
  expect(new Set(await badges.allTextContents())).toEqual(new Set(['Cerrado']));

  await page.getByTestId('filter-assigned').selectOption('me');
  await expect(page).toHaveURL(/status=closed&assigned=me/);
  await page.reload();
  await expect(page.getByTestId('filter-status')).toHaveValue('closed');
  await expect(page.getByTestId('filter-assigned')).toHaveValue('me');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  const assignees = await page.getByTestId('ticket-row').getByTestId('ticket-assignee').allTextContents();
  expect(assignees.length, 'closed tickets assigned to Carlos exist in the demo desk').toBeGreaterThan(0);
  for (const name of assignees) expect(name).toBe(CARLOS.name);

  const everyone = await page.getByTestId('inbox-count').textContent();
  await page.getByTestId('search').fill('cliente7@mesa.test');
  await expect(page).toHaveURL(/q=cliente7%40mesa.test/);
  await expect(page.getByTestId('inbox-count')).not.toHaveText(everyone ?? '');
  await page.goBack();
  await expect(page).toHaveURL(/status=closed&assigned=me$/);
});

test('keyboard: j/k move, Enter opens, / searches, r replies', async ({ page }) => {
  await openDesk(page);
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  const second = await rows.nth(1).getAttribute('data-ticket-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tickets/${second}$`));
  await expect(page.getByTestId('message').first()).toBeVisible();
  await page.keyboard.press('r');
  await expect(page.getByTestId('composer-input')).toBeFocused();
  await page.getByTestId('composer-input').press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
});

test('after the connection drops, missed messages are fetched and shown once', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 18);
  const ticket = await customer.openTicket('Mensaje 0');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  await devFault(request, 'ws/refuse', { seconds: 2 });
  await devFault(request, 'ws/drop');
  await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'connected');
  for (let n = 1; n <= 5; n++) await customer.send(ticket, `Mensaje ${n}`);

  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(page.getByTestId('message')).toHaveCount(6);
  const texts = await page.getByTestId('message').locator('.message-text').allTextContents();
  expect(texts).toEqual(['Mensaje 0', 'Mensaje 1', 'Mensaje 2', 'Mensaje 3', 'Mensaje 4', 'Mensaje 5']);
  await customer.send(ticket, 'Mensaje 6');
  await expect(page.getByTestId('message')).toHaveCount(7);
});

test('hostile text from customers is shown as text, never run', async ({ page, request }) => {
  const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const customer = await Customer.signIn(request, 19);
  const ticket = await customer.openTicket(payload, payload);
  await openDesk(page, `/tickets/${ticket}`);
  await customer.send(ticket, `javascript:alert(1) ${payload}`);
  await expect(page.getByTestId('message')).toHaveCount(2);
  await expect(page.getByTestId('thread-subject')).toHaveText(payload);
  await expect(page.getByTestId('message').first()).toContainText(payload);
  expect(await page.locator('.thread img, .thread script, .ticket-list img, .ticket-list script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
});

test('older messages load when asked, without losing the newer ones', async ({ page }) => {
  // Ticket 1 of the demo desk is a 60-message thread.
  await openDesk(page, '/tickets/1?status=all');
  await expect(page.getByTestId('message')).toHaveCount(50);
  const newest = await page.getByTestId('message').last().getAttribute('data-message-id');
  await page.getByTestId('load-older').click();
  await expect(page.getByTestId('message')).toHaveCount(60);
  await expect(page.getByTestId('load-older')).toHaveCount(0);
  await expect(page.getByTestId('message').last()).toHaveAttribute('data-message-id', newest ?? '');
  const ids = (await page.getByTestId('message').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-message-id')))));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
});

test('news on another ticket shows in the tab title', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 20);
  const quiet = await customer.openTicket('Hola');
  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  // The title sums the unread customer messages of the inbox.
  const unreadInTitle = async () => Number((await page.title()).match(/^\((\d+)\)/)?.[1] ?? 0);
  await expect.poll(unreadInTitle).toBeGreaterThan(0);
  const before = await unreadInTitle();
  await customer.send(quiet, '¿Hay alguien?');
  await expect(page).toHaveTitle(`(${before + 1}) Mesa`);
});

test('an image attached to a reply is uploaded and shown; other files are refused', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 21);
  const ticket = await customer.openTicket('¿Me manda el comprobante?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByTestId('composer-file-input').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
  await expect(page.getByTestId('composer-refused')).toContainText('page.html');
  await expect(page.getByTestId('composer-file')).toHaveCount(0);

  await page.getByTestId('composer-file-input').setInputFiles({ name: 'comprobante.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('composer-file')).toHaveCount(1);
  await page.getByTestId('composer-input').fill('Aquí está el comprobante.');
  await page.getByTestId('composer-send').click();

  const sent = page.locator('[data-testid=message][data-state=sent]').last();
  await expect(sent).toContainText('Aquí está el comprobante.');
  const image = sent.locator('img');
  // Bound to this session (`sid`) when it comes from the reply's answer; a
  // broadcast's URL carries none (short-lived instead).
  await expect(image).toHaveAttribute('src', /\/storage\/attachments\/\d+\/comprobante\.png\?expires=\d+(&sid=\d+)?&signature=[0-9a-f]+$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  const thread = await customer.thread(ticket);
  const reply = thread.messages[thread.messages.length - 1];
  expect(reply.attachments.map((a: { file_name: string }) => a.file_name)).toEqual(['comprobante.png']);
});

test('a message on another ticket notifies (after asking), chimes unless muted, and is announced; one in the open thread is read once, by its log', async ({ page, request }) => {
  // A recording stand-in for the system notification API.
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: unknown[]; Notification: unknown };
    w.__notes = [];
    const Fake = function (title: string, options: { body?: string }) {
      w.__notes.push({ title, body: options?.body });
    } as unknown as { permission: string; requestPermission: () => Promise<string> };
    Fake.permission = 'default';
    Fake.requestPermission = async () => {
      Fake.permission = 'granted';
      return 'granted';
    };
    w.Notification = Fake;
  });
  const customer = await Customer.signIn(request, 22);
  const other = await customer.openTicket('Primer tema');
  const open = await customer.openTicket('Segundo tema');
  await openDesk(page, `/tickets/${open}`);

  await (await inAdminMenu(page, 'enable-notifications')).click();
  await expect(page.getByTestId('enable-notifications')).toHaveCount(0);
  await (await inAdminMenu(page, 'sound-toggle')).click();
  await expect(page.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'false');

  await customer.send(other, 'Novedad en el otro ticket');
  await expect(page.getByTestId('announcer')).toContainText('Novedad en el otro ticket');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notes: { body: string }[] }).__notes.map((n) => n.body)))
    .toEqual(['Novedad en el otro ticket']);

  // The open thread itself does not notify: the message is on screen, and
  // its log reads it out; the live region does not say it a second time.
  await page.getByTestId('announcer').evaluate((region) => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    new MutationObserver(() => w.__said.push(region.textContent ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await customer.send(open, 'Aquí mismo');
  await expect(page.getByRole('log', { name: 'Conversación' })).toContainText('Aquí mismo');
  // Events on the admin channel come in order: once this one is heard, so was the one before.
  await customer.send(other, 'Y otra vez en el otro');
  await expect(page.getByTestId('announcer')).toContainText('Y otra vez en el otro');
  expect(await page.evaluate(() => (window as unknown as { __said: string[] }).__said.filter((s) => s.includes('Aquí mismo')))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes.length)).toBe(2);
  await page.reload();
  await expect(page.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'false');
});

test('a reply whose answer was lost is recognised on retry, not sent twice', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 24);
  const ticket = await customer.openTicket('¿Llegó mi mensaje?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  // The server stores the reply but the answer never arrives.
  await devFault(request, 'rest/fail', { count: 1, status: 502, method: 'POST', path_contains: '/messages', after_handling: true });
  await page.getByTestId('composer-input').fill('Sí, llegó.');
  await page.getByTestId('composer-send').click();
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.getByTestId('reply-retry').click();
  await expect(page.locator('[data-testid=message][data-state=failed], [data-testid=message][data-state=sending]')).toHaveCount(0);
  await expect(page.getByTestId('message')).toHaveCount(2);
  const thread = await customer.thread(ticket);
  expect(thread.messages.filter((m: { message: string }) => m.message === 'Sí, llegó.')).toHaveLength(1);
});

test('the inbox keeps only the rows in view in the page, and loads more as it scrolls', async ({ page }) => {
  await openDesk(page, '/?status=all');
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toBeVisible();
  const rendered = await rows.count();
  expect(rendered).toBeLessThan(40);
  const list = page.getByTestId('ticket-list');
  const rowHeight = (await rows.first().boundingBox())!.height;
  // Scroll to the bottom twice: the second page arrives by itself.
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => list.evaluate((el, row) => el.scrollHeight / row, rowHeight)).toBeGreaterThan(99);
  await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => list.evaluate((el, row) => el.scrollHeight / row, rowHeight)).toBeGreaterThan(149);
  expect(await rows.count()).toBeLessThan(40);
});

test('a reply sent during an outage is retried by itself and delivered once', async ({ page, request }) => {
  test.setTimeout(60_000);
  const customer = await Customer.signIn(request, 28);
  const ticket = await customer.openTicket('¿Hay alguien?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  await devFault(request, 'rest/fail', { count: 1000, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Sí, aquí estamos.');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('reply-failed')).toBeVisible();
  await page.waitForTimeout(5_000);
  await devFault(request, 'rest/fail', { count: 0 });

  await expect(page.locator('[data-testid=message][data-state=sent]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('[data-testid=message][data-state=failed], [data-testid=message][data-state=sending]')).toHaveCount(0);
  const thread = await customer.thread(ticket);
  expect(thread.messages.filter((m: { message: string }) => m.message === 'Sí, aquí estamos.')).toHaveLength(1);
});

test('a reply still in the outbox when the page reloads is kept for review, sent only on the admin\'s word, and delivered once', async ({ page, request }) => {
  test.setTimeout(60_000);
  const customer = await Customer.signIn(request, 29);
  const ticket = await customer.openTicket('¿Me responden?');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);

  await devFault(request, 'rest/fail', { count: 1000, status: 503, method: 'POST', path_contains: '/messages' });
  await page.getByTestId('composer-input').fill('Respuesta guardada');
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('reply-failed')).toBeVisible();

  await page.reload();
  await expect(page.locator('[data-testid=message][data-state=kept]')).toContainText('Respuesta guardada');
  await devFault(request, 'rest/fail', { count: 0 });
  await page.getByTestId('reply-send-kept').click();
  await expect(page.locator('[data-testid=message][data-state=sent]').filter({ hasText: 'Respuesta guardada' })).toHaveCount(1, { timeout: 30_000 });
  const thread = await customer.thread(ticket);
  expect(thread.messages.filter((m: { message: string }) => m.message === 'Respuesta guardada')).toHaveLength(1);
  expect(await page.evaluate(() => localStorage.getItem('mesa.outbox') ?? sessionStorage.getItem('mesa.outbox'))).toBeNull();
});

test('failing reads are retried behind a banner, without blocking the desk', async ({ page, request }) => {
  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  await devFault(request, 'rest/fail', { count: 2, status: 503, method: 'GET', path_contains: '/support/tickets' });
  await page.getByTestId('filter-status').selectOption('closed');
  await expect(page.getByTestId('api-banner')).toContainText('503');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  await expect(page.getByTestId('ticket-row').getByTestId('ticket-status').first()).toHaveText('Cerrado');
  await expect(page.getByTestId('api-banner')).toHaveCount(0);
});

test('without the admin channel the inbox polls, and says so', async ({ page, request }) => {
  // A backend that refuses the admin channel: point the panel at one the server will not authorize.
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, channels: { admin: 'private-not-for-admins' } } });
  });
  await openDesk(page);
  await expect(page.getByTestId('inbox-polling')).toBeVisible();
  const customer = await Customer.signIn(request, 30);
  const ticket = await customer.openTicket('Sin canal en vivo', 'Ticket por sondeo');
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(ticket), { timeout: 25_000 });
});

test('a new message adds one row to a long thread and leaves every other message node in place', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 4);
  const ticket = await customer.openTicket('Hilo largo');
  for (let n = 1; n <= 30; n++) await customer.send(ticket, `Previo ${n}`);
  await openDesk(page, `/tickets/${ticket}`);
  const messages = page.getByTestId('message');
  await expect(messages).toHaveCount(31);
  // Tag each node the panel drew; a redrawn node would lose its tag.
  await messages.evaluateAll((nodes) => nodes.forEach((n, i) => ((n as HTMLElement & { __mark?: number }).__mark = i)));
  const dividers = await page.locator('.day-divider').count();

  await customer.send(ticket, 'El nuevo');
  await expect(messages).toHaveCount(32);
  await expect(messages.last()).toContainText('El nuevo');
  const marks = await messages.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement & { __mark?: number }).__mark ?? null));
  expect(marks).toEqual([...Array.from({ length: 31 }, (_, i) => i), null]);
  await expect(page.locator('.day-divider')).toHaveCount(dividers);
});

test('a status change heard while an inbox page was on its way is not undone by that page', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 38);
  const ticket = await customer.openTicket('Se cierra mientras la bandeja carga', 'Cerrado en camino');
  const login = await request.post('/api/v1/admin/auth/login', { data: { email: 'lucia@mesa.test', password: 'password' } });
  expect(login.ok()).toBeTruthy();
  const lucia = { Authorization: `Bearer ${(await login.json()).token}`, Accept: 'application/json' };
  // The desk's first inbox page is asked of the server at once and handed
  // over only once released, marked by a total of its own.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.route('**/api/v1/admin/support/tickets?*', async (route) => {
    if (held) return route.continue();
    held = true;
    const stale = await route.fetch();
    const body = await stale.json();
    await released;
    await route.fulfill({ response: stale, json: { ...body, meta: { ...body.meta, total: 4242 } } });
  });
  try {
    await openDesk(page);
    const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
    // Shown from the page asked for once the admin channel was subscribed…
    await expect(row).toBeVisible();
    // …closed by Lucía, which the desk hears: the row leaves the open tickets.
    const closed = await request.patch(`/api/v1/admin/support/tickets/${ticket}`, { headers: lucia, data: { status: 'closed' } });
    expect(closed.ok()).toBeTruthy();
    await expect(row).toHaveCount(0);

    // The page asked for before the close arrives, the ticket open in it.
    release();
    await expect(page.getByTestId('inbox-count')).toHaveText('4241 tickets');
    await expect(row).toHaveCount(0);
  } finally {
    release();
  }
});
