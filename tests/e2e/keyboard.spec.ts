import { expect, test, type Page } from '@playwright/test';
import { CARLOS, Customer, failOnPageErrors, openDesk, signInAs, inAdminMenu, LUCIA, signOut } from './helpers';

// The keyboard: the shortcuts help and the setting that turns single-key
// shortcuts off (WCAG 2.1.4), where the focus goes after each action, and a
// visible focus ring on every control.


const SINGLE_KEYS = ['j', 'k', 'Enter', '/', 'x', 'e', 'a', 'r', 'n', 'p', 't', 'z', '?'];
const WRITING_KEYS = ['Enter', 'Shift+Enter', '/', '@', '↑ ↓', 'Esc'];


/** Lets the panel finish what a key press started: two drawn frames. */
async function settle(page: Page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const row = (page: Page, id: number) => page.locator(`[data-testid=ticket-row][data-ticket-id="${id}"]`);

test('? and the button open the help: every shortcut listed, keys kept inside, focus given back on closing', async ({ page }) => {
  await openDesk(page);
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toBeVisible();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Atajos de teclado' });
  await expect(help).toBeVisible();
  await expect(help).toBeFocused();
  const listed = (group: number) =>
    help.locator('.shortcuts-group').nth(group).getByTestId('shortcut').evaluateAll((items) => items.map((i) => i.getAttribute('data-keys')));
  expect(await listed(0)).toEqual(SINGLE_KEYS);
  expect(await listed(1)).toEqual(WRITING_KEYS);

  // Tab goes round the dialog's own controls; j is not for the inbox behind it.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    await expect(help.locator(':focus')).toHaveCount(1);
  }
  await page.keyboard.press('j');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('j');
  await expect(rows.first()).toHaveClass(/ticket-row-cursor/);

  await (await inAdminMenu(page, 'shortcuts-open')).click();
  await expect(help).toBeVisible();
  await page.getByTestId('shortcuts-close').click();
  await expect(help).toBeHidden();
  // The menu folded away when the help opened: the focus goes to its button.
  await expect(page.getByTestId('header-menu-toggle')).toBeFocused();
});

test('with single-key shortcuts off no key acts, the buttons still do; the choice is kept for that admin only', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 7);
  const ticket = await customer.openTicket('¿Pueden revisar mi cuenta?', 'Atajos desactivados');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  await expect(row(page, ticket)).toHaveClass(/ticket-row-cursor/);
  await expect(page.getByTestId('close-ticket')).toHaveAttribute('aria-keyshortcuts', 'e');

  await (await inAdminMenu(page, 'shortcuts-open')).click();
  const setting = page.getByTestId('shortcuts-enabled');
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await expect(page.getByTestId('shortcuts-off')).toBeVisible();
  await page.getByTestId('shortcuts-close').click();
  await expect(page.getByTestId('shortcuts-help')).toBeHidden();
  await expect(page.getByTestId('close-ticket')).not.toHaveAttribute('aria-keyshortcuts', /./);

  // k then j twice: were they heard, the cursor would end two rows down.
  for (const key of ['k', 'j', 'j', 'x', 'e', 'a', 'r', 'n', '/', '?']) await page.keyboard.press(key);
  await settle(page);
  await expect(row(page, ticket)).toHaveClass(/ticket-row-cursor/);
  await expect(page.locator('[data-testid=bulk-select]:checked')).toHaveCount(0);
  await expect(page.getByTestId('thread').getByTestId('ticket-status')).toHaveText('Abierto');
  await expect(page.getByTestId('assign-me')).toBeVisible();
  await expect(page.getByTestId('composer-input')).not.toBeFocused();
  await expect(page.getByTestId('search')).not.toBeFocused();
  await expect(page.getByTestId('shortcuts-help')).toBeHidden();
  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('thread-assignee')).toHaveText(CARLOS.name);

  // Kept across a reload and a sign-out, for Carlos only.
  await page.reload();
  await expect(page.getByTestId('message')).toHaveCount(1);
  await page.keyboard.press('?');
  await settle(page);
  await expect(page.getByTestId('shortcuts-help')).toBeHidden();
  await signOut(page);
  await signInAs(page, LUCIA);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-enabled')).toBeChecked();
  await page.keyboard.press('Escape');
  await signOut(page);
  await signInAs(page, CARLOS);
  await (await inAdminMenu(page, 'shortcuts-open')).click();
  await expect(page.getByTestId('shortcuts-enabled')).not.toBeChecked();
});

