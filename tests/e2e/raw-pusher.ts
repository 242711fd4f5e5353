import { expect, type Page } from '@playwright/test';

export interface Frame {
  event: string;
  channel?: string;
  data?: string;
}

/** A bare Pusher protocol 7 client in `page` (which must be on the panel's
 * origin), signed in with `token`, subscribed to `channels`: what any app
 * holding that token could hear. Every frame it receives is kept. */
export async function rawPusher(page: Page, token: string, channels: string[]) {
  await page.evaluate(
    async ({ token, channels }) => {
      const w = window as unknown as { __frames: unknown[]; __socket: WebSocket };
      w.__frames = [];
      const config = await fetch('/config.json').then((r) => r.json());
      const host = config.ws_host || location.hostname;
      const port = config.ws_port || location.port;
      const socket = new WebSocket(`ws://${host}:${port}/app/${config.reverb_app_key}?protocol=7&client=raw&version=1`);
      w.__socket = socket;
      const established = new Promise<string>((resolve) => {
        socket.onmessage = (m) => {
          const frame = JSON.parse(m.data);
          w.__frames.push(frame);
          if (frame.event === 'pusher:connection_established') resolve(JSON.parse(frame.data).socket_id);
        };
      });
      const socketId = await established;
      for (const channel of channels) {
        const auth = await fetch('/api/v1/broadcasting/auth', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
        });
        if (!auth.ok) throw new Error(`auth for ${channel}: ${auth.status}`);
        const body = await auth.json();
        socket.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth: body.auth, channel_data: body.channel_data } }));
      }
    },
    { token, channels },
  );
  for (const channel of channels) {
    await expect.poll(() => frames(page).then((all) => all.some((f) => f.event === 'pusher_internal:subscription_succeeded' && f.channel === channel))).toBe(true);
  }
}

export function frames(page: Page): Promise<Frame[]> {
  return page.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames);
}
