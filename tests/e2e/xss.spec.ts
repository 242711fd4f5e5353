import { expect, test, type Page } from '@playwright/test';
import { Customer, openDesk } from './helpers';

// Markup that would run if any text from the network reached the page as HTML.
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<svg onload="window.__pwned=3">',
  '<svg><script>window.__pwned=4</script></svg>',
  '<iframe src="javascript:window.parent.__pwned=5"></iframe>',
  '<body onload="window.__pwned=6">',
  '<a href="javascript:window.__pwned=7">clic</a>',
  '<div style="background:url(javascript:window.__pwned=8)">x</div>',
  '"><script>window.__pwned=9</script>',
  "'><img src=x onerror=window.__pwned=10>",
  '<img src="x" onerror="window.__pwned=11"//',
  '<input autofocus onfocus="window.__pwned=12">',
  '<details open ontoggle="window.__pwned=13">',
  '<video><source onerror="window.__pwned=14"></video>',
  '<object data="javascript:window.__pwned=15"></object>',
  '<embed src="javascript:window.__pwned=16">',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=17>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=18>">',
  '<form action="javascript:window.__pwned=19"><button>x</button></form>',
  '<marquee onstart="window.__pwned=20">',
  '<scr<script>ipt>window.__pwned=21</scr</script>ipt>',
  '<img src=x onerror=&#119;indow.__pwned=22>',
  '<IMG SRC=x OnErRoR="window.__pwned=23">',
  '<svg><animate onbegin="window.__pwned=24" attributeName=x dur=1s>',
  '<link rel=import href="data:text/html,<script>window.__pwned=25</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=26">',
  '{{constructor.constructor("window.__pwned=27")()}}',
  '<template><img src=x onerror=window.__pwned=28></template>',
  '</textarea><img src=x onerror=window.__pwned=29>',
  'javascript:window.__pwned=30',
];

async function assertInert(page: Page) {
  const report = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    live: document.body.querySelectorAll(
      'script, iframe, object, embed, img[onerror], [onload], [onerror], [onfocus], [ontoggle], [onstart], [onbegin], a[href^="javascript:"], form[action^="javascript:"], meta, link, marquee, details, video',
    ).length,
  }));
  expect(report.pwned).toBeUndefined();
  expect(report.live).toBe(0);
}

test('hostile text from REST and from events is shown as text and never runs', async ({ page, request }) => {
  test.setTimeout(60_000);
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const customer = await Customer.signIn(request, 25);
  // Through REST: a ticket whose subject and messages are all payloads.
  const ticket = await customer.openTicket(PAYLOADS[0], PAYLOADS[1]);
  for (const payload of PAYLOADS.slice(1, 15)) await customer.send(ticket, payload);

  await openDesk(page, `/tickets/${ticket}?status=all`);
  await expect(page.getByTestId('message')).toHaveCount(15);
  await expect(page.getByTestId('thread-subject')).toHaveText(PAYLOADS[1]);

  // Through events: the rest arrive live, in the open thread and the inbox.
  for (const payload of PAYLOADS.slice(15)) await customer.send(ticket, payload);
  await expect(page.getByTestId('message')).toHaveCount(PAYLOADS.length);
  const texts = await page.getByTestId('message').locator('.message-text').allTextContents();
  expect(texts).toEqual(PAYLOADS);
  const row = page.locator(`[data-testid=ticket-row][data-ticket-id="${ticket}"]`);
  await expect(row.getByTestId('ticket-preview')).toHaveText(PAYLOADS[PAYLOADS.length - 1]);

  // File names are text too.
  const fileName = '<svg onload=window.__pwned=31>.pdf';
  const upload = await request.post(`/api/v1/support/tickets/${ticket}/messages`, {
    headers: customer.authHeaders(),
    multipart: { 'attachments[]': { name: fileName, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') } },
  });
  expect(upload.status()).toBe(201);
  await expect(page.getByTestId('message').last().locator('.attachments a')).toHaveText(/^<svg onload=window.__pwned=31>\.pdf \(/);

  // New tickets announced on the admin channel, with payload subjects.
  for (const payload of PAYLOADS.slice(0, 10)) await customer.openTicket(payload, payload);
  await expect(page.getByTestId('ticket-row').first()).toContainText(PAYLOADS[9]);
  await expect(page.getByTestId('announcer')).toContainText(PAYLOADS[9]);

  await page.waitForTimeout(300);
  await assertInert(page);
  expect(dialogs).toBe(0);
});
