// Mesa's benchmark: run by `cargo xtask bench`, which builds the release
// panel, starts the dev server with `--seed large --dev-faults` and prints
// the figures this script writes. It measures; it never judges.
//
//   node tests/bench/bench.mjs --base http://127.0.0.1:PORT --out results.json [--quick] [--together] [--only PART]...
//
// --quick sends a fifth of the events and opens the big thread once; --only
// runs some parts: load (cold load, sign-in), inbox, open (the 5,000-message
// thread), live (the four live-message scenarios).
//
// Live messages: Mesa's open thread and a pusher-js + vanilla-DOM page
// (vanilla.html), each in its own browser process, fed the same
// `message.sent` frames (payloads and schedule) through the Pusher HTTP
// trigger API, on the ticket and the admin channel as the dev server sends a
// customer's message. By default in turn, each page alone on the machine on a
// fresh thread of the same size (on two cores, a second browser rendering at
// the same time takes the core from the first: both pages' frames then measure
// the machine); `--together` opens both on one ticket at the same time. The
// messages are stored first (`/__dev/bench/messages`), so a catch-up would
// find them too. Timing is taken in the pages (probes.mjs).

import { chromium } from '@playwright/test';
import { createHash, createHmac } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM } from '../chromium.mjs';
import { installProbes } from './probes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const PARTS = ['load', 'inbox', 'open', 'live'];
const USAGE = `usage: node tests/bench/bench.mjs --base http://127.0.0.1:PORT --out FILE [--quick] [--together] [--only ${PARTS.join('|')}]...`;

function options(argv) {
  const given = { quick: false, together: false, only: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--quick') given.quick = true;
    else if (flag === '--together') given.together = true;
    else if (flag === '--base' || flag === '--out') given[flag.slice(2)] = argv[(i += 1)];
    else if (flag === '--only' && PARTS.includes(argv[i + 1])) given.only.push(argv[(i += 1)]);
    else throw new Error(`unknown option ${flag} ${argv[i + 1] ?? ''}\n${USAGE}`);
  }
  if (!given.base || !given.out) throw new Error(USAGE);
  if (given.only.length === 0) given.only = PARTS;
  return given;
}

const opts = options(process.argv.slice(2));
const BASE = opts.base.replace(/\/$/, '');
// The dev server's Pusher app (REVERB_APP_* as it reads them).
const APP = {
  id: process.env.REVERB_APP_ID ?? 'mesa',
  key: process.env.REVERB_APP_KEY ?? 'mesa-key',
  secret: process.env.REVERB_APP_SECRET ?? 'mesa-secret',
};
// Mesa signs in as Carlos; the vanilla page uses another admin's token.
const MESA_ADMIN = { email: 'carlos@mesa.test', password: 'password' };
const VANILLA_ADMIN = { email: 'admin@mesa.test', password: 'password' };
// `--seed large`: ticket 1 holds the 5,000-message thread.
const BIG_THREAD = 1;

// A few hundred events each: 10 s at 20/s, 5 s at 100/s (a fifth with --quick).
const SCENARIOS = [
  { rate: 20, thread: 50, events: 200 },
  { rate: 20, thread: 2000, events: 200 },
  { rate: 100, thread: 50, events: 500 },
  { rate: 100, thread: 2000, events: 500 },
].map((s) => ({ ...s, events: opts.quick ? s.events / 5 : s.events }));
// Sent first and not counted: JIT warm-up, and proof both pages are listening.
const WARM_UP = 20;
const OPEN_THREAD_RUNS = opts.quick ? 1 : 3;

const LAUNCH = {
  ...CHROMIUM,
  args: [
    ...CHROMIUM.args,
    // The vanilla page comes from Playwright (route.fulfill), which Chromium
    // counts as a public page: without this it may not open a WebSocket to
    // 127.0.0.1. Mesa's page is served from 127.0.0.1 and is not affected.
    '--disable-features=LocalNetworkAccessChecks',
  ],
};
const CONTEXT = { viewport: { width: 1280, height: 800 }, locale: 'es-GT', timezoneId: 'America/Guatemala' };

