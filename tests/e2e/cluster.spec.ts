// The panel on a Pusher cluster: two sockudo nodes meeting over Redis, a TCP
// balancer in front, the backend publishing through node 0's HTTP API
// (`cargo xtask test --only cluster` starts it all). Every admin here is on a
// known node, so what reaches an admin on node 1 crossed Redis.
import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { CARLOS, Customer, failOnPageErrors } from './helpers';

const control = process.env.MESA_E2E_CLUSTER_CONTROL;
const nodePorts = (process.env.MESA_E2E_CLUSTER_NODES ?? '').split(',').filter(Boolean).map(Number);
const balancerPort = Number(process.env.MESA_E2E_PUSHER_PORT);
const LUCIA = { email: 'lucia@mesa.test', password: 'password', name: 'Lucía Ramírez' };
/** The node the backend publishes through, and the other one. */
const PUBLISHING = 0;
const OTHER = 1;

test.skip(!control, 'cluster mode only (cargo xtask test --only cluster)');
// The panels' sockets go to a node or the balancer, ports the served CSP
// (which names the publishing node) does not list.
test.use({ bypassCSP: true });

async function cluster(path: string, method: 'GET' | 'POST' = 'POST') {
  const response = await fetch(`${control}${path}`, { method });
  expect(response.ok, `${method} ${path}: ${await response.clone().text()}`).toBeTruthy();
  return response.json();
}

/** Sockets the page opened, in order. */
function socketsOf(page: Page): WebSocket[] {
  const sockets: WebSocket[] = [];
  page.on('websocket', (socket) => sockets.push(socket));
  return sockets;
}

/** Sends the page's Pusher socket to `port` (a node or the balancer). */
async function socketTo(page: Page, port: number) {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, ws_host: '127.0.0.1', ws_port: port, ws_scheme: 'ws' } });
  });
}

async function signInOn(page: Page, admin: { email: string; password: string; name: string }, port: number, path: string) {
  failOnPageErrors(page);
  const sockets = socketsOf(page);
  await socketTo(page, port);
  await page.goto(path);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-admin')).toHaveText(admin.name);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  expect(sockets.map((s) => new URL(s.url()).port)).toEqual([String(port)]);
  return sockets;
}

test.afterEach(async () => {
  if (!control) return;
  // Whatever a journey did to the cluster, the next one starts whole.
  await cluster('/balancer/round-robin');
  for (const index of [PUBLISHING, OTHER]) await cluster(`/nodes/${index}/start`);
});

