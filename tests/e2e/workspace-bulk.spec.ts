import { expect, test, type Page } from '@playwright/test';
import { Customer, devFault, failOnPageErrors, openDesk, resetDevFaults, signInAs } from './helpers';

// Contract v2: bulk changes on the inbox, and who else has a ticket open.

const LUCIA = { email: 'lucia@mesa.test', password: 'password', name: 'Lucía Ramírez' };
const CARLOS = { email: 'carlos@mesa.test', password: 'password', name: 'Carlos Méndez' };

/** Must match ROW_HEIGHT_PX in src/hooks/inbox_scroll.rs. */
test.afterEach(async ({ request }) => {
  await resetDevFaults(request);
});

const row = (page: Page, id: number) => page.locator(`[data-testid=ticket-row][data-ticket-id="${id}"]`);
const checkbox = (page: Page, id: number) => row(page, id).getByTestId('bulk-select');

/** Opens `count` tickets, oldest first: the last one is the inbox's top row. */
async function openTickets(customer: Customer, count: number, label: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) ids.push(await customer.openTicket(`${label} ${i}`, `${label} ${i}`));
  return ids;
}

/** Scrolls the windowed inbox so row `index` (0 = top) is near the top. */
async function scrollToRow(page: Page, index: number) {
  await page.getByTestId('ticket-list').evaluate((list, index) => {
    const rowHeight = list.querySelector('[data-testid=ticket-row]')!.getBoundingClientRect().height;
    list.scrollTop = index * rowHeight;
  }, index);
}


test('a bulk close of 30 tickets: 29 close, the one the server refuses comes back and is named', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 21);
  const ids = await openTickets(customer, 30, 'Lote');
  const refused = ids[5];
  await devFault(request, 'bulk/refuse', { ids: [refused] });

  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(ids[29]));
  await checkbox(page, ids[29]).click();
  await scrollToRow(page, 28);
  await checkbox(page, ids[0]).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('30 seleccionados');

  await page.getByTestId('bulk-close').click();
  await expect(page.getByTestId('bulk-errors')).toBeVisible();
  await expect(page.getByTestId('bulk-errors')).toContainText('Un ticket no cambió');
  await expect(page.getByTestId('bulk-errors').locator('li')).toHaveText([
    `«Lote 6» (#${refused}): Rechazado por el servidor de desarrollo (fallo simulado con /__dev/bulk/refuse).`,
  ]);
  // The open view keeps only the refused one, open again and still selected for another try.
  await scrollToRow(page, 0);
  await expect(row(page, refused).getByTestId('ticket-status')).toHaveText('Abierto');
  await expect(checkbox(page, refused)).toBeChecked();
  await expect(page.getByTestId('bulk-count')).toHaveText('1 seleccionado');
  for (const id of ids.filter((id) => id !== refused)) await expect(row(page, id)).toHaveCount(0);

  const statuses = await Promise.all(ids.map(async (id) => (await customer.thread(id)).status));
  expect(statuses.filter((s) => s === 'closed')).toHaveLength(29);
  expect((await customer.thread(refused)).status).toBe('open');
});

test('the selection is kept by ticket, through scrolling the windowed inbox and live reordering', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 22);
  const ids = await openTickets(customer, 25, 'Ventana');
  const [far, top] = [ids[0], ids[24]];

  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(top));
  await checkbox(page, top).click();
  await scrollToRow(page, 23);
  await checkbox(page, far).click();
  await expect(row(page, top)).toHaveCount(0); // out of the window: not in the DOM
  await scrollToRow(page, 0);
  await expect(checkbox(page, top)).toBeChecked();
  await expect(row(page, far)).toHaveCount(0);
  await expect(page.getByTestId('bulk-count')).toHaveText('2 seleccionados');

  // A new message moves the far ticket to the top: still selected.
  await customer.send(far, 'Sigo esperando');
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(far));
  await expect(checkbox(page, far)).toBeChecked();
  await expect(checkbox(page, top)).toBeChecked();
  await expect(checkbox(page, ids[23])).not.toBeChecked();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 seleccionados');
});

test('shift-click selects the range between two rows; clearing empties it', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 23);
  const ids = await openTickets(customer, 6, 'Rango');

  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(ids[5]));
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  await page.getByRole('checkbox', { name: `Seleccionar «Rango 5» (#${ids[4]})` }).click();
  await checkbox(page, ids[1]).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('4 seleccionados');
  for (const id of ids.slice(1, 5)) await expect(checkbox(page, id)).toBeChecked();
  await expect(checkbox(page, ids[5])).not.toBeChecked();
  await expect(checkbox(page, ids[0])).not.toBeChecked();

  await page.getByTestId('bulk-clear').click();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  for (const id of ids) await expect(checkbox(page, id)).not.toBeChecked();
});

test('x toggles the row under the keyboard cursor', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 24);
  const ids = await openTickets(customer, 2, 'Teclado');

  await openDesk(page);
  await expect(page.getByTestId('ticket-row').first()).toHaveAttribute('data-ticket-id', String(ids[1]));
  await page.keyboard.press('j');
  await expect(row(page, ids[1])).toHaveClass(/ticket-row-cursor/);
  await page.keyboard.press('x');
  await expect(checkbox(page, ids[1])).toBeChecked();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(checkbox(page, ids[0])).toBeChecked();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 seleccionados');
  await page.keyboard.press('x');
  await expect(checkbox(page, ids[0])).not.toBeChecked();
  await expect(page.getByTestId('bulk-count')).toHaveText('1 seleccionado');
});

test("an inbox row names the other admins who have its ticket open, never oneself", async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 25);
  const ticket = await customer.openTicket('¿Alguien lo ve?', 'Con visitas');
  const other = await customer.openTicket('Otro asunto', 'Sin visitas');

  const lucia = await (await browser.newContext()).newPage();
  const carlos = await (await browser.newContext()).newPage();
  failOnPageErrors(lucia);
  failOnPageErrors(carlos);
  await lucia.goto(`/tickets/${ticket}`);
  await signInAs(lucia, LUCIA);
  await expect(lucia.getByTestId('thread-subject')).toHaveText('Con visitas');

  await carlos.goto(`/tickets/${ticket}`);
  await signInAs(carlos, CARLOS);
  const carlosRow = row(carlos, ticket).getByTestId('row-viewers');
  await expect(carlosRow).toContainText(LUCIA.name);
  await expect(carlosRow).not.toContainText(CARLOS.name);
  await expect(row(lucia, ticket).getByTestId('row-viewers')).toContainText(CARLOS.name);
  await expect(row(carlos, other).getByTestId('row-viewers')).toHaveCount(0);

  // Lucía moves on: Carlos's row no longer names her.
  await lucia.locator(`[data-testid=ticket-row][data-ticket-id="${other}"] a`).click();
  await expect(lucia.getByTestId('thread-subject')).toHaveText('Sin visitas');
  await expect(carlosRow).toHaveCount(0);
  await lucia.context().close();
  await carlos.context().close();
});