const log = (line) => console.log(`bench: ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the dev server, from Node -------------------------------------------

async function http(method, url, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${BASE}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

async function signInByApi({ email, password }) {
  return (await http('POST', '/api/v1/admin/auth/login', { body: { email, password } })).token;
}

/** Pusher's HTTP API, signed as a server library signs it. */
async function trigger(channels, event, payload) {
  const body = JSON.stringify({ name: event, channels, data: JSON.stringify(payload) });
  const query = [
    `auth_key=${APP.key}`,
    `auth_timestamp=${Math.floor(Date.now() / 1000)}`,
    'auth_version=1.0',
    `body_md5=${createHash('md5').update(body).digest('hex')}`,
  ].join('&');
  const signed = `POST\n/apps/${APP.id}/events\n${query}`;
  const signature = createHmac('sha256', APP.secret).update(signed).digest('hex');
  const response = await fetch(`${BASE}/apps/${APP.id}/events?${query}&auth_signature=${signature}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`trigger: ${response.status} ${await response.text()}`);
}

/**
 * Stores `count` customer messages and sends their frames at `rate` per
 * second: each on its schedule, without waiting for the previous answer (as
 * a backend's queue workers would), so a slow answer does not slow the rate.
 */
async function feed(ticketId, count, rate) {
  const batch = await http('POST', '/__dev/bench/messages', { body: { ticket_id: ticketId, count } });
  const interval = 1000 / rate;
  const sent = [];
  const started = performance.now();
  let last = started;
  for (const [i, payload] of batch.payloads.entries()) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    last = performance.now();
    sent.push(trigger(batch.channels, batch.event, payload));
  }
  await Promise.all(sent);
  const seconds = (last - started) / 1000;
  return { achievedRate: batch.payloads.length > 1 && seconds > 0 ? (batch.payloads.length - 1) / seconds : rate };
}

// ---- pages ---------------------------------------------------------------

async function newPage(browser, watches = {}) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  await page.addInitScript(installProbes, watches);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') log(`console error: ${message.text()}`);
  });
  return page;
}

async function waitForMark(page, name, timeout = 30_000) {
  await page.waitForFunction((mark) => mark in window.__bench.marks, name, { timeout, polling: 50 });
}

/** A client-side navigation, as a click on a link in the panel. */
async function navigateInApp(page, to) {
  await page.evaluate((href) => {
    const link = document.createElement('a');
    link.href = href;
    link.dataset.bench = 'navigate';
    document.body.append(link);
    link.click();
    link.remove();
  }, to);
}

async function signInMesa(page) {
  await page.getByTestId('login-email').fill(MESA_ADMIN.email);
  await page.getByTestId('login-password').fill(MESA_ADMIN.password);
  await page.getByTestId('login-submit').click();
}

/** Cold load → login form; sign-in → first inbox row. A fresh context: no cache. */
async function loadAndSignIn(browser) {
  const page = await newPage(browser, {
    'login-form': '[data-testid="login-email"]',
    'first-row': '[data-testid="ticket-row"]',
  });
  await page.goto(`${BASE}/?status=all`);
  await waitForMark(page, 'login-form:frame');
  await signInMesa(page);
  await waitForMark(page, 'first-row:frame');
  const marks = await page.evaluate(() => window.__bench.marks);
  const submitted = marks['click:login-submit'];
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]');
  return {
    page,
    figures: {
      login_form_ms: marks['login-form'],
      login_form_frame_ms: marks['login-form:frame'],
      first_row_ms: marks['first-row'] - submitted,
      first_row_frame_ms: marks['first-row:frame'] - submitted,
    },
  };
}

/** Scrolls the inbox (all 10,000 tickets) a screen per frame down to its last ticket. */
async function scrollInbox(page, tickets, lastTicketId) {
  const figures = await page.evaluate(async (lastId) => {
    const list = document.querySelector('[data-testid="ticket-list"]');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const atEnd = () =>
      list.querySelector(`[data-ticket-id="${lastId}"]`) !== null &&
      list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
    window.__bench.reset();
    const started = performance.now();
    let steps = 0;
    let maxRows = 0;
    let maxNodes = 0;
    let stalledSince = null;
    while (!atEnd()) {
      const before = list.scrollTop;
      list.scrollTop = before + list.clientHeight;
      await nextFrame();
      steps += 1;
      maxRows = Math.max(maxRows, list.querySelectorAll('[data-testid="ticket-row"]').length);
      maxNodes = Math.max(maxNodes, window.__bench.domNodes());
      if (list.scrollTop !== before) {
        stalledSince = null;
      } else {
        // At the bottom of what is loaded: the next page is on its way.
        stalledSince ??= performance.now();
        if (performance.now() - stalledSince > 20_000) break;
      }
    }
    const longTasks = window.__bench.longTasks();
    return {
      reached_end: atEnd(),
      steps,
      seconds: (performance.now() - started) / 1000,
      max_rows: maxRows,
      max_dom_nodes: maxNodes,
      viewport_px: list.clientHeight,
      long_tasks: longTasks && longTasks.length,
      longest_task_ms: longTasks && Math.max(0, ...longTasks.map((t) => t.duration)),
      longest_tasks_ms: longTasks && longTasks.map((t) => t.duration).sort((a, b) => b - a).slice(0, 5),
    };
  }, lastTicketId);
  return { tickets, ...figures };
}

