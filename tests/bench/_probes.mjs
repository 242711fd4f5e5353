// What the benchmark measures inside a page. `installProbes` runs as an init
// script (Playwright's `addInitScript`), before any script of the page, in
// Mesa's page and in the vanilla page alike, so both are timed the same way.
// Playwright sends it as source text: it must not use anything from outside.

/**
 * Installs `window.__bench`:
 * - arrival: when a `message.sent` frame is dispatched to the page's
 *   WebSocket (our listener is registered in the constructor, before the
 *   page's own); a message heard on two channels counts from its first frame;
 * - DOM: when a MutationObserver sees the element with that
 *   `data-message-id` added;
 * - next frame: after the insertion, `requestAnimationFrame`, then a posted
 *   message: the first task after the rendering update that follows the
 *   insertion, i.e. once style, layout and paint of that frame are done;
 * - marks: the first time a watched selector matches (and its next frame),
 *   and clicks on elements with a `data-testid` or `data-bench` name;
 * - long tasks (PerformanceObserver `longtask`), and the size of the page's
 *   WebAssembly memory, which the JS heap does not include.
 *
 * @param {Record<string, string>} initialWatches name → CSS selector
 */
export function installProbes(initialWatches) {
  const now = () => performance.now();
  const arrivals = new Map();
  const inserted = new Map();
  const painted = new Map();
  const marks = {};
  const watches = new Map(Object.entries(initialWatches || {}));
  let longTasks = [];
  let wasmMemory = null;

  // Runs `then(time)` in the first task after the next frame is rendered;
  // `started()` when that frame starts (its animation frame callbacks).
  function afterNextFrame(then, started = () => {}) {
    requestAnimationFrame(() => {
      started();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => then(now());
      channel.port2.postMessage(null);
    });
  }

  function onFrame(event) {
    const at = now();
    const text = event.data;
    if (typeof text !== 'string' || !text.includes('message.sent')) return;
    let id;
    try {
      const frame = JSON.parse(text);
      if (frame.event !== 'message.sent') return;
      const payload = typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data;
      id = payload && payload.message && payload.message.id;
    } catch {
      return; // not ours to judge: the page logs malformed frames itself
    }
    if (typeof id === 'number' && !arrivals.has(id)) { arrivals.set(id, at); performance.mark('arrive-' + id); }
  }

  const NativeWebSocket = window.WebSocket;
  class MeasuredWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', onFrame);
    }
  }
  window.WebSocket = MeasuredWebSocket;

  // Rows inserted before the same frame share its time; a row inserted
  // once that frame has started waits for the next one.
  let frameBatch = null;
  function rowAdded(id, at) {
    if (!arrivals.has(id) || inserted.has(id)) return;
    inserted.set(id, at);
    performance.mark('dom-' + id);
    if (frameBatch) {
      frameBatch.push(id);
      return;
    }
    const batch = (frameBatch = [id]);
    afterNextFrame(
      (time) => batch.forEach((waiting) => painted.set(waiting, time)),
      () => (frameBatch = null),
    );
  }

  function checkWatches(at) {
    for (const [name, selector] of watches) {
      if (!document.querySelector(selector)) continue;
      watches.delete(name);
      marks[name] = at;
      afterNextFrame((time) => {
        marks[`${name}:frame`] = time;
      });
    }
  }

  new MutationObserver((records) => {
    const at = now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const id = node.getAttribute('data-message-id');
        if (id !== null) {
          rowAdded(Number(id), at);
        } else if (node.firstElementChild && arrivals.size > inserted.size) {
          for (const row of node.querySelectorAll('[data-message-id]')) {
            rowAdded(Number(row.getAttribute('data-message-id')), at);
          }
        }
      }
    }
    if (watches.size > 0) checkWatches(at);
  }).observe(document, { childList: true, subtree: true });

  document.addEventListener(
    'click',
    (event) => {
      const named = event.target instanceof Element && event.target.closest('[data-testid], [data-bench]');
      if (named) marks[`click:${named.getAttribute('data-bench') || named.getAttribute('data-testid')}`] = now();
    },
    true,
  );

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the figures say "no data" rather than "none".
    longTasks = null;
  }

  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      const memory = instance && instance.exports.memory;
      if (memory instanceof WebAssembly.Memory) wasmMemory = memory;
      return result;
    };
  }

  window.__bench = {
    marks,
    watch(name, selector) {
      delete marks[name];
      delete marks[`${name}:frame`];
      watches.set(name, selector);
      checkWatches(now());
    },
    /** Forgets every message timed so far and every long task. */
    reset() {
      arrivals.clear();
      inserted.clear();
      painted.clear();
      if (longTasks) longTasks = [];
    },
    counts() {
      return { arrived: arrivals.size, inserted: inserted.size, painted: painted.size };
    },
    /** [id, arrival, inserted, painted] per message heard since the reset. */
    timings() {
      return [...arrivals].map(([id, at]) => [id, at, inserted.get(id) ?? null, painted.get(id) ?? null]);
    },
    longTasks() {
      return longTasks && longTasks.slice();
    },
    domNodes() {
      return document.getElementsByTagName('*').length;
    },
    wasmBytes() {
      return wasmMemory ? wasmMemory.buffer.byteLength : 0;
    },
  };
}
