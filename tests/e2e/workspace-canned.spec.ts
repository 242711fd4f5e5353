import { expect, test, type Page } from '@playwright/test';
import { CARLOS, Customer, openDesk } from './helpers';

/** A fresh ticket of a demo customer, and that customer's name as the panel shows it. */
async function ticketOf(request: Parameters<typeof Customer.signIn>[0], n: number, subject: string) {
  const customer = await Customer.signIn(request, n);
  const ticket = await customer.openTicket(`Ayuda: ${subject}`, subject);
  const name: string = (await customer.thread(ticket)).customer.name;
  return { customer, ticket, name, firstName: name.split(/\s+/)[0] };
}

const composer = (page: Page) => page.getByTestId('composer-input');

test('Carlos types /hola, Enter fills in the customer and himself, and the reply goes out', async ({ page, request }) => {
  const { customer, ticket, firstName } = await ticketOf(request, 37, 'Saludo predefinido');
  await openDesk(page, `/tickets/${ticket}`);
  const input = composer(page);
  await input.pressSequentially('/ho');
  const menu = page.getByTestId('canned-menu');
  await expect(menu).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveAccessibleName('Respuestas predefinidas');
  await expect(page.getByTestId('canned-item').first()).toHaveAttribute('data-shortcut', 'hola');
  await expect(input).toHaveAttribute('aria-activedescendant', /^canned-option-\d+$/);
  await input.pressSequentially('la');
  await input.press('Enter');
  await expect(menu).toBeHidden();
  const greeting = `Hola ${firstName}, gracias por escribirnos. Soy ${CARLOS.name} y le ayudo con su caso.`;
  await expect(input).toHaveValue(greeting);
  // Still the admin's text: it can be edited before it goes.
  await input.pressSequentially(' ¿Me confirma su correo?');
  await input.press('Enter');
  const sent = `${greeting} ¿Me confirma su correo?`;
  await expect(page.locator('[data-testid=message][data-state=sent]').filter({ hasText: sent })).toHaveCount(1);
  const thread = await customer.thread(ticket);
  expect(thread.messages.at(-1).message).toBe(sent);
});

test('the menu is keyboard-driven, searchable from its button, and offers only own and shared replies', async ({ page, request }) => {
  const { ticket } = await ticketOf(request, 37, 'Menú por teclado');
  await openDesk(page, `/tickets/${ticket}`);
  const input = composer(page);
  await input.fill('Antes. ');
  await page.getByTestId('canned-open').click();
  const search = page.getByTestId('canned-search');
  await expect(search).toBeFocused();
  await expect(page.getByTestId('canned-open')).toHaveAttribute('aria-expanded', 'true');
  const shortcuts = page.getByTestId('canned-item');
  await expect(shortcuts).toHaveCount(5);
  await expect(page.locator('[data-testid=canned-item][data-shortcut=reembolso]')).toHaveCount(0);
  await search.fill('factu');
  await expect(shortcuts).toHaveCount(1);
  await search.press('Escape');
  await expect(page.getByTestId('canned-menu')).toBeHidden();
  await expect(input).toBeFocused();

  // Arrow keys move the active option, wrapping round; Enter inserts it at the cursor.
  await expect(input).toHaveValue('Antes. ');
  await input.fill('');
  await input.pressSequentially('/');
  const active = () => page.locator('[data-testid=canned-item][aria-selected=true]');
  const first = await active().getAttribute('data-shortcut');
  await input.press('ArrowDown');
  await expect(active()).not.toHaveAttribute('data-shortcut', first!);
  await input.press('ArrowUp');
  await expect(active()).toHaveAttribute('data-shortcut', first!);
  await input.press('ArrowUp');
  await expect(active()).toHaveAttribute('data-shortcut', await shortcuts.last().getAttribute('data-shortcut') ?? '');
  await input.pressSequentially('cierre');
  await input.press('Enter');
  await expect(input).toHaveValue(`Damos por resuelto «Menú por teclado». Si necesita algo más, escríbanos. Saludos, ${CARLOS.name}.`);
});

test('the manager refuses a bad shortcut beside its field, creates, and deletes a reply', async ({ page, request }) => {
  const { ticket, firstName } = await ticketOf(request, 37, 'Gestor de respuestas');
  await openDesk(page, `/tickets/${ticket}`);
  await page.getByTestId('canned-open').click();
  await page.getByTestId('canned-manage-open').click();
  const manager = page.getByTestId('canned-manage');
  await expect(manager).toBeVisible();
  await expect(manager).toHaveAccessibleName('Gestionar respuestas predefinidas');
  // Lucía's shared reply is listed, but only she may change it.
  const others = manager.locator('[data-testid=canned-row][data-shortcut="puntos-24h"]');
  await expect(others).toContainText('solo quien la creó');
  await expect(others.getByTestId('canned-edit')).toHaveCount(0);

  await manager.getByTestId('canned-title').fill('Pedido en camino');
  await manager.getByTestId('canned-shortcut').fill('Pedido Nuevo');
  await manager.getByTestId('canned-body').fill('Hola {{customer.first_name}}, su pedido {{pedido.id}} va en camino.');
  await manager.getByTestId('canned-save').click();
  await expect(manager.getByTestId('canned-error-shortcut')).toContainText('minúsculas');
  await expect(manager.getByTestId('canned-shortcut')).toHaveAttribute('aria-invalid', 'true');
  await expect(manager.getByTestId('canned-error-title')).toBeEmpty();

  await manager.getByTestId('canned-shortcut').fill('pedido-e2e');
  await manager.getByTestId('canned-save').click();
  await expect(manager.getByTestId('canned-status')).toHaveText('Respuesta guardada.');
  const row = manager.locator('[data-testid=canned-row][data-shortcut="pedido-e2e"]');
  await expect(row).toContainText('Pedido en camino');
  await expect(manager.getByTestId('canned-shortcut')).toHaveValue('');
  await manager.press('Escape');
  await expect(manager).toBeHidden();

  // The list followed the change: the menu offers it; unknown placeholders stay as typed.
  const input = composer(page);
  await input.pressSequentially('/pedido');
  await expect(page.getByTestId('canned-item')).toHaveCount(1);
  await input.press('Enter');
  await expect(input).toHaveValue(`Hola ${firstName}, su pedido {{pedido.id}} va en camino.`);

  await page.getByTestId('canned-open').click();
  await page.getByTestId('canned-manage-open').click();
  await row.getByTestId('canned-delete').click();
  await row.getByTestId('canned-delete-confirm').click();
  await expect(manager.getByTestId('canned-status')).toHaveText('Respuesta borrada.');
  await expect(row).toHaveCount(0);
  await manager.getByTestId('canned-manage-close').click();
  await input.fill('/pedido');
  await expect(page.getByTestId('canned-menu')).toContainText('Ninguna respuesta predefinida coincide.');
});

test('without the capability there is no canned-reply menu, button or manager', async ({ page, request }) => {
  await page.route('**/api/v1/admin/capabilities', (route) => route.fulfill({ status: 404, json: { message: 'Not Found' } }));
  const { ticket } = await ticketOf(request, 37, 'Sin capacidades');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('thread-subject')).toHaveText('Sin capacidades');
  await composer(page).pressSequentially('/hola');
  await expect(composer(page)).toHaveValue('/hola');
  await expect(page.getByTestId('canned-menu')).toHaveCount(0);
  await expect(page.getByTestId('canned-open')).toHaveCount(0);
  await expect(page.getByTestId('customer-panel')).toHaveCount(0);
});
