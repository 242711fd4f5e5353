// Failed sign-ins are throttled per e-mail and address, on the dev server and
// (in the @pusher-server run against it) the Laravel app: the sixth failure
// within a minute is a 429 with Retry-After, which the panel shows as such.
import { expect, test } from '@playwright/test';

test('the sixth failed sign-in for one e-mail within a minute is refused with 429 and Retry-After @pusher-server', async ({ request }) => {
  // An address nobody has: unknown e-mails are counted like wrong passwords,
  // and no real account is locked for the tests that follow.
  const email = `nadie-${Date.now()}@mesa.test`;
  const attempt = () =>
    request.post('/api/v1/admin/auth/login', { data: { email, password: 'incorrecta' }, headers: { Accept: 'application/json' } });
  for (let i = 1; i <= 5; i++) expect((await attempt()).status(), `attempt ${i}`).toBe(422);
  const refused = await attempt();
  expect(refused.status()).toBe(429);
  const wait = Number(refused.headers()['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
});
