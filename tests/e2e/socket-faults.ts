import net from 'node:net';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { devFault } from './helpers';

/** The Pusher server of this run: the dev server's own hub, or (for
 * `MESA_E2E_PUSHER_PORT`) an external one such as sockudo. */
export const externalPusherPort = process.env.MESA_E2E_PUSHER_PORT ? Number(process.env.MESA_E2E_PUSHER_PORT) : undefined;

/** Drops and refuses the panel's WebSocket connections, whichever server
 * speaks Pusher: the dev server's `/__dev/ws/*` faults, or for a server we did
 * not write, a TCP proxy between the panel and that server. */
export interface SocketFaults {
  drop(): Promise<void>;
  refuse(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** For a server we did not write, the panel's WebSocket is sent through a
 * proxy on a port the served CSP does not name, so a spec that uses this
 * runs with `test.use({ bypassCSP: true })` (headers.spec.ts checks the CSP). */
export async function socketFaults(page: Page, request: APIRequestContext): Promise<SocketFaults> {
  if (externalPusherPort === undefined) {
    return {
      drop: () => devFault(request, 'ws/drop'),
      refuse: (seconds) => devFault(request, 'ws/refuse', { seconds }),
      close: async () => {},
    };
  }
  const proxy = await Proxy.start(externalPusherPort);
  // The panel reads where its WebSocket goes from config.json: send it through the proxy.
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, ws_host: '127.0.0.1', ws_port: proxy.port, ws_scheme: 'ws' } });
  });
  return {
    drop: async () => proxy.dropAll(),
    refuse: async (seconds) => proxy.refuseFor(seconds * 1000),
    close: () => proxy.close(),
  };
}

class Proxy {
  private sockets = new Set<net.Socket>();
  private refusingUntil = 0;

  private constructor(private server: net.Server, readonly port: number) {}

  static start(targetPort: number): Promise<Proxy> {
    return new Promise((resolve, reject) => {
      let proxy: Proxy;
      const server = net.createServer((client) => proxy.accept(client, targetPort));
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        expect(typeof address === 'object' && address).toBeTruthy();
        proxy = new Proxy(server, (address as net.AddressInfo).port);
        resolve(proxy);
      });
    });
  }

  private accept(client: net.Socket, targetPort: number) {
    if (Date.now() < this.refusingUntil) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
    }
  }

  dropAll() {
    for (const socket of this.sockets) socket.destroy();
  }

  refuseFor(ms: number) {
    this.refusingUntil = Date.now() + ms;
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
