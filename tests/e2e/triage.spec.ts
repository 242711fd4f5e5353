// Triage (contract v3): priority, tags and snooze from the thread and the
// inbox, the queues with counts that agree with their lists, mentions made
// while away, and who is on every row. Tagged @v3: the v1 run leaves them out.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { CARLOS, Customer, failOnPageErrors, LUCIA, signOut } from './helpers';

const SOFIA = { email: 'sofia@mesa.test', password: 'password', name: 'Sofía Castillo' };

async function openAs(page: Page, admin: { email: string; password: string; name: string }, path = '/') {
  failOnPageErrors(page);
  await page.goto(path);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-admin')).toHaveText(admin.name);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

async function adminToken(request: APIRequestContext, admin: { email: string; password: string }) {
  const response = await request.post('/api/v1/admin/auth/login', { data: { email: admin.email, password: admin.password } });
  expect(response.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await response.json()).token}`, Accept: 'application/json' };
}

async function patchTicket(request: APIRequestContext, headers: Record<string, string>, id: number, data: unknown) {
  const response = await request.patch(`/api/v1/admin/support/tickets/${id}`, { headers, data });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data;
}

function row(page: Page, id: number) {
  return page.locator(`[data-testid=ticket-row][data-ticket-id="${id}"]`);
}

test('priority and tags set from the thread show on the row, live on a colleague\'s inbox, and filter the list @pusher-server @v3', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 21);
  const ticket = await customer.openTicket('Cobro duplicado en mi tarjeta', 'Cobro duplicado');
  const carlos = await browser.newPage();
  const lucia = await browser.newPage();
  await openAs(carlos, CARLOS, `/tickets/${ticket}`);
  await openAs(lucia, LUCIA);
  await expect(row(lucia, ticket)).toBeVisible();

  await carlos.getByTestId('priority-select').selectOption('urgent');
  await carlos.getByTestId('tag-input').fill('  Facturación ');
  await carlos.getByTestId('tag-input').press('Enter');
  await expect(carlos.getByTestId('tag-editor').locator('.tag')).toHaveText(['facturación×']);
  for (const page of [carlos, lucia]) {
    await expect(row(page, ticket).getByTestId('ticket-priority')).toHaveText('Urgente');
    await expect(row(page, ticket).getByTestId('ticket-tag')).toHaveText(['facturación']);
  }

  // The filters, in the URL: only urgent tickets with the tag; the ticket
  // lowered to normal leaves Lucía's filtered list live.
  await lucia.goto('/?priority=urgent&tag=facturaci%C3%B3n');
  await expect(row(lucia, ticket)).toBeVisible();
  await expect(lucia.getByTestId('filter-chip')).toHaveCount(2);
  const rows = lucia.getByTestId('ticket-row');
  for (const priority of await rows.getByTestId('ticket-priority').allTextContents()) expect(priority).toBe('Urgente');
  await carlos.getByTestId('priority-select').selectOption('normal');
  await expect(row(lucia, ticket)).toHaveCount(0);
  await carlos.reload();
  await expect(carlos.getByTestId('priority-select')).toHaveValue('normal');
  await expect(carlos.getByTestId('tag-editor').locator('.tag')).toHaveText(['facturación×']);
  await carlos.close();
  await lucia.close();
});

test('a refused tag change is rolled back and says why @v3', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 22);
  const ticket = await customer.openTicket('Quiero muchas etiquetas', 'Etiquetas');
  await openAs(page, CARLOS, `/tickets/${ticket}`);
  const tags = Array.from({ length: 10 }, (_, i) => `t${i}`);
  const headers = await adminToken(request, CARLOS);
  await patchTicket(request, headers, ticket, { tags });
  await expect(page.getByTestId('tag-editor').locator('.tag')).toHaveCount(10);
  await page.getByTestId('tag-input').fill('una-mas');
  await page.getByTestId('tag-input').press('Enter');
  await expect(page.getByTestId('tag-error')).toBeVisible();
  await expect(page.getByTestId('tag-editor').locator('.tag')).toHaveCount(10);
});

test('a snoozed ticket leaves the open queue at once, waits in Pospuestos with its wake time, and comes back live when the customer writes @pusher-server @v3', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 23);
  const ticket = await customer.openTicket('Le escribo el lunes con los datos', 'Espera de datos');
  const carlos = await browser.newPage();
  const lucia = await browser.newPage();
  await openAs(carlos, CARLOS, `/tickets/${ticket}`);
  await openAs(lucia, LUCIA);
  await expect(row(lucia, ticket)).toBeVisible();

  await carlos.getByTestId('snooze-toggle').click();
  await carlos.getByTestId('snooze-choice').filter({ hasText: 'Mañana' }).click();
  await expect(carlos.getByTestId('ticket-snoozed')).toContainText('Pospuesto hasta');
  await expect(row(carlos, ticket)).toHaveCount(0);
  await expect(row(lucia, ticket)).toHaveCount(0);

  await lucia.getByTestId('queue-select').selectOption('snoozed');
  await expect(lucia).toHaveURL(/snoozed=only/);
  await expect(row(lucia, ticket).getByTestId('ticket-snoozed')).toContainText('Pospuesto hasta');

  await customer.send(ticket, 'Ya tengo los datos');
  await expect(row(lucia, ticket)).toHaveCount(0);
  await expect(carlos.getByTestId('ticket-snoozed')).toHaveCount(0);
  await expect(row(carlos, ticket)).toBeVisible();
  await expect(row(carlos, ticket).getByTestId('ticket-preview')).toHaveText('Ya tengo los datos');
  await carlos.close();
  await lucia.close();
});

test('a ticket snoozed a few seconds ahead wakes by time and comes back into the open queue live @pusher-server @v3', async ({ page, request }) => {
  test.setTimeout(120_000); // Laravel's scheduler wakes tickets once a minute.
  const customer = await Customer.signIn(request, 24);
  const ticket = await customer.openTicket('Recuérdenme en un momento', 'Despertar');
  await openAs(page, CARLOS);
  await expect(row(page, ticket)).toBeVisible();
  const headers = await adminToken(request, CARLOS);
  const soon = new Date(Date.now() + 3_000).toISOString();
  await patchTicket(request, headers, ticket, { snoozed_until: soon });
  await expect(row(page, ticket)).toHaveCount(0);
  await expect(row(page, ticket)).toBeVisible({ timeout: 100_000 });
  await expect(row(page, ticket).getByTestId('ticket-snoozed')).toHaveCount(0);
});

/** Each queue's count on the panel, by its key. */
async function shownCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const queue of await page.getByTestId('queue').all()) {
    const key = (await queue.getAttribute('data-queue')) ?? '';
    counts[key] = Number(await queue.getAttribute('data-count'));
  }
  return counts;
}

/** What the server's ticket list says each built-in queue holds. */
async function listTotals(request: APIRequestContext, headers: Record<string, string>, me: number) {
  const total = async (query: string) => {
    const response = await request.get(`/api/v1/admin/support/tickets?${query}&per_page=1`, { headers });
    expect(response.ok()).toBeTruthy();
    return (await response.json()).meta.total as number;
  };
  return {
    open: await total('status=open&assigned=any'),
    mine: await total(`status=open&assigned=${me}`),
    unassigned: await total('status=open&assigned=unassigned'),
    snoozed: await total('status=open&assigned=any&snoozed=only'),
  };
}

test('after a burst of 200 changes by three admins, every queue count equals its list on every admin\'s panel, with no reload @pusher-server @v3', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const admins = [CARLOS, LUCIA, SOFIA];
  const pages: Page[] = [];
  for (const admin of admins) {
    const page = await browser.newPage();
    await openAs(page, admin);
    await expect(page.locator('[data-testid=queue][data-queue=open]')).toHaveAttribute('data-count', /\d+/);
    pages.push(page);
  }
  const tokens = await Promise.all(admins.map((admin) => adminToken(request, admin)));
  const me = await Promise.all(tokens.map(async (headers) => (await (await request.get('/api/v1/admin/auth/me', { headers })).json()).data.id as number));
  const list = await request.get('/api/v1/admin/support/tickets?status=open&per_page=40', { headers: tokens[0] });
  const ids: number[] = (await list.json()).data.map((t: { id: number }) => t.id);
  expect(ids.length).toBeGreaterThanOrEqual(20);

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  const changes = Array.from({ length: 200 }, (_, n) => {
    const id = ids[n % ids.length];
    const kinds = [
      { assigned_to: me[n % 3] },
      { priority: ['urgent', 'high', 'normal', 'low'][n % 4] },
      { snoozed_until: n % 2 ? tomorrow : null },
      { tags: n % 2 ? ['ráfaga'] : [] },
      { assigned_to: null },
    ];
    return { id, headers: tokens[n % 3], data: kinds[n % kinds.length] };
  });
  // Three admins at once, each in order, as people clicking.
  await Promise.all([0, 1, 2].map(async (who) => {
    for (const change of changes.filter((_, n) => n % 3 === who)) {
      const response = await request.patch(`/api/v1/admin/support/tickets/${change.id}`, { headers: change.headers, data: change.data });
      expect(response.status(), await response.text()).toBe(200);
    }
  }));

  for (const [n, page] of pages.entries()) {
    const truth = await listTotals(request, tokens[n], me[n]);
    await expect.poll(() => shownCounts(page), { timeout: 20_000 }).toMatchObject(truth);
    // The list shown (the open queue) says the same as its count.
    await expect(page.getByTestId('inbox-count')).toHaveText(`${truth.open} tickets`);
  }
  for (const page of pages) await page.close();
});

test('a view saved from the filters lists with its count, is renamed, moved up and deleted @v3', async ({ page }) => {
  await openAs(page, CARLOS, '/?priority=urgent');
  const queues = page.getByTestId('queue-select');
  const save = async (name: string) => {
    await expect(queues).toHaveValue('');
    await page.getByTestId('view-save-open').click();
    await page.getByTestId('view-name').fill(name);
    await page.getByTestId('view-name').press('Enter');
    const saved = page.getByTestId('queue').filter({ hasText: name });
    await expect(saved).toHaveAttribute('data-count', /\d+/);
    return saved;
  };
  const urgent = await save('Urgentes de prueba');
  const key = (await urgent.getAttribute('data-queue'))!;
  await expect(queues).toHaveValue(key);
  await expect(page.getByTestId('inbox-count')).toHaveText(`${await urgent.getAttribute('data-count')} tickets`);
  await queues.selectOption('open');
  await expect(page).not.toHaveURL(/priority=urgent/);
  await queues.selectOption(key);
  await expect(page).toHaveURL(/priority=urgent/);

  await page.goto('/?priority=high');
  const high = await save('Altas de prueba');
  const order = () => page.getByTestId('queue').evaluateAll((options) => options.map((o) => o.textContent ?? '').filter((t) => t.includes('de prueba')));
  await expect.poll(order).toEqual([expect.stringContaining('Urgentes'), expect.stringContaining('Altas')]);
  await page.getByTestId('view-earlier').click();
  await expect.poll(order).toEqual([expect.stringContaining('Altas'), expect.stringContaining('Urgentes')]);
  await page.getByTestId('view-rename').click();
  await page.getByTestId('view-name').fill('Prioridad alta de prueba');
  await page.getByTestId('view-name').press('Enter');
  await expect(high).toHaveCount(0);
  await expect(page.getByTestId('queue').filter({ hasText: 'Prioridad alta de prueba' })).toHaveCount(1);

  await page.getByTestId('view-delete').click();
  await expect(queues).toHaveValue('');
  await queues.selectOption(key);
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('queue').filter({ hasText: 'de prueba' })).toHaveCount(0);
});

test('a mention made while the admin was signed out is listed when they come back, and marked read once opened @pusher-server @v3', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 25);
  const ticket = await customer.openTicket('Necesito a Lucía', 'Mención');
  await openAs(page, LUCIA);
  await signOut(page);
  const carlos = await adminToken(request, CARLOS);
  const lucia = await adminToken(request, LUCIA);
  const luciaId = (await (await request.get('/api/v1/admin/auth/me', { headers: lucia })).json()).data.id;
  const note = await request.post(`/api/v1/admin/support/tickets/${ticket}/notes`, {
    headers: carlos,
    data: { body: '@Lucía mira este cobro', mentions: [luciaId] },
  });
  expect(note.status()).toBe(201);

  await page.getByTestId('login-email').fill(LUCIA.email);
  await page.getByTestId('login-password').fill(LUCIA.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('mentions-unseen')).toHaveText('1');
  await page.getByTestId('mentions-toggle').click();
  const entry = page.locator(`[data-testid=mention-entry][data-ticket-id="${ticket}"]`);
  await expect(entry).toContainText('mira este cobro');
  await expect(entry).toHaveClass(/mention-unread/);
  await entry.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket}`));
  await expect.poll(async () => {
    const list = await request.get('/api/v1/admin/mentions?unread=1', { headers: lucia });
    return (await list.json()).data.filter((m: { ticket_id: number }) => m.ticket_id === ticket).length;
  }).toBe(0);
});

