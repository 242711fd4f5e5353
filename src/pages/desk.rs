//! The desk: the inbox, and the open thread beside it on wide screens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::events::{EventError, LiveEvent};
use crate::api::types::Capabilities;
use crate::api::ApiClient;
use crate::browser::alerts::page_hidden;
use crate::components::bulk::{BulkBar, BulkErrors};
use crate::components::customer::CustomerFilterChip;
use crate::components::inbox::{InboxFilters, InboxList};
use crate::hooks::bulk::use_bulk;
use crate::i18n::Text;
use crate::realtime::browser::Live;
use crate::realtime::{ConnectionState, SubscriptionStatus};
use crate::state::alerts::Alerts;
use crate::state::desk::Desk;
use crate::state::inbox::{Inbox, InboxFilter, InboxFollowUp};

/// After an outage this long, the inbox starts over instead of merging.
const LONG_OUTAGE_MS: f64 = 10.0 * 60.0 * 1000.0;

/// Without the admin channel, how often the inbox asks for news.
const POLL_SECONDS: u64 = 15;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;

/// Loading state of the inbox's pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    Idle,
    Busy,
    Failed(crate::api::ApiError),
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let session = expect_context::<SessionStore>();
    let me = session.admin().map(|a| a.id).unwrap_or_default();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| InboxFilter::from_query(|k| q.get(k))));
    let desk = Desk::new(Inbox::new(filter.get_untracked(), me));
    provide_context(desk);
    let loading = RwSignal::new(Loading::Idle);
    let i18n = expect_context::<I18n>();
    provide_context(use_bulk(desk, api.clone()));
    let capabilities = expect_context::<Signal<Capabilities>>();
    let bulk_offered = move || capabilities.with(|c| c.bulk);

    {
        let api = api.clone();
        spawn_local(async move {
            if let Ok(admins) = api.admins().await {
                let names: Vec<(u64, String)> =
                    admins.iter().map(|a| (a.id, a.name.clone())).collect();
                desk.inbox.update(|inbox| inbox.set_admins(names));
                desk.admins.set(admins);
            }
            if let Ok(reasons) = api.reasons().await {
                desk.reasons.set(reasons);
            }
        });
    }

    let load_page = {
        let api = api.clone();
        move |filter: InboxFilter, page: u32| {
            let api = api.clone();
            loading.set(Loading::Busy);
            spawn_local(async move {
                let result = api.tickets(&filter, page).await;
                // A page for a filter the admin has already left is dropped.
                if desk.inbox.with_untracked(|inbox| inbox.filter != filter) {
                    return;
                }
                match result {
                    Ok(page) => {
                        desk.inbox.update(|inbox| inbox.page_loaded(page));
                        loading.set(Loading::Idle);
                    }
                    Err(error) => loading.set(Loading::Failed(error)),
                }
            });
        }
    };

    // A new filter starts a new inbox.
    {
        let load_page = load_page.clone();
        Effect::new(move |_| {
            let filter = filter.get();
            let names: Vec<(u64, String)> = desk
                .admins
                .with_untracked(|a| a.iter().map(|a| (a.id, a.name.clone())).collect());
            let mut inbox = Inbox::new(filter.clone(), me);
            inbox.set_admins(names);
            desk.inbox.set(inbox);
            load_page(filter, 1);
        });
    }

    let location = use_location();
    let base = crate::base::use_base();
    let open_ticket = Memo::new(move |_| {
        location.pathname.with(|path| {
            base.strip(path)
                .strip_prefix("/tickets/")
                .and_then(|id| id.parse::<u64>().ok())
        })
    });

    // Live: the admin channel moves rows; a backend without it is polled.
    let live = expect_context::<Live>();
    let admin_channel = api.config().channels.admin.clone();
    let fetch_ticket = {
        let api = api.clone();
        move |id: u64| {
            let api = api.clone();
            spawn_local(async move {
                if let Ok(detail) = api.ticket(id).await {
                    desk.inbox
                        .update(|inbox| inbox.ticket_loaded(detail.summary));
                }
            });
        }
    };
    let alerts = expect_context::<Alerts>();
    let listening = live.listen(
        &admin_channel,
        move |event, data, _sender| match LiveEvent::parse(event, data) {
            Ok(event) => {
                match &event {
                    LiveEvent::MessageSent { ticket_id, message } if !message.is_from_admin => {
                        let watched =
                            open_ticket.get_untracked() == Some(*ticket_id) && !page_hidden();
                        let customer = message
                            .sender
                            .as_ref()
                            .map(|s| s.name.as_str())
                            .unwrap_or_default();
                        alerts.customer_message(
                            *ticket_id,
                            customer,
                            message.message.as_deref(),
                            watched,
                        );
                    }
                    LiveEvent::TicketCreated(ticket) => {
                        let text = ticket
                            .last_message
                            .as_ref()
                            .and_then(|m| m.message.as_deref());
                        alerts.customer_message(ticket.id, &ticket.customer.name, text, false);
                    }
                    _ => {}
                }
                if let Some(Some(InboxFollowUp::FetchTicket(id))) =
                    desk.inbox.try_update(|inbox| inbox.apply(&event))
                {
                    fetch_ticket(id);
                }
            }
            Err(EventError::Unknown(_)) => {}
            Err(error) => leptos::logging::warn!("inbox: skipped an event: {error:?}"),
        },
    );
    let _listening = StoredValue::new_local(listening);

    // After a reconnect or a long absence, what happened meanwhile is fetched again and merged.
    let refresh_loaded_pages = {
        let load_page = load_page.clone();
        move || {
            let (filter, pages) = desk
                .inbox
                .with_untracked(|inbox| (inbox.filter.clone(), inbox.next_page() - 1));
            for page in 1..=pages.max(1) {
                load_page(filter.clone(), page);
            }
        }
    };
    // How long the last outage lasted: after a long one (a laptop asleep for
    // hours), merging page by page is slower and staler than starting over.
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
    {
        let refresh = refresh_loaded_pages.clone();
        let load_page = load_page.clone();
        Effect::new(move |seen: Option<u64>| {
            let now = live.catch_ups();
            if seen.is_some_and(|seen| seen != now) {
                if last_outage_ms.get_value() > LONG_OUTAGE_MS {
                    let filter = desk.inbox.with_untracked(|inbox| inbox.filter.clone());
                    desk.inbox.update(|inbox| *inbox = inbox.emptied());
                    load_page(filter, 1);
                } else {
                    refresh();
                }
            }
            now
        });
    }
    // Events before the admin channel's subscription succeeded were not heard.
    {
        let refresh = refresh_loaded_pages.clone();
        let admin_channel = admin_channel.clone();
        Effect::new(move |was: Option<bool>| {
            let subscribed = live.is_subscribed(&admin_channel);
            if subscribed && was == Some(false) {
                refresh();
            }
            subscribed
        });
    }
    let polling = Memo::new({
        let admin_channel = admin_channel.clone();
        move |_| {
            matches!(
                live.channel_status(&admin_channel),
                Some(SubscriptionStatus::Failed(_))
            )
        }
    });
    let poller = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        poller.update_value(|handle| {
            if let Some(handle) = handle.take() {
                handle.clear();
            }
        });
        if polling.get() {
            let refresh = refresh_loaded_pages.clone();
            let handle =
                set_interval_with_handle(refresh, std::time::Duration::from_secs(POLL_SECONDS))
                    .ok();
            poller.set_value(handle);
        }
    });
    on_cleanup(move || {
        poller.update_value(|handle| {
            if let Some(handle) = handle.take() {
                handle.clear();
            }
        })
    });

    // "5 min ago" must not stay "5 min ago".
    if let Ok(ticker) = set_interval_with_handle(
        move || desk.now.set(crate::browser::now_ms()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || ticker.clear());
    }

    // The unread total in the tab title, so a hidden tab still says "news".
    Effect::new(move |_| {
        let unread: u32 = desk
            .inbox
            .with(|inbox| inbox.tickets().iter().map(|t| t.unread_count).sum());
        set_title(unread);
    });
    on_cleanup(|| set_title(0));

    let load_more = Callback::new(move |()| {
        let (filter, page) = desk
            .inbox
            .with_untracked(|inbox| (inbox.filter.clone(), inbox.next_page()));
        load_page(filter, page);
    });

    view! {
        <div class="desk" class:desk-thread-open=move || open_ticket.get().is_some()>
            <section class="inbox-pane" data-testid="inbox">
                <InboxHeader />
                <Show when=move || polling.get()>
                    <p class="notice-quiet" data-testid="inbox-polling">
                        {move || i18n.t(Text::InboxPolling)}
                    </p>
                </Show>
                <InboxFilters filter=filter />
                <CustomerFilterChip filter=filter />
                <Show when=bulk_offered>
                    <BulkBar me=me />
                    <BulkErrors />
                </Show>
                <InboxList open_ticket=open_ticket loading=loading load_more=load_more />
            </section>
            <section class="thread-pane">
                <Outlet />
            </section>
        </div>
    }
}

#[component]
fn InboxHeader() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    view! {
        <header class="inbox-header">
            <h1>{move || i18n.t(Text::InboxTitle)}</h1>
            <span class="muted" data-testid="inbox-count">
                {move || {
                    crate::i18n::fill(
                        i18n.t(Text::InboxCount),
                        &[("count", &desk.inbox.with(|i| i.total()).to_string())],
                    )
                }}
            </span>
        </header>
    }
}

/// Shown beside the inbox when no ticket is open.
#[component]
pub fn NoTicketSelected() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! { <p class="thread-empty muted">{move || i18n.t(Text::NoTicketSelected)}</p> }
}

fn set_title(unread: u32) {
    if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
        document.set_title(&if unread > 0 {
            format!("({unread}) Mesa")
        } else {
            "Mesa".to_string()
        });
    }
}
