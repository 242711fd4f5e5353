//! The inbox kept in step with the server: pages for the filter in the URL,
//! live rows from the admin channel (or polling without it), merged again
//! after a reconnect and started over after a long outage.

use futures::future::{abortable, AbortHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::events::LiveEvent;
use crate::api::ApiClient;
use crate::browser::alerts::page_hidden;
use crate::realtime::browser::Live;
use crate::realtime::listeners::Rises;
use crate::realtime::{ConnectionState, SubscriptionStatus};
use crate::state::alerts::Alerts;
use crate::state::desk::Desk;
use crate::state::inbox::{Inbox, InboxFilter, InboxFollowUp, PageLoad};

/// After an outage this long, the inbox starts over instead of merging.
const LONG_OUTAGE_MS: f64 = 10.0 * 60.0 * 1000.0;

/// Without the admin channel, how often the inbox asks for news.
const POLL_SECONDS: u64 = 15;

#[derive(Clone, Copy)]
pub struct InboxSync {
    pub loading: Signal<PageLoad>,
    /// Loads the next page of the current filter.
    pub load_more: Callback<()>,
    /// The admin channel is refused: the inbox polls.
    pub polling: Signal<bool>,
}

pub fn use_inbox_sync(
    desk: Desk,
    filter: Memo<InboxFilter>,
    open_ticket: Memo<Option<u64>>,
) -> InboxSync {
    let api = expect_context::<ApiClient>();
    let live = expect_context::<Live>();
    load_people(api.clone(), desk);
    load_tags(api.clone(), desk);
    let pages = PageLoader::new(api.clone(), desk);

    // A new filter starts a new inbox.
    Effect::new(move |_| {
        let filter = filter.get();
        pages.cancel();
        desk.inbox
            .update(|inbox| *inbox = inbox.refiltered(filter.clone()));
        pages.load(filter, 1);
    });

    let admin_channel = api.config().channels.admin.clone();
    follow_viewers(api.clone(), desk, &admin_channel);
    follow_admin_channel(api, desk, open_ticket, &admin_channel);

    // After a reconnect or a long absence, what happened meanwhile is
    // fetched again and merged; after a long outage, the inbox starts over.
    let last_outage_ms = use_outage_length(live);
    live.on_catch_up(move || match last_outage_ms.get_value() > LONG_OUTAGE_MS {
        true => pages.start_over(),
        false => pages.refresh(),
    });
    // Events before the admin channel's first subscription were not heard.
    // (The first page loads after this listens; after a reconnect,
    // `on_catch_up` above refreshes.)
    live.on_subscribed(&admin_channel, Rises::First, move || pages.refresh());
    let polling = Memo::new(move |_| {
        matches!(
            live.channel_status(&admin_channel),
            Some(SubscriptionStatus::Failed(_))
        )
    });
    use_polling(polling, move || pages.refresh());

    InboxSync {
        loading: pages.loading.into(),
        load_more: Callback::new(move |()| pages.next()),
        polling: polling.into(),
    }
}

/// Loads pages of the inbox's filter. A new filter cancels the loads of the
/// old one (their requests too), so a late page of the old filter never lands.
#[derive(Clone, Copy)]
struct PageLoader {
    api: StoredValue<ApiClient>,
    desk: Desk,
    loading: RwSignal<PageLoad>,
    in_flight: StoredValue<Vec<AbortHandle>, LocalStorage>,
}

impl PageLoader {
    fn new(api: ApiClient, desk: Desk) -> Self {
        let pages = Self {
            api: StoredValue::new(api),
            desk,
            loading: RwSignal::new(PageLoad::Idle),
            in_flight: StoredValue::new_local(Vec::new()),
        };
        on_cleanup(move || pages.cancel());
        pages
    }

    fn cancel(self) {
        self.in_flight
            .try_update_value(|loads| loads.drain(..).for_each(|load| load.abort()));
    }

    fn load(self, filter: InboxFilter, page: u32) {
        let Some(api) = self.api.try_get_value() else {
            return;
        };
        let desk = self.desk;
        self.loading.set(PageLoad::Busy);
        let asked = desk.inbox.with_untracked(Inbox::asking);
        let (load, handle) = abortable(async move { api.tickets(&filter.api_query(), page).await });
        self.in_flight.update_value(|loads| loads.push(handle));
        let loading = self.loading;
        spawn_local(async move {
            let Ok(result) = load.await else { return };
            match result {
                Ok(page) => {
                    desk.inbox
                        .try_update(|inbox| inbox.page_loaded(page, asked));
                    loading.try_set(PageLoad::Idle);
                }
                Err(error) => {
                    loading.try_set(PageLoad::Failed(error));
                }
            }
        });
    }

    /// The next page of the current filter.
    fn next(self) {
        let (filter, page) = self
            .desk
            .inbox
            .with_untracked(|inbox| (inbox.filter.clone(), inbox.next_page()));
        self.load(filter, page);
    }

    /// Every page loaded so far, fetched again and merged.
    fn refresh(self) {
        let (filter, pages) = self
            .desk
            .inbox
            .with_untracked(|inbox| (inbox.filter.clone(), inbox.next_page() - 1));
        for page in 1..=pages.max(1) {
            self.load(filter.clone(), page);
        }
    }

    /// After a long outage (a laptop asleep for hours), merging page by
    /// page is slower and staler than starting over.
    fn start_over(self) {
        let filter = self.desk.inbox.with_untracked(|inbox| inbox.filter.clone());
        self.cancel();
        self.desk.inbox.update(|inbox| *inbox = inbox.emptied());
        self.load(filter, 1);
    }
}

/// The admins (for names and the assignee filter) and the reasons.
fn load_people(api: ApiClient, desk: Desk) {
    spawn_local(async move {
        if let Ok(admins) = api.admins().await {
            let names: Vec<(u64, String)> = admins.iter().map(|a| (a.id, a.name.clone())).collect();
            desk.inbox.try_update(|inbox| inbox.set_admins(names));
            desk.admins.try_set(admins);
        }
        if let Ok(reasons) = api.reasons().await {
            desk.reasons.try_set(reasons);
        }
    });
}

/// The tags in use, for suggestions and the tag filter, once the backend
/// says it has tags (contract v3).
fn load_tags(api: ApiClient, desk: Desk) {
    let offered = Memo::new(move |_| crate::state::offered::Offered::expect().with(|c| c.tags));
    Effect::new(move |_| {
        if !offered.get() {
            return;
        }
        let api = api.clone();
        spawn_local(async move {
            if let Ok(tags) = api.tags().await {
                desk.tags
                    .try_set(tags.into_iter().map(|t| t.name).collect());
            }
        });
    });
}

/// Live: the admin channel moves rows and raises alerts for customers' news.
fn follow_admin_channel(api: ApiClient, desk: Desk, open_ticket: Memo<Option<u64>>, channel: &str) {
    let live = expect_context::<Live>();
    let alerts = expect_context::<Alerts>();
    let fetch_ticket = move |id: u64| {
        let api = api.clone();
        let asked = desk.inbox.with_untracked(Inbox::asking);
        spawn_local(async move {
            if let Ok(detail) = api.ticket(id).await {
                desk.inbox
                    .try_update(|inbox| inbox.ticket_loaded(detail.summary, asked));
            }
        });
    };
    live.on_event(channel, "inbox", move |event| {
        // A customer's message on the ticket the admin watches is read as it
        // arrives: its row never flashes unread (nor the tab title).
        let watched = match &event {
            LiveEvent::MessageSent { ticket_id, message } if !message.is_from_admin => {
                let watched = open_ticket.get_untracked() == Some(*ticket_id) && !page_hidden();
                let customer = message
                    .sender
                    .as_ref()
                    .map(|s| s.name.as_str())
                    .unwrap_or_default();
                alerts.customer_message(*ticket_id, customer, message.message.as_deref(), watched);
                watched.then_some(*ticket_id)
            }
            LiveEvent::TicketCreated(ticket) => {
                let text = ticket
                    .last_message
                    .as_ref()
                    .and_then(|m| m.message.as_deref());
                alerts.customer_message(ticket.id, &ticket.customer.name, text, false);
                None
            }
            _ => None,
        };
        let follow_up = desk.inbox.try_update(|inbox| {
            let follow_up = inbox.apply(&event);
            if let Some(id) = watched {
                inbox.mark_read(id);
            }
            follow_up
        });
        if let Some(Some(InboxFollowUp::FetchTicket(id))) = follow_up {
            fetch_ticket(id);
        }
    });
}

/// Who is on every row (contract v3 `viewers`): the backend's
/// `ticket.viewers` as they come, and its whole picture each time the admin
/// channel is (re)joined, when changes may have been missed.
fn follow_viewers(api: ApiClient, desk: Desk, channel: &str) {
    let live = expect_context::<Live>();
    let offered = crate::state::offered::Offered::expect();
    live.on_raw(channel, move |event, data, _| {
        if event == crate::state::presence::VIEWERS_EVENT
            && !desk.viewers.try_update(|v| v.heard(data)).unwrap_or(true)
        {
            leptos::logging::warn!("inbox: skipped an unreadable ticket.viewers");
        }
    });
    live.on_subscribed(channel, Rises::Every, move || {
        if !offered.with_untracked(|c| c.viewers) {
            return;
        }
        let api = api.clone();
        spawn_local(async move {
            if let Ok(all) = api.all_viewers().await {
                desk.viewers.try_update(|v| v.listed(all));
            }
        });
    });
}

/// How long the last outage lasted: after a long one (a laptop asleep for
/// hours), merging page by page is slower and staler than starting over.
fn use_outage_length(live: Live) -> StoredValue<f64> {
    let down_since = StoredValue::new(None::<f64>);
    let last_outage_ms = StoredValue::new(0.0_f64);
    Effect::new(move |_| {
        let connected = matches!(live.state(), ConnectionState::Connected);
        let now = js_sys::Date::now();
        match (connected, down_since.get_value()) {
            (true, Some(since)) => {
                last_outage_ms.set_value(now - since);
                down_since.set_value(None);
            }
            (false, None) => down_since.set_value(Some(now)),
            _ => {}
        }
    });
    last_outage_ms
}

/// Runs `refresh` every `POLL_SECONDS` while `polling` holds.
fn use_polling(polling: Memo<bool>, refresh: impl Fn() + Clone + 'static) {
    let poller = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        poller.update_value(|handle| {
            if let Some(handle) = handle.take() {
                handle.clear();
            }
        })
    };
    Effect::new(move |_| {
        stop();
        if polling.get() {
            let handle = set_interval_with_handle(
                refresh.clone(),
                std::time::Duration::from_secs(POLL_SECONDS),
            )
            .ok();
            poller.set_value(handle);
        }
    });
    on_cleanup(stop);
}