async function twoAdmins(browser: Browser, ticket: number) {
  const carlos = await browser.newPage();
  const lucia = await browser.newPage();
  await openAs(lucia, LUCIA);
  await expect(row(lucia, ticket)).toBeVisible();
  await openAs(carlos, CARLOS, `/tickets/${ticket}`);
  return { carlos, lucia };
}

test('a colleague on a ticket, and typing in it, shows on that ticket\'s row in another admin\'s inbox @pusher-server @v3', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 26);
  const ticket = await customer.openTicket('¿Alguien está viendo esto?', 'Quién mira');
  const { carlos, lucia } = await twoAdmins(browser, ticket);
  await expect(row(lucia, ticket).getByTestId('row-viewers')).toContainText('Carlos');
  await carlos.getByTestId('composer-input').pressSequentially('Hola, ya lo reviso');
  await expect(row(lucia, ticket).getByTestId('row-typing')).toContainText('Carlos');
  // Leaving for another ticket tells the server at once.
  await carlos.locator(`[data-testid=ticket-row]:not([data-ticket-id="${ticket}"]) a`).first().click();
  await expect(row(lucia, ticket).getByTestId('row-viewers')).toHaveCount(0);
  await carlos.close();
  await lucia.close();
});

test('bulk priority, tag and snooze change every selected row @v3', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 27);
  const first = await customer.openTicket('Primero del lote', 'Lote 1');
  const second = await customer.openTicket('Segundo del lote', 'Lote 2');
  // A tag in use before the desk opens is offered for the selection.
  await patchTicket(request, await adminToken(request, CARLOS), first, { tags: ['lote'] });
  await openAs(page, CARLOS);
  const select = async () => {
    for (const id of [first, second]) await row(page, id).getByTestId('bulk-select').check();
  };
  await select();
  await page.getByTestId('bulk-priority').selectOption('high');
  for (const id of [first, second]) await expect(row(page, id).getByTestId('ticket-priority')).toHaveText('Alta');
  await select();
  await page.getByTestId('bulk-tags').selectOption('add:lote');
  for (const id of [first, second]) await expect(row(page, id).getByTestId('ticket-tag')).toHaveText(['lote']);
  await select();
  await page.getByTestId('bulk-snooze').selectOption('tomorrow');
  for (const id of [first, second]) await expect(row(page, id)).toHaveCount(0);
});
