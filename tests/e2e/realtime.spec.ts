import { expect, test } from '@playwright/test';
import { Customer, openDesk } from './helpers';

test('two admins on one ticket see each other, and who is typing @pusher-server', async ({ browser, request }) => {
  const customer = await Customer.signIn(request, 23);
  const ticket = await customer.openTicket('¿Quién me atiende?');

  const carlos = await browser.newPage();
  await openDesk(carlos, `/tickets/${ticket}`);
  await expect(carlos.getByTestId('message')).toHaveCount(1);

  const lucia = await browser.newPage();
  await lucia.goto(`/tickets/${ticket}`);
  await lucia.getByTestId('login-email').fill('lucia@mesa.test');
  await lucia.getByTestId('login-password').fill('password');
  await lucia.getByTestId('login-submit').click();
  await expect(lucia.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  await expect(carlos.getByTestId('viewers')).toHaveText('También viendo: Lucía Ramírez');
  await expect(lucia.getByTestId('viewers')).toHaveText('También viendo: Carlos Méndez');

  await lucia.getByTestId('composer-input').pressSequentially('Hola');
  // On every server: as a client event where the Pusher server stamps its
  // sender (the dev server's own), and from the backend's `viewers` where it
  // does not (sockudo relays client events without the sender's user_id).
  await expect(carlos.getByTestId('typing')).toHaveText('Lucía Ramírez está escribiendo…');
  await lucia.getByTestId('composer-input').press('Enter');
  await expect(carlos.getByTestId('typing')).toHaveCount(0);
  await expect(carlos.getByTestId('message')).toHaveCount(2);

  // Leaving the ticket leaves the channel.
  await lucia.locator(`[data-testid=ticket-row]:not([data-ticket-id="${ticket}"]) a`).first().click();
  await expect(lucia).not.toHaveURL(new RegExp(`/tickets/${ticket}$`));
  await expect(carlos.getByTestId('viewers')).toHaveCount(0);
  await lucia.close();
  await carlos.close();
});

test('a wrong app key stops with the reason instead of retrying forever', async ({ page }) => {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, reverb_app_key: 'not-the-key' } });
  });
  await page.goto('/login');
  await page.getByTestId('login-email').fill('carlos@mesa.test');
  await page.getByTestId('login-password').fill('password');
  await page.getByTestId('login-submit').click();
  const state = page.getByTestId('connection-state');
  await expect(state).toHaveAttribute('data-state', 'failed');
  await expect(state).toHaveAttribute('title', /4001/);
  // The REST side keeps working without live events.
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
});