/**
 * From the inbox, a click to the 5,000-message thread → the end of the first
 * frame in which its newest message is in view; also when it entered the DOM.
 */
async function openBigThread(page, newestId) {
  const runs = [];
  for (let run = 0; run < OPEN_THREAD_RUNS; run += 1) {
    await navigateInApp(page, '/?status=all');
    await page.waitForSelector('[data-testid="thread"]', { state: 'detached' });
    await page.waitForSelector('[data-testid="ticket-row"]');
    await sleep(1000);
    await page.evaluate((id) => window.__bench.watch('newest', `[data-message-id="${id}"]`), newestId);
    const timing = await page.evaluate(
      ({ href, id }) =>
        new Promise((resolve) => {
          const link = document.createElement('a');
          link.href = href;
          link.dataset.bench = 'open-thread';
          document.body.append(link);
          const clicked = performance.now();
          link.click();
          link.remove();
          // After each rendered frame: is the newest message in the thread's view?
          const check = () => {
            const row = document.querySelector(`[data-message-id="${id}"]`);
            const view = row && row.closest('[data-testid="thread-scroll"]');
            if (view) {
              const r = row.getBoundingClientRect();
              const v = view.getBoundingClientRect();
              if (r.top < v.bottom && r.bottom > v.top) return resolve({ clicked, visible: performance.now() });
            }
            if (performance.now() - clicked > 20_000) return resolve({ clicked, visible: null });
            afterFrame();
          };
          const afterFrame = () =>
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = check;
              channel.port2.postMessage(null);
            });
          afterFrame();
        }),
      { href: `/tickets/${BIG_THREAD}?status=all`, id: newestId },
    );
    const marks = await page.evaluate(() => window.__bench.marks);
    runs.push({
      visible_ms: timing.visible === null ? null : timing.visible - timing.clicked,
      dom_ms: 'newest' in marks ? marks.newest - timing.clicked : null,
    });
    log(`open the 5,000-message thread, run ${run + 1}: ${fmt(runs.at(-1).visible_ms)} ms to its newest message in view`);
  }
  return { messages: 5000, runs };
}

/** Mesa's open thread, every older page loaded, pinned to the newest message.
 * Mesa keeps only a run of the thread in the DOM: "load older" first shows
 * earlier messages it holds, then fetches a page; scrolling back down moves
 * the run until it reaches the newest message again. */
