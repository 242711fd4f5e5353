//! The inbox list: only the rows near the viewport are in the DOM, each
//! reading its own ticket; the next page loads on the way down.

mod filters;
mod queues;
mod row;

use leptos::prelude::*;

use crate::api::types::TicketSummary;
use crate::components::notice::{ErrorNotice, Loading};
use crate::hooks::inbox_keys::use_inbox_keys;
use crate::hooks::inbox_scroll::use_inbox_scroll;
use crate::i18n::Text;
use crate::state::desk::Desk;
use crate::state::inbox::PageLoad as LoadState;
use crate::state::locale::I18n;

pub use filters::InboxFilters;

use row::own_row;
pub use row::{StatusBadge, TicketRow};

#[component]
pub fn InboxList(
    open_ticket: Memo<Option<u64>>,
    #[prop(into)] loading: Signal<LoadState>,
    load_more: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let query = Signal::derive(move || desk.inbox.with(|inbox| inbox.filter.to_query()));
    let scroll = use_inbox_scroll(Signal::derive(move || {
        desk.inbox.with(|i| i.tickets().len())
    }));
    let rows = scroll.rows;
    // ARIA's -1: the list's length is not known yet (a simple paginator).
    let set_size = Signal::derive(move || {
        desk.inbox
            .with(|i| i.known_size().map_or(-1, |size| size as i64))
    });
    // The rows in the window, as they are now: each row reads its own.
    let visible: Memo<Vec<TicketSummary>> = Memo::new(move |_| {
        let window = rows.get();
        desk.inbox
            .with(|i| i.tickets()[window.start..window.end].to_vec())
    });
    // Near the end of what is loaded, load the next page.
    Effect::new(move |_| {
        let (total, more) = desk.inbox.with(|i| (i.tickets().len(), i.has_more_pages()));
        if more && scroll.near_end(total) && loading.get_untracked() == LoadState::Idle {
            load_more.run(());
        }
    });
    let cursor = use_inbox_keys(open_ticket, scroll);

    view! {
        <ol class="ticket-list" data-testid="ticket-list" node_ref=scroll.list on:scroll=move |_| scroll.measure()
            aria-label=i18n.text(Text::TicketList)>
            <li class="list-spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get().space_before_px)></li>
            <For each=move || visible.get() key=|ticket| ticket.id let(ticket)>
                {
                    let id = ticket.id;
                    view! {
                        <TicketRow
                            ticket=own_row(visible, ticket)
                            query=query
                            open=Signal::derive(move || open_ticket.get() == Some(id))
                            cursor=Signal::derive(move || cursor.get() == Some(id))
                            position=Signal::derive(move || {
                                rows.get().start + visible.with(|v| v.iter().position(|t| t.id == id)).unwrap_or_default() + 1
                            })
                            set_size=set_size
                        />
                    }
                }
            </For>
            <li class="list-spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get().space_after_px)></li>
        </ol>
        <ListEnd loading=loading load_more=load_more />
    }
}

/// Below the rows: loading, why a page failed, an empty inbox, or the end
/// of the list. (The next page loads as the list scrolls near its end.)
#[component]
fn ListEnd(loading: Signal<LoadState>, load_more: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    move || match loading.get() {
        LoadState::Busy => view! { <Loading /> }.into_any(),
        LoadState::Failed(error) => {
            view! { <ErrorNotice error=error on_retry=load_more /> }.into_any()
        }
        LoadState::Idle if desk.inbox.with(|i| i.tickets().is_empty()) => {
            view! { <p class="empty" data-testid="inbox-empty">{i18n.text(Text::InboxEmpty)}</p> }
                .into_any()
        }
        LoadState::Idle if desk.inbox.with(|i| i.has_more_pages()) => ().into_any(),
        LoadState::Idle => view! {
            <p class="list-end" data-testid="inbox-end">{i18n.text(Text::InboxEnd)}</p>
        }
        .into_any(),
    }
}