test('closing, reopening, assigning and sending move the focus to the next control, and each change is announced', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 8);
  const ticket = await customer.openTicket('Tengo una duda con mi envío', 'Foco tras cada acción');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  // A ticket just opened: its subject has the focus.
  await expect(page.getByTestId('thread-subject')).toBeFocused();
  const announcer = page.getByTestId('announcer');

  await page.getByTestId('close-ticket').click();
  await expect(page.getByTestId('reopen-ticket')).toBeFocused();
  await expect(announcer).toHaveText('Ticket cerrado.');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('composer-input')).toBeFocused();
  await expect(announcer).toHaveText('Ticket reabierto.');

  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('assign-select')).toBeFocused();
  await expect(announcer).toHaveText(`Ticket asignado a ${CARLOS.name}.`);

  await page.getByTestId('composer-input').fill('Ya lo revisamos.');
  await page.getByTestId('composer-send').click();
  await expect(page.locator('[data-testid=message][data-state=sent]')).toHaveText(/Ya lo revisamos\./);
  await expect(page.getByTestId('composer-input')).toBeFocused();
});

test('a bulk close is announced and gives the focus back to the list', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 9);
  const first = await customer.openTicket('Primero del lote', 'Lote anunciado 1');
  const second = await customer.openTicket('Segundo del lote', 'Lote anunciado 2');
  await openDesk(page);
  await row(page, first).getByTestId('bulk-select').check();
  await row(page, second).getByTestId('bulk-select').check();
  await page.getByTestId('bulk-close').click();
  await expect(page.getByTestId('announcer')).toHaveText('Se cambiaron 2 tickets.');
  await expect(page.getByTestId('bulk-bar')).toBeHidden();
  await expect(page.locator('.ticket-row a').first()).toBeFocused();
});

test('every control reached with Tab on the desk and a thread shows a focus ring', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 8);
  const ticket = await customer.openTicket('Quiero cambiar mi dirección', 'Anillo de foco');
  await openDesk(page, `/tickets/${ticket}`);
  await expect(page.getByTestId('message')).toHaveCount(1);
  await page.locator('body').focus();
  const unringed: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} ${el.textContent?.trim().slice(0, 30) ?? ''}`;
      return { name, ring };
    });
    if (!focused) continue;
    seen.add(focused.name);
    if (!focused.ring) unringed.push(focused.name);
  }
  // The walk went through the top bar, the filters, the rows and the thread.
  expect(seen.size).toBeGreaterThan(30);
  expect(unringed).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the thread has a back link: the inbox comes back with its filters and the focus on the ticket left', async ({ page, request }) => {
    failOnPageErrors(page);
    const customer = await Customer.signIn(request, 9);
    const ticket = await customer.openTicket('¿Dónde está mi paquete?', 'Volver desde el teléfono');
    await openDesk(page, '/?q=Volver%20desde%20el%20tel%C3%A9fono');
    await row(page, ticket).locator('a').click();
    await expect(page.getByTestId('message')).toHaveCount(1);
    await expect(page.getByTestId('inbox')).toBeHidden();
    const back = page.getByRole('link', { name: 'Volver a la bandeja' });
    await expect(back).toBeVisible();
    await back.click();
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.searchParams.get('q') === 'Volver desde el teléfono');
    await expect(page.getByTestId('thread')).toBeHidden();
    await expect(row(page, ticket).locator('a')).toBeFocused();
  });
});
