import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { failOnPageErrors } from './helpers';
import { frames, rawPusher } from './raw-pusher';

const CARLOS = { email: 'carlos@mesa.test', name: 'Carlos Méndez' };
const LUCIA = { email: 'lucia@mesa.test', name: 'Lucía Ramírez' };

async function signInAs(page: Page, admin: { email: string; name: string }, path: string) {
  failOnPageErrors(page);
  await page.goto(path);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill('password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-admin')).toHaveText(admin.name);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

async function customerLogin(request: APIRequestContext, n: number) {
  const response = await request.post('/api/v1/auth/login', { data: { email: `cliente${n}@mesa.test`, password: 'password' } });
  expect(response.ok()).toBeTruthy();
  const body = await response.json();
  return { token: body.token as string, id: body.customer.id as number };
}

async function openTicket(request: APIRequestContext, token: string, message: string): Promise<number> {
  const response = await request.post('/api/v1/support/tickets', {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    data: { reason_id: 1, subject: message, message },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).data.id;
}

async function writeNote(page: Page, text: string) {
  if ((await page.getByTestId('composer-input').locator('xpath=ancestor::form').getAttribute('data-mode')) !== 'note') {
    await page.getByTestId('note-toggle').click();
  }
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-send').click();
}

test('privacy: a note never reaches the customer, by REST or on either customer channel @pusher-server @v2', async ({ page, browser, request }) => {
  const customer = await customerLogin(request, 37);
  const ticket = await openTicket(request, customer.token, 'Mis datos son privados');
  // The customer's own app, listening on both channels it may join.
  const app = await browser.newPage();
  failOnPageErrors(app);
  await app.goto('/healthz');
  await rawPusher(app, customer.token, [`private-customer.${customer.id}`, `private-support.ticket.${ticket}`]);

  await signInAs(page, CARLOS, `/tickets/${ticket}`);
  await writeNote(page, 'Nota secreta: cliente con historial de fraude');
  const note = page.locator('[data-testid=message][data-type=note][data-state=sent]');
  await expect(note).toContainText('Nota secreta');
  await expect(note.getByTestId('note-badge')).toBeVisible();
  // A reply after the note proves the customer's socket was live all along.
  await page.getByTestId('note-toggle').click();
  await page.getByTestId('composer-input').fill('Respuesta visible');
  await page.getByTestId('composer-send').click();
  await expect.poll(async () => (await frames(app)).filter((f) => f.event === 'message.sent').length).toBe(2);

  const heard = await frames(app);
  expect(JSON.stringify(heard)).not.toContain('Nota secreta');
  expect(heard.filter((f) => f.event === 'message.sent').every((f) => (f.data ?? '').includes('Respuesta visible'))).toBe(true);
  const headers = { Authorization: `Bearer ${customer.token}`, Accept: 'application/json' };
  const detail = await (await request.get(`/api/v1/support/tickets/${ticket}`, { headers })).text();
  const list = await (await request.get('/api/v1/support/tickets?per_page=100', { headers })).text();
  for (const body of [detail, list]) {
    expect(body).toContain('Respuesta visible');
    expect(body).not.toContain('Nota secreta');
  }
  await app.close();
});

test('a note reaches the other admin live, drawn apart, and is allowed on a closed ticket @pusher-server @v2', async ({ browser, request }) => {
  const customer = await customerLogin(request, 38);
  const ticket = await openTicket(request, customer.token, 'Ticket para notas');
  const carlos = await browser.newPage();
  const lucia = await browser.newPage();
  await signInAs(carlos, CARLOS, `/tickets/${ticket}`);
  await signInAs(lucia, LUCIA, `/tickets/${ticket}`);

  await writeNote(carlos, 'Revisé su historial');
  const seen = lucia.locator('[data-testid=message][data-type=note]');
  await expect(seen).toContainText('Revisé su historial');
  await expect(seen.getByTestId('note-badge')).toBeVisible();
  // A note is not news for the customer's row: no unread count.
  const row = lucia.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-preview')).toHaveText('Ticket para notas');

  await carlos.getByTestId('close-ticket').click();
  await expect(carlos.getByTestId('reopen-ticket')).toBeVisible();
  await expect(carlos.getByTestId('note-toggle')).toHaveCount(0);
  await expect(carlos.getByTestId('note-mode')).toBeVisible();
  await carlos.getByTestId('composer-input').fill('Cerrado, pero dejo constancia');
  await carlos.getByTestId('composer-send').click();
  await expect(lucia.locator('[data-testid=message][data-type=note]').last()).toContainText('dejo constancia');
  await carlos.close();
  await lucia.close();
});

test('a mention from the @ menu reaches the colleague: notified and listed, linking to the ticket', async ({ browser, request }) => {
  const customer = await customerLogin(request, 39);
  const ticket = await openTicket(request, customer.token, 'Necesito a Lucía');
  const lucia = await browser.newPage();
  await lucia.addInitScript(() => {
    const w = window as unknown as { __notes: unknown[]; Notification: unknown };
    w.__notes = [];
    const Fake = function (title: string, options: { body?: string }) {
      w.__notes.push({ title, body: options?.body });
      return { close() {} };
    } as unknown as { permission: string; requestPermission: () => Promise<string> };
    Fake.permission = 'granted';
    Fake.requestPermission = async () => 'granted';
    w.Notification = Fake;
  });
  await signInAs(lucia, LUCIA, '/');
  const carlos = await browser.newPage();
  await signInAs(carlos, CARLOS, `/tickets/${ticket}`);

  await carlos.getByTestId('note-toggle').click();
  await carlos.getByTestId('composer-input').pressSequentially('Revisa esto @Lu');
  await expect(carlos.getByTestId('mention-menu')).toBeVisible();
  await expect(carlos.getByTestId('mention-item')).toHaveText([LUCIA.name]);
  await carlos.getByTestId('composer-input').press('Enter');
  await expect(carlos.getByTestId('composer-input')).toHaveValue(`Revisa esto @${LUCIA.name} `);
  await carlos.getByTestId('composer-input').press('Enter');
  await expect(carlos.locator('[data-testid=message][data-type=note][data-state=sent]')).toContainText(`@${LUCIA.name}`);

  await expect(lucia.getByTestId('mentions-unseen')).toHaveText('1');
  await expect
    .poll(() => lucia.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes.map((n) => n.title)))
    .toEqual([`${CARLOS.name} le mencionó en una nota`]);
  await lucia.getByTestId('mentions-toggle').click();
  // Mentions the server kept from earlier journeys are listed too (v3).
  const entry = lucia.locator(`[data-testid=mention-entry][data-ticket-id="${ticket}"]`);
  await expect(entry).toHaveCount(1);
  await entry.locator('a').click();
  await expect(lucia).toHaveURL(new RegExp(`/tickets/${ticket}$`));
  await expect(lucia.locator('[data-testid=message][data-type=note]')).toContainText('Revisa esto');
  await carlos.close();
  await lucia.close();
});