test('admins on different nodes see each other: replies, notes, mentions, status, presence, typing; a customer message published through node 0 reaches node 1 @cluster', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 31);
  const ticket = await customer.openTicket('Dos nodos, un ticket');
  const carlos = await browser.newPage();
  const lucia = await browser.newPage();
  await signInOn(carlos, CARLOS, nodePorts[PUBLISHING], `/tickets/${ticket}`);
  // Every status in her inbox, so the row stays to show the ticket closed.
  await signInOn(lucia, LUCIA, nodePorts[OTHER], `/tickets/${ticket}?status=all`);

  // Presence: each node learns of the other's member over Redis.
  await expect(carlos.getByTestId('viewers')).toHaveText('También viendo: Lucía Ramírez');
  await expect(lucia.getByTestId('viewers')).toHaveText('También viendo: Carlos Méndez');

  // A customer's message, published through node 0, on node 1: thread and inbox.
  await customer.send(ticket, 'Hola, ¿me oyen los dos nodos?');
  await expect(lucia.locator('.message-text', { hasText: 'me oyen los dos nodos' })).toHaveCount(1);
  const luciasRow = lucia.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(luciasRow.getByTestId('ticket-preview')).toHaveText('Hola, ¿me oyen los dos nodos?');

  // Typing, both ways.
  await carlos.getByTestId('composer-input').pressSequentially('Te');
  await expect(lucia.getByTestId('typing')).toHaveText('Carlos Méndez está escribiendo…');
  await carlos.getByTestId('composer-input').fill('');
  await lucia.getByTestId('composer-input').pressSequentially('Yo');
  await expect(carlos.getByTestId('typing')).toHaveText('Lucía Ramírez está escribiendo…');
  await lucia.getByTestId('composer-input').fill('');

  // Replies, both ways.
  await carlos.getByTestId('composer-input').fill('Respuesta desde el nodo 0');
  await carlos.getByTestId('composer-send').click();
  await expect(lucia.locator('.message-text', { hasText: 'Respuesta desde el nodo 0' })).toHaveCount(1);
  await lucia.getByTestId('composer-input').fill('Respuesta desde el nodo 1');
  await lucia.getByTestId('composer-send').click();
  await expect(carlos.locator('.message-text', { hasText: 'Respuesta desde el nodo 1' })).toHaveCount(1);

  // A note with a mention: on the admin channel and on Lucía's own channel.
  await carlos.getByTestId('note-toggle').click();
  await carlos.getByTestId('composer-input').pressSequentially('Revisa esto @Lu');
  await expect(carlos.getByTestId('mention-item')).toHaveText([LUCIA.name]);
  await carlos.getByTestId('composer-input').press('Enter');
  await carlos.getByTestId('composer-input').press('Enter');
  await expect(lucia.locator('[data-testid=message][data-type=note]')).toContainText('Revisa esto');
  await expect(lucia.getByTestId('mentions-unseen')).toHaveText('1');

  // Status and assignment.
  await carlos.getByTestId('assign-me').click();
  await expect(lucia.getByTestId('thread-assignee')).toHaveText(CARLOS.name);
  await carlos.getByTestId('close-ticket').click();
  await expect(lucia.getByTestId('thread').getByTestId('ticket-status').first()).toHaveText('Cerrado');
  await expect(luciasRow.getByTestId('ticket-status')).toHaveText('Cerrado');

  // Leaving: node 0 tells node 1 the member is gone.
  await carlos.close();
  await expect(lucia.getByTestId('viewers')).toHaveCount(0);
  await lucia.close();
});

test('the admin\'s node is killed mid-conversation: the panel comes back through the balancer on the other node with every message, once @cluster', async ({ page, request }) => {
  test.setTimeout(90_000);
  const customer = await Customer.signIn(request, 32);
  const ticket = await customer.openTicket('Inicio');
  // New sockets through the balancer land on node 1 while it lives.
  await cluster(`/balancer/prefer/${OTHER}`);
  const sockets = await signInOn(page, CARLOS, balancerPort, `/tickets/${ticket}`);
  const before = await cluster('/nodes', 'GET');
  expect(before.nodes[OTHER].open, 'the panel\'s socket is on node 1').toBeGreaterThan(0);

  const sent: string[] = ['Inicio'];
  const send = async (text: string) => {
    await customer.send(ticket, text);
    sent.push(text);
  };
  for (let n = 1; n <= 5; n++) await send(`Antes ${n}`);
  await expect(page.locator('.message-text', { hasText: 'Antes 5' })).toHaveCount(1);

  const firstClosed = new Promise<void>((resolve) => sockets[0].on('close', () => resolve()));
  await cluster(`/nodes/${OTHER}/kill`);
  await firstClosed;
  // The customer keeps writing while the panel is between sockets.
  for (let n = 1; n <= 5; n++) await send(`Durante ${n}`);
  await expect.poll(() => sockets.length, { timeout: 30_000 }).toBeGreaterThan(1);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  for (let n = 1; n <= 5; n++) await send(`Después ${n}`);

  const after = await cluster('/nodes', 'GET');
  expect(after.nodes[OTHER].alive).toBe(false);
  expect(after.nodes[PUBLISHING].open, 'the panel\'s socket is now on node 0').toBeGreaterThan(0);
  for (const socket of sockets) expect(new URL(socket.url()).port).toBe(String(balancerPort));

  // Every message, in order, each once.
  const shown = () =>
    page.getByTestId('message').evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-message-id') ?? '', n.querySelector('.message-text')?.textContent ?? '']),
    );
  await expect.poll(async () => (await shown()).map(([, text]) => text), { timeout: 30_000 }).toEqual(sent);
  const ids = (await shown()).map(([id]) => id);
  expect(new Set(ids).size, 'each message once').toBe(sent.length);
});
