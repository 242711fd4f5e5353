//! The inbox list: filters, rows, keyboard.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::api::types::{Capabilities, TicketStatus, TicketSummary};
use crate::browser::local_time;
use crate::components::bulk::RowSelect;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::presence::RowViewers;
use crate::components::shortcuts::is_shortcut;
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::{AssignedFilter, InboxFilter, PageLoad as LoadState, StatusFilter};
use crate::state::locale::I18n;
use crate::state::shortcuts::Shortcuts;
use crate::state::{clock, window};

/// Every inbox row is this tall (the stylesheet agrees), so the window of
/// rows to render is arithmetic, not measurement.
pub const ROW_HEIGHT_PX: i32 = 112;
const OVERSCAN_ROWS: usize = 8;

/// How long typing pauses before the search runs.
const SEARCH_DEBOUNCE_MS: u64 = 300;

#[component]
pub fn InboxFilters(filter: Memo<InboxFilter>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let navigate = use_navigate();
    let location = use_location();
    let base = crate::base::use_base();
    let apply = move |next: InboxFilter| {
        // An app path: the router adds the base back when navigating.
        let path = base.strip(&location.pathname.get_untracked());
        navigate(
            &format!("{path}{}", next.to_query()),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };

    let set_status = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let status = StatusFilter::parse(&event_target_value(&ev));
            apply(InboxFilter {
                status,
                ..filter.get_untracked()
            });
        }
    };
    let set_assigned = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let assigned = AssignedFilter::parse(&event_target_value(&ev));
            apply(InboxFilter {
                assigned,
                ..filter.get_untracked()
            });
        }
    };
    let set_reason = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let reason_id = event_target_value(&ev).parse().ok();
            apply(InboxFilter {
                reason_id,
                ..filter.get_untracked()
            });
        }
    };

    let search_text = RwSignal::new(filter.get_untracked().search);
    let pending_search = StoredValue::new_local(None::<TimeoutHandle>);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        search_text.set(text.clone());
        pending_search.update_value(|handle| {
            if let Some(handle) = handle.take() {
                handle.clear();
            }
        });
        let apply = apply.clone();
        let handle = set_timeout_with_handle(
            move || {
                apply(InboxFilter {
                    search: text.trim().to_string(),
                    ..filter.get_untracked()
                })
            },
            std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        )
        .ok();
        pending_search.set_value(handle);
    };

    let status_value = move || filter.with(|f| f.status.as_str());
    let assigned_value = move || filter.with(|f| f.assigned.to_param());
    let reason_value =
        move || filter.with(|f| f.reason_id.map(|r| r.to_string()).unwrap_or_default());

    view! {
        <div class="inbox-filters" role="search">
            <input
                type="search"
                id="inbox-search"
                data-testid="search"
                placeholder=move || i18n.t(Text::SearchPlaceholder)
                aria-label=move || i18n.t(Text::SearchPlaceholder)
                prop:value=search_text
                on:input=on_search
            />
            <select data-testid="filter-status" aria-label=move || i18n.t(Text::FilterStatus) prop:value=status_value on:change=set_status>
                <option value="open">{move || i18n.t(Text::StatusOpenPlural)}</option>
                <option value="closed">{move || i18n.t(Text::StatusClosedPlural)}</option>
                <option value="all">{move || i18n.t(Text::StatusAll)}</option>
            </select>
            <select data-testid="filter-assigned" aria-label=move || i18n.t(Text::FilterAssigned) prop:value=assigned_value on:change=set_assigned>
                <option value="any">{move || i18n.t(Text::AssignedAnyone)}</option>
                <option value="me">{move || i18n.t(Text::AssignedMe)}</option>
                <option value="unassigned">{move || i18n.t(Text::Unassigned)}</option>
                <For each=move || desk.admins.get() key=|a| a.id let(admin)>
                    <option value=admin.id.to_string()>{admin.name}</option>
                </For>
            </select>
            <select data-testid="filter-reason" aria-label=move || i18n.t(Text::FilterReason) prop:value=reason_value on:change=set_reason>
                <option value="">{move || i18n.t(Text::ReasonAny)}</option>
                <For each=move || desk.reasons.get() key=|r| r.id let(reason)>
                    <option value=reason.id.to_string()>{reason.name}</option>
                </For>
            </select>
        </div>
    }
}

