// The benchmark's baseline: what a hand-written page does with the frames
// Mesa gets. pusher-js, the thread's history from the REST API, then one
// <li data-message-id> appended per new message, each id once (a message
// comes on the ticket and the admin channel), pinned to the bottom.
// Opened as /__bench/vanilla.html#ticket=ID&token=TOKEN; sets
// window.__vanillaReady once both channels are subscribed.
(async () => {
  const params = new URLSearchParams(location.hash.slice(1));
  const ticket = Number(params.get('ticket'));
  const headers = { Authorization: `Bearer ${params.get('token')}`, Accept: 'application/json' };
  const config = await (await fetch('/config.json')).json();
  const get = async (path) => {
    const response = await fetch(`${config.admin_api_prefix}${path}`, { headers });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return response.json();
  };

  const list = document.getElementById('messages');
  const scroller = document.getElementById('scroll');
  const shown = new Set();
  const when = new Intl.DateTimeFormat('es-GT', { dateStyle: 'medium', timeStyle: 'short' });

  function row(message) {
    shown.add(message.id);
    const item = document.createElement('li');
    item.dataset.testid = 'message';
    item.dataset.messageId = String(message.id);
    item.dataset.from = message.is_from_admin ? 'admin' : 'customer';
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${message.sender ? message.sender.name : ''} · ${when.format(new Date(message.created_at))}`;
    const text = document.createElement('p');
    text.textContent = message.message || '';
    item.append(meta, text);
    return item;
  }

  let pinning = false;
  function pinToBottom() {
    if (pinning) return;
    pinning = true;
    requestAnimationFrame(() => {
      pinning = false;
      scroller.scrollTop = scroller.scrollHeight;
    });
  }

  // The whole thread, as Mesa holds it once every older page is loaded.
  const detail = (await get(`/support/tickets/${ticket}`)).data;
  let messages = detail.messages;
  let more = detail.has_more_messages;
  while (more && messages.length > 0) {
    const page = await get(`/support/tickets/${ticket}/messages?before_id=${messages[0].id}&limit=100`);
    messages = page.data.concat(messages);
    more = page.meta.has_more;
  }
  const history = document.createDocumentFragment();
  for (const message of messages) history.append(row(message));
  list.append(history);
  pinToBottom();

  const pusher = new Pusher(config.reverb_app_key, {
    cluster: 'mt1',
    wsHost: config.ws_host || location.hostname,
    wsPort: Number(config.ws_port || location.port),
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: { endpoint: config.auth_endpoint, transport: 'ajax', headers },
  });
  function onMessage(payload) {
    if (payload.ticket_id !== ticket || shown.has(payload.message.id)) return;
    list.append(row(payload.message));
    pinToBottom();
  }
  let subscribed = 0;
  // The panel's defaults (src/config.rs) unless the deployment names them.
  const channels = { admin: 'private-support.admin', ticket: 'private-support.ticket.{id}', ...config.channels };
  for (const name of [channels.ticket.replace('{id}', String(ticket)), channels.admin]) {
    const channel = pusher.subscribe(name);
    channel.bind('message.sent', onMessage);
    channel.bind('pusher:subscription_succeeded', () => {
      subscribed += 1;
      window.__vanillaReady = subscribed === 2;
    });
    channel.bind('pusher:subscription_error', (error) => console.error(`cannot subscribe to ${name}`, error));
  }
})().catch((error) => console.error(`vanilla page: ${error.message}`));
