import { expect, test } from '@playwright/test';
import { Customer, openDesk } from './helpers';

async function customerWithTickets(request: Parameters<typeof Customer.signIn>[0], n: number, subjects: string[]) {
  const customer = await Customer.signIn(request, n);
  const tickets: number[] = [];
  for (const subject of subjects) tickets.push(await customer.openTicket(`Hola: ${subject}`, subject));
  const summary = (await customer.thread(tickets[0])).customer;
  return { tickets, id: summary.id as number, name: summary.name as string, email: summary.email as string };
}

test('the customer panel says who they are, lists their tickets, and opens one in the thread', async ({ page, request }) => {
  const ana = await customerWithTickets(request, 38, ['Primer caso del panel', 'Segundo caso del panel']);
  const [first, second] = ana.tickets;
  await openDesk(page, `/tickets/${second}`);
  const panel = page.getByTestId('customer-panel');
  await expect(panel.getByTestId('customer-name')).toHaveText(ana.name);
  await expect(panel.getByTestId('customer-email')).toHaveText(ana.email);
  await expect(panel.getByTestId('customer-counts')).toContainText('abiertos');
  await expect(panel.getByTestId('customer-since')).toContainText('Cliente desde');
  // Wide screen: beside the thread, no toggle.
  await expect(page.getByTestId('customer-toggle')).toBeHidden();
  const current = panel.locator(`[data-testid=customer-ticket][data-ticket-id="${second}"]`);
  await expect(current.getByRole('link')).toHaveAttribute('aria-current', 'page');
  const other = panel.locator(`[data-testid=customer-ticket][data-ticket-id="${first}"]`);
  await expect(other).toContainText('Primer caso del panel');
  await other.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${first}$`));
  await expect(page.getByTestId('thread-subject')).toHaveText('Primer caso del panel');
  await expect(panel.locator(`[data-testid=customer-ticket][data-ticket-id="${first}"] a`)).toHaveAttribute('aria-current', 'page');
});

test('on a phone the customer is behind a toggle', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const luis = await customerWithTickets(request, 39, ['Caso en el teléfono']);
  await openDesk(page, `/tickets/${luis.tickets[0]}`);
  const toggle = page.getByTestId('customer-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('customer-name')).toHaveText(luis.name);
});

test('the inbox filter by customer lives in the URL, survives a reload, and clears with its chip', async ({ page, request }) => {
  const eva = await customerWithTickets(request, 40, ['Filtro uno', 'Filtro dos']);
  await openDesk(page, `/tickets/${eva.tickets[0]}`);
  await expect(page.getByTestId('customer-filter')).toHaveCount(0);
  await page.getByTestId('customer-all-tickets').click();
  await expect(page).toHaveURL(new RegExp(`[?&]customer=${eva.id}(&|$)`));
  const chip = page.getByTestId('customer-filter');
  const rows = page.getByTestId('ticket-row');
  const check = async () => {
    await expect(chip).toContainText(eva.name);
    await expect(rows.filter({ hasText: 'Filtro uno' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Filtro dos' })).toHaveCount(1);
    await expect(rows.filter({ hasNotText: eva.name })).toHaveCount(0);
  };
  await check();

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`[?&]customer=${eva.id}(&|$)`));
  await check();
  await expect(page.getByTestId('thread-subject')).toHaveText('Filtro uno');

  await page.getByTestId('customer-filter-clear').click();
  await expect(chip).toHaveCount(0);
  await expect(page).not.toHaveURL(/customer=/);
  await expect(rows.filter({ hasNotText: eva.name }).first()).toBeVisible();
});