async function openMesaThread(page, thread) {
  await navigateInApp(page, `/tickets/${thread.ticket_id}`);
  await page.waitForSelector(`[data-message-id="${thread.newest_message_id}"]`);
  const shown = await page.evaluate(async (newestId) => {
    const count = () => document.querySelectorAll('[data-testid="message"]').length;
    const first = () => document.querySelector('[data-testid="message"]')?.getAttribute('data-message-id');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    for (let button; (button = document.querySelector('[data-testid="load-older"]')); ) {
      const before = first();
      button.click();
      const started = performance.now();
      while (first() === before && performance.now() - started < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const view = document.querySelector('[data-testid="thread-scroll"]');
    for (let step = 0; step < 2_000 && !document.querySelector(`[data-message-id="${newestId}"]`); step++) {
      view.scrollTop = view.scrollHeight;
      await frame();
    }
    view.scrollTop = view.scrollHeight;
    await new Promise((resolve) => setTimeout(resolve, 300));
    return count();
  }, thread.newest_message_id);
  log(`Mesa holds the thread's ${thread.messages} messages, ${shown} of them in the DOM`);
}

/** The vanilla page on the same ticket, with the whole thread rendered. */
async function openVanilla(browser, thread, token) {
  const page = await newPage(browser);
  const files = {
    'vanilla.html': ['text/html', path.join(here, 'vanilla.html')],
    'vanilla.js': ['text/javascript', path.join(here, 'vanilla.js')],
    'pusher.min.js': ['text/javascript', path.join(root, 'node_modules/pusher-js/dist/web/pusher.min.js')],
  };
  // Served on the dev server's origin (same-origin API calls, no CORS), from disk.
  await page.route(`${BASE}/__bench/*`, async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    const file = files[name];
    if (!file) return route.fulfill({ status: 404, body: 'not a benchmark file' });
    return route.fulfill({ status: 200, contentType: file[0], body: await readFile(file[1]) });
  });
  await page.goto(`${BASE}/__bench/vanilla.html#ticket=${thread.ticket_id}&token=${token}`);
  await page.waitForFunction(() => window.__vanillaReady === true, null, { timeout: 60_000, polling: 100 });
  const shown = await page.evaluate(() => document.querySelectorAll('[data-testid="message"]').length);
  if (shown !== thread.messages) log(`the vanilla page shows ${shown} of ${thread.messages} messages`);
  return page;
}

async function waitUntilInserted(pages, count, timeout) {
  const started = performance.now();
  for (const page of pages) {
    const left = Math.max(1000, timeout - (performance.now() - started));
    await page
      .waitForFunction((n) => window.__bench.counts().inserted >= n, count, { timeout: left, polling: 100 })
      .catch(() => log(`not every message reached the DOM within ${timeout / 1000} s`));
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function spread(values) {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
}

/** CPU seconds of the page's main thread so far: unlike wall time, not
 * inflated when other processes of this small machine get the core. */
async function mainThreadSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0;
}

/** What one page did with the measured messages. */
async function pageFigures(page, cdp, busyBefore, events) {
  const busy = (await mainThreadSeconds(cdp)) - busyBefore;
  const timings = await page.evaluate(() => window.__bench.timings());
  const longTasks = await page.evaluate(() => window.__bench.longTasks());
  const domNodes = await page.evaluate(() => window.__bench.domNodes());
  const wasmBytes = await page.evaluate(() => window.__bench.wasmBytes());
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  return {
    arrived: timings.length,
    inserted: timings.filter((t) => t[2] !== null).length,
    dom_ms: spread(timings.map(([, arrived, inserted]) => (inserted === null ? null : inserted - arrived))),
    frame_ms: spread(timings.map(([, arrived, , painted]) => (painted === null ? null : painted - arrived))),
    main_thread_cpu_ms_per_message: (busy * 1000) / events,
    long_tasks: longTasks && longTasks.length,
    longest_task_ms: longTasks && Math.max(0, ...longTasks.map((t) => t.duration)),
    dom_nodes: domNodes,
    js_heap_bytes: heap.usedSize,
    wasm_bytes: wasmBytes,
  };
}

/** Warm-up, then `events` frames at `rate` into the ticket the pages show. */
async function measureFeed(pages, ticketId, rate, events) {
  for (const page of pages) await page.evaluate(() => window.__bench.reset());
  await feed(ticketId, WARM_UP, rate);
  await waitUntilInserted(pages, WARM_UP, 30_000);
  await sleep(500);
  const cdps = await Promise.all(pages.map((page) => page.context().newCDPSession(page)));
  const busy = [];
  for (const [i, page] of pages.entries()) {
    await page.evaluate(() => window.__bench.reset());
    await cdps[i].send('Performance.enable');
    busy.push(await mainThreadSeconds(cdps[i]));
  }
  const fed = await feed(ticketId, events, rate);
  await waitUntilInserted(pages, events, 30_000);
  await sleep(500); // the last rows' next frame
  const figures = [];
  for (const [i, page] of pages.entries()) figures.push(await pageFigures(page, cdps[i], busy[i], events));
  await Promise.all(cdps.map((cdp) => cdp.detach()));
  return { achievedRate: fed.achievedRate, figures };
}

/** A new Mesa page at `path`, signed in and connected. */
async function signedInMesa(browser, path) {
  const page = await newPage(browser);
  await page.goto(`${BASE}${path}`);
  await signInMesa(page);
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]');
  return page;
}

/** A signed-in Mesa page on the thread, pinned to its newest message. */
async function openMesa(browser, thread) {
  const page = await signedInMesa(browser, '/');
  await openMesaThread(page, thread);
  return page;
}

const newThread = (messages) => http('POST', '/__dev/bench/thread', { body: { messages } });

async function liveScenario(mesaBrowser, vanillaBrowser, vanillaToken, { rate, thread: size, events }) {
  if (opts.together) {
    const thread = await newThread(size);
    const pages = [await openMesa(mesaBrowser, thread), await openVanilla(vanillaBrowser, thread, vanillaToken)];
    try {
      const { achievedRate, figures } = await measureFeed(pages, thread.ticket_id, rate, events);
      return { rate, thread: size, events, achieved_rate: achievedRate, mesa: figures[0], vanilla: figures[1] };
    } finally {
      await Promise.all(pages.map((page) => page.context().close()));
    }
  }
  // In turn: each page alone, on a thread of its own, closed before the other opens.
  const alone = async (open) => {
    const thread = await newThread(size);
    const page = await open(thread);
    try {
      return await measureFeed([page], thread.ticket_id, rate, events);
    } finally {
      await page.context().close();
    }
  };
  const mesa = await alone((thread) => openMesa(mesaBrowser, thread));
  const vanilla = await alone((thread) => openVanilla(vanillaBrowser, thread, vanillaToken));
  return {
    rate,
    thread: size,
    events,
    achieved_rate: Math.min(mesa.achievedRate, vanilla.achievedRate),
    mesa: mesa.figures[0],
    vanilla: vanilla.figures[0],
  };
}

const fmt = (ms) => (ms === null || ms === undefined ? '—' : ms.toFixed(1));

/**
 * Runs one part; a part that fails is reported with its reason and the
 * others still run: figures are wanted, not a verdict.
 */
async function part(results, name, run) {
  if (!opts.only.includes(name)) return;
  try {
    await run();
  } catch (error) {
    log(`${name} failed: ${error.message}`);
    results.failed[name] = error.message.split('\n')[0];
  }
}

async function main() {
  const results = {
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    failed: {},
  };
  const admin = await signInByApi(MESA_ADMIN);
  const inboxTotal = (await http('GET', '/api/v1/admin/support/tickets?status=all&per_page=1', { token: admin })).meta
    .total;
  const lastTicket = (
    await http('GET', `/api/v1/admin/support/tickets?status=all&per_page=1&page=${inboxTotal}`, { token: admin })
  ).data[0].id;
  const bigThread = (await http('GET', `/api/v1/admin/support/tickets/${BIG_THREAD}`, { token: admin })).data;
  const bigNewest = bigThread.messages.at(-1).id;

  const mesaBrowser = await chromium.launch(LAUNCH);
  const vanillaBrowser = await chromium.launch(LAUNCH);
  results.machine.chromium = mesaBrowser.version();
  try {
    // Cold load, sign-in, the inbox and the big thread share one signed-in page.
    let page = null;
    await part(results, 'load', async () => {
      log('cold load and sign-in');
      const signedIn = await loadAndSignIn(mesaBrowser);
      page = signedIn.page;
      results.load = signedIn.figures;
      log(`login form ${fmt(results.load.login_form_ms)} ms, first inbox row ${fmt(results.load.first_row_ms)} ms after sign-in`);
    });
    const signedInPage = async () => {
      page ??= await signedInMesa(mesaBrowser, '/?status=all');
      return page;
    };
    await part(results, 'inbox', async () => {
      log(`scrolling the inbox of ${inboxTotal} tickets end to end`);
      results.inbox = await scrollInbox(await signedInPage(), inboxTotal, lastTicket);
      log(`${results.inbox.steps} steps in ${results.inbox.seconds.toFixed(1)} s, longest tasks ${results.inbox.longest_tasks_ms?.join(', ')} ms`);
    });
    await part(results, 'open', async () => {
      results.open_thread = await openBigThread(await signedInPage(), bigNewest);
    });
    if (page) await page.context().close();

    await part(results, 'live', async () => {
      const vanillaToken = await signInByApi(VANILLA_ADMIN);
      results.together = opts.together;
      results.scenarios = [];
      for (const scenario of SCENARIOS) {
        log(`${scenario.rate} events/s into a thread of ${scenario.thread} messages (${scenario.events} events)`);
        const figures = await liveScenario(mesaBrowser, vanillaBrowser, vanillaToken, scenario);
        results.scenarios.push(figures);
        log(
          `Mesa p99 ${fmt(figures.mesa.dom_ms.p99)} ms to the DOM, vanilla ${fmt(figures.vanilla.dom_ms.p99)} ms` +
            ` (${figures.achieved_rate.toFixed(1)} events/s sent)`,
        );
      }
    });
  } finally {
    await Promise.all([mesaBrowser.close(), vanillaBrowser.close()]);
  }
  await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
  await writeFile(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`figures written to ${opts.out}`);
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