#[component]
pub fn InboxList(
    open_ticket: Memo<Option<u64>>,
    #[prop(into)] loading: Signal<LoadState>,
    load_more: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let navigate = use_navigate();
    let query = move || desk.inbox.with(|inbox| inbox.filter.to_query());

    // Only the rows near the viewport are in the DOM (see `state::window`).
    let list = NodeRef::<html::Ol>::new();
    let scroll_top = RwSignal::new(0);
    let viewport = RwSignal::new(800);
    let measure = move || {
        if let Some(el) = list.get_untracked() {
            scroll_top.set(el.scroll_top());
            viewport.set(el.client_height());
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        if list.get().is_some() {
            measure();
        }
    });
    let rows = Memo::new(move |_| {
        let total = desk.inbox.with(|i| i.tickets().len());
        window::visible(
            total,
            scroll_top.get(),
            viewport.get(),
            ROW_HEIGHT_PX,
            OVERSCAN_ROWS,
        )
    });
    let set_size =
        Signal::derive(move || desk.inbox.with(|i| i.total().max(i.tickets().len() as u64)));
    // The rows in the window, as they are now: each row reads its own.
    let visible = Memo::new(move |_| {
        let window = rows.get();
        desk.inbox
            .with(|i| i.tickets()[window.start..window.end].to_vec())
    });
    // Near the end of what is loaded, load the next page.
    Effect::new(move |_| {
        let window = rows.get();
        let (total, more) = desk.inbox.with(|i| (i.tickets().len(), i.has_more_pages()));
        if more
            && total > 0
            && window.end + OVERSCAN_ROWS >= total
            && loading.get_untracked() == LoadState::Idle
        {
            load_more.run(());
        }
    });

    let capabilities = use_context::<Signal<Capabilities>>();
    let bulk_offered = move || capabilities.is_some_and(|c| c.with_untracked(|c| c.bulk));
    // The keyboard cursor: the open ticket until j/k move it.
    let cursor = RwSignal::new(None::<u64>);
    Effect::new(move |_| cursor.set(open_ticket.get()));
    let shortcuts = use_context::<Shortcuts>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if !is_shortcut(&ev, shortcuts) {
            return;
        }
        let ids: Vec<u64> = desk
            .inbox
            .with_untracked(|i| i.tickets().iter().map(|t| t.id).collect());
        let position = cursor
            .get_untracked()
            .and_then(|id| ids.iter().position(|&t| t == id));
        match ev.key().as_str() {
            "j" | "k" => {
                let next = match (ev.key().as_str(), position) {
                    (_, None) => ids.first(),
                    ("j", Some(p)) => ids.get(p + 1).or(ids.get(p)),
                    (_, Some(p)) => ids.get(p.saturating_sub(1)),
                };
                if let Some(&id) = next {
                    cursor.set(Some(id));
                    let index = ids.iter().position(|&t| t == id).unwrap_or_default();
                    if let Some(el) = list.get_untracked() {
                        if let Some(top) = window::scroll_to_show(
                            index,
                            el.scroll_top(),
                            el.client_height(),
                            ROW_HEIGHT_PX,
                        ) {
                            el.set_scroll_top(top);
                        }
                    }
                }
            }
            "x" if bulk_offered() => {
                if let Some(id) = cursor.get_untracked() {
                    desk.selection.update(|s| s.toggle(id));
                }
            }
            "Enter" => {
                if let Some(id) = cursor.get_untracked() {
                    let query = desk.inbox.with_untracked(|inbox| inbox.filter.to_query());
                    navigate(&format!("/tickets/{id}{query}"), Default::default());
                }
            }
            "/" => {
                ev.prevent_default();
                if let Some(search) = document().get_element_by_id("inbox-search") {
                    let _ = search.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <ol class="ticket-list" data-testid="ticket-list" node_ref=list on:scroll=move |_| measure()
            aria-label=move || i18n.t(Text::TicketList)>
            <li class="list-spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get().space_before_px)></li>
            <For each=move || visible.get() key=|ticket| ticket.id let(ticket)>
                {
                    let id = ticket.id;
                    view! {
                <TicketRow
                    ticket=own_row(visible, ticket)
                    query=Signal::derive(query)
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
        {move || match loading.get() {
            LoadState::Busy => view! { <Loading /> }.into_any(),
            LoadState::Failed(error) => {
                view! { <ErrorNotice error=error on_retry=load_more /> }.into_any()
            }
            LoadState::Idle if desk.inbox.with(|i| i.tickets().is_empty()) => {
                view! { <p class="empty" data-testid="inbox-empty">{move || i18n.t(Text::InboxEmpty)}</p> }.into_any()
            }
            LoadState::Idle if desk.inbox.with(|i| i.has_more_pages()) => {
                view! {
                    <button type="button" class="button-quiet load-more" data-testid="load-more" on:click=move |_| load_more.run(())>
                        {move || i18n.t(Text::LoadMore)}
                    </button>
                }
                    .into_any()
            }
            LoadState::Idle => ().into_any(),
        }}
    }
}

/// A visible row's ticket, from the window's rows. While the row is being
/// let go (scrolled out), it keeps what it showed.
fn own_row(visible: Memo<Vec<TicketSummary>>, first: TicketSummary) -> Signal<TicketSummary> {
    let id = first.id;
    Memo::new(move |previous: Option<&TicketSummary>| {
        visible
            .with(|v| v.iter().find(|t| t.id == id).cloned())
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| first.clone())
    })
    .into()
}

/// One inbox row; it reads its own ticket, so a change to one ticket
/// redraws what changed in its row and leaves the other rows alone.
#[component]
pub fn TicketRow(
    #[prop(into)] ticket: Signal<TicketSummary>,
    #[prop(into)] query: Signal<String>,
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] cursor: Signal<bool>,
    /// Where the row stands in the whole list (1-based), and the list's
    /// length: only the rows in view are in the page.
    #[prop(optional, into)]
    position: MaybeProp<usize>,
    #[prop(optional, into)] set_size: MaybeProp<u64>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (id, subject) = ticket.with_untracked(|t| (t.id, t.subject.clone()));
    let base = crate::base::use_base();
    let href = move || base.href(&format!("/tickets/{id}{}", query.get()));
    let preview = move || {
        ticket.with(|t| {
            let last = t.last_message.as_ref()?;
            let body = last
                .message
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| i18n.t(Text::AttachmentOnly))
                .to_string();
            Some(if last.is_from_admin {
                format!("{}: {body}", i18n.t(Text::FromAdmin))
            } else {
                body
            })
        })
    };
    let when = Memo::new(move |_| {
        ticket.with(|t| {
            t.last_message_at
                .clone()
                .unwrap_or_else(|| t.created_at.clone())
        })
    });
    let when_title = move || when.with(|when| local_time(when, i18n.locale().tag()));
    let unread = Memo::new(move |_| ticket.with(|t| t.unread_count));
    let capabilities = use_context::<Signal<Capabilities>>();
    let bulk = move || capabilities.is_some_and(|c| c.with(|c| c.bulk));
    let desk = use_context::<Desk>();
    let selected = move || desk.is_some_and(|d| d.selection.with(|s| s.contains(id)));

    view! {
        <li
            aria-posinset=move || position.get()
            aria-setsize=move || set_size.get()
            class="ticket-row"
            class:ticket-row-open=open
            class:ticket-row-cursor=cursor
            class:ticket-row-unread=move || { unread.get() > 0 }
            class:ticket-row-selected=selected
            data-testid="ticket-row"
            data-ticket-id=id
        >
            <Show when=bulk>
                <RowSelect id=id subject=subject.clone() />
            </Show>
            <A href=href>
                <div class="ticket-row-top">
                    <span class="ticket-customer">{move || ticket.with(|t| t.customer.name.clone())}</span>
                    <time class="ticket-time" datetime=when title=when_title>
                        {move || {
                            let now = desk.map_or_else(crate::browser::now_ms, |d| d.now.get());
                            when.with(|when| {
                                crate::browser::time_ms(when)
                                    .and_then(|then| clock::relative(now, then, i18n.locale()))
                                    .unwrap_or_else(|| local_time(when, i18n.locale().tag()))
                            })
                        }}
                    </time>
                </div>
                <div class="ticket-subject">{move || ticket.with(|t| t.subject.clone())}</div>
                <div class="ticket-preview" data-testid="ticket-preview">{preview}</div>
                <RowMeta ticket=ticket unread=unread />
            </A>
        </li>
    }
}

/// Status, reason, assignee, unread count and viewers of a row.
#[component]
fn RowMeta(ticket: Signal<TicketSummary>, unread: Memo<u32>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let id = ticket.with_untracked(|t| t.id);
    view! {
        <div class="ticket-meta">
            <StatusBadge status=Signal::derive(move || ticket.with(|t| t.status)) />
            {move || ticket.with(|t| t.reason.clone()).map(|r| view! { <span class="ticket-reason">{r.name}</span> })}
            <span class="ticket-assignee" data-testid="ticket-assignee">
                {move || {
                    ticket
                        .with(|t| t.assignee.as_ref().map(|a| a.name.clone()))
                        .unwrap_or_else(|| i18n.t(Text::Unassigned).to_string())
                }}
            </span>
            <Show when=move || { unread.get() > 0 }>
                <span class="ticket-unread" data-testid="unread-count">
                    {move || fill(i18n.t(Text::Unread), &[("count", &unread.get().to_string())])}
                </span>
            </Show>
            <RowViewers ticket_id=id />
        </div>
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<TicketStatus>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let class = move || match status.get() {
        TicketStatus::Open => "badge badge-open",
        TicketStatus::Closed => "badge badge-closed",
    };
    let text = move || match status.get() {
        TicketStatus::Open => i18n.t(Text::StatusOpen),
        TicketStatus::Closed => i18n.t(Text::StatusClosed),
    };
    view! { <span class=class data-testid="ticket-status">{text}</span> }
}
