//! The desk: the inbox, and the open thread beside it on wide screens.

use crate::pages::thread::ThreadPage;
use crate::router::{ticket_segment, use_app_path, use_query};
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::bulk::{BulkBar, BulkErrors};
use crate::components::customer::CustomerFilterChip;
use crate::components::inbox::{InboxFilters, InboxList};
use crate::hooks::bulk::use_bulk;
use crate::hooks::inbox_sync::{use_inbox_sync, InboxSync};
use crate::i18n::Text;
use crate::state::density::{Density, RowDensity};
use crate::state::desk::Desk;
use crate::state::inbox::{Inbox, InboxFilter};
use crate::state::locale::I18n;
use crate::state::offered::Offered;
use crate::state::session::SessionStore;

#[component]
pub fn DeskPage() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let session = expect_context::<SessionStore>();
    let me = session.admin().map(|a| a.id).unwrap_or_default();
    let query = use_query();
    let filter = Memo::new(move |_| query.with(|q| InboxFilter::from_query(|k| q.get(k))));
    let desk = Desk::new(Inbox::new(filter.get_untracked(), me));
    provide_context(desk);
    let i18n = expect_context::<I18n>();
    provide_context(use_bulk(desk, api));
    let capabilities = Offered::expect();
    let bulk_offered = move || capabilities.with(|c| c.bulk);

    let density = RowDensity::current();
    let app_path = use_app_path();
    let open_ticket = Memo::new(move |_| {
        app_path.with(|path| ticket_segment(path).and_then(|id| id.parse::<u64>().ok()))
    });
    let thread_shown = Memo::new(move |_| app_path.with(|path| ticket_segment(path).is_some()));
    let InboxSync {
        loading,
        load_more,
        polling,
    } = use_inbox_sync(desk, filter, open_ticket);

    // "5 min ago" must not stay "5 min ago".
    if let Ok(ticker) = set_interval_with_handle(
        move || desk.now.set(crate::browser::now_ms()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || ticker.clear());
    }

    // The unread total in the tab title, so a hidden tab still says "news".
    // Set only when the total changes: writing the title is slow.
    let unread = Memo::new(move |_| {
        desk.inbox
            .with(|inbox| inbox.tickets().iter().map(|t| t.unread_count).sum::<u32>())
    });
    Effect::new(move |_| set_title(unread.get()));
    on_cleanup(|| set_title(0));

    view! {
        <div class="desk" class:desk-thread-open=move || open_ticket.get().is_some()
            class:density-compact=move || density.get() == Density::Compact>
            <section class="inbox-pane" data-testid="inbox">
                <InboxHeader />
                <Show when=move || polling.get()>
                    <p class="notice-quiet" data-testid="inbox-polling">
                        {i18n.text(Text::InboxPolling)}
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
                {move || match thread_shown.get() {
                    true => view! { <ThreadPage /> }.into_any(),
                    false => view! { <NoTicketSelected /> }.into_any(),
                }}
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
            <h1>{i18n.text(Text::InboxTitle)}</h1>
            <span class="muted" data-testid="inbox-count">
                {move || {
                    let (text, count) = desk.inbox.with(|i| match i.known_size() {
                        Some(size) => (Text::InboxCount, size),
                        None => (Text::InboxCountAtLeast, i.tickets().len() as u64),
                    });
                    crate::i18n::fill(i18n.t(text), &[("count", &count.to_string())])
                }}
            </span>
        </header>
    }
}

/// Shown beside the inbox when no ticket is open.
#[component]
pub fn NoTicketSelected() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! { <p class="thread-empty muted">{i18n.text(Text::NoTicketSelected)}</p> }
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
