import { test, expect, type Page } from '@playwright/test';
import { Customer, openDesk } from './helpers';

// Fine-grained rendering: what a live message costs the DOM.

/** Marks every message node now in the thread, so a later look can tell the
 * same nodes from new ones. */
async function markMessages(page: Page): Promise<number> {
  return page.getByTestId('message').evaluateAll((nodes) => {
    nodes.forEach((node, i) => ((node as unknown as { __seen?: number }).__seen = i));
    return nodes.length;
  });
}

/** How many message nodes carry a mark, and how many do not. */
async function markedAndNew(page: Page): Promise<{ marked: number; fresh: string[] }> {
  return page.getByTestId('message').evaluateAll((nodes) => ({
    marked: nodes.filter((n) => (n as unknown as { __seen?: number }).__seen !== undefined).length,
    fresh: nodes
      .filter((n) => (n as unknown as { __seen?: number }).__seen === undefined)
      .map((n) => n.getAttribute('data-message-id') ?? ''),
  }));
}

async function longThread(customer: Customer, messages: number): Promise<number> {
  const ticket = await customer.openTicket('Mensaje 1', 'Un hilo largo');
  for (let i = 2; i <= messages; i++) await customer.send(ticket, `Mensaje ${i}`);
  return ticket;
}

test('a new message in a long thread adds one message node and leaves the other nodes in place', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 5);
  const ticket = await longThread(customer, 40);
  await openDesk(page, `/tickets/${ticket}?status=all`);
  await expect(page.getByTestId('message')).toHaveCount(40);
  expect(await markMessages(page)).toBe(40);

  const sent = await customer.send(ticket, 'Uno más');
  await expect(page.getByTestId('message')).toHaveCount(41);
  const { marked, fresh } = await markedAndNew(page);
  expect(marked).toBe(40);
  expect(fresh).toEqual([String(sent.id)]);
  await expect(page.getByTestId('message').last()).toContainText('Uno más');
});

test('a thread longer than the run in the DOM keeps a bounded number of message nodes, follows new ones and reveals earlier ones on scrolling up', async ({ page, request }) => {
  const customer = await Customer.signIn(request, 6);
  // The first page holds 50; a few more arrive live until the run trims.
  const ticket = await longThread(customer, 50);
  await openDesk(page, `/tickets/${ticket}?status=all`);
  await expect(page.getByTestId('message')).toHaveCount(50);
  for (let i = 51; i <= 130; i++) await customer.send(ticket, `Mensaje ${i}`);
  await expect(page.getByTestId('message').last()).toContainText('Mensaje 130');
  const count = await page.getByTestId('message').count();
  expect(count).toBeGreaterThanOrEqual(60);
  expect(count).toBeLessThanOrEqual(120);
  // Still pinned to the newest message.
  const scroll = page.getByTestId('thread-scroll');
  await expect.poll(() => scroll.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(50);

  // Scrolling up reveals earlier messages, and keeps the one in view in place.
  const firstShown = Number(await page.getByTestId('message').first().getAttribute('data-message-id'));
  const anchor = page.locator(`[data-message-id="${firstShown}"]`);
  await scroll.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => Number(await page.getByTestId('message').first().getAttribute('data-message-id'))).toBeLessThan(firstShown);
  await expect(anchor).toBeInViewport();
  expect(await page.getByTestId('message').count()).toBeLessThanOrEqual(120);
});
