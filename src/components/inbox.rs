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
use crate::i18n::{fill, Text};
use crate::pages::desk::Loading as LoadState;
use crate::state::desk::Desk;
use crate::state::inbox::{AssignedFilter, InboxFilter, StatusFilter};
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
            let status = match event_target_value(&ev).as_str() {
                "closed" => StatusFilter::Closed,
                "all" => StatusFilter::All,
                _ => StatusFilter::Open,
            };
            apply(InboxFilter {
                status,
                ..filter.get_untracked()
            });
        }
    };
    let set_assigned = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let assigned = match event_target_value(&ev).as_str() {
                "me" => AssignedFilter::Me,
                "unassigned" => AssignedFilter::Unassigned,
                id => id.parse().map(AssignedFilter::Admin).unwrap_or_default(),
            };
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

    let status_value = move || match filter.with(|f| f.status) {
        StatusFilter::Open => "open".to_string(),
        StatusFilter::Closed => "closed".into(),
        StatusFilter::All => "all".into(),
    };
    let assigned_value = move || match filter.with(|f| f.assigned) {
        AssignedFilter::Anyone => "anyone".to_string(),
        AssignedFilter::Me => "me".into(),
        AssignedFilter::Unassigned => "unassigned".into(),
        AssignedFilter::Admin(id) => id.to_string(),
    };
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
                <option value="anyone">{move || i18n.t(Text::AssignedAnyone)}</option>
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
    loading: RwSignal<LoadState>,
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
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || crate::browser::typing_in_a_field(&ev)
        {
            return;
        }
        if shortcuts.is_some_and(|s| !s.enabled_untracked()) {
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
            <For
                each=move || {
                    let window = rows.get();
                    desk.inbox.with(|i| i.tickets()[window.start..window.end].to_vec())
                }
                key=|t| (t.id, t.last_message.as_ref().map(|m| m.id), t.status, t.assigned_to, t.unread_count)
                let(ticket)
            >
                {
                    let id = ticket.id;
                    view! {
                        <TicketRow
                            ticket=ticket
                            query=Signal::derive(query)
                            open=Signal::derive(move || open_ticket.get() == Some(id))
                            cursor=Signal::derive(move || cursor.get() == Some(id))
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

#[component]
pub fn TicketRow(
    ticket: TicketSummary,
    #[prop(into)] query: Signal<String>,
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] cursor: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let id = ticket.id;
    let base = crate::base::use_base();
    let href = move || base.href(&format!("/tickets/{id}{}", query.get()));
    let preview = ticket.last_message.clone().map(|last| {
        let from_admin = last.is_from_admin;
        let text = last.message.filter(|m| !m.trim().is_empty());
        move || {
            let body = text
                .clone()
                .unwrap_or_else(|| i18n.t(Text::AttachmentOnly).to_string());
            if from_admin {
                format!("{}: {body}", i18n.t(Text::FromAdmin))
            } else {
                body
            }
        }
    });
    let when = ticket
        .last_message_at
        .clone()
        .unwrap_or_else(|| ticket.created_at.clone());
    let when_attr = when.clone();
    let when_title = {
        let when = when.clone();
        move || local_time(&when, i18n.locale().tag())
    };
    let assignee = ticket.assignee.clone().map(|a| a.name);
    let unread = ticket.unread_count;
    let capabilities = use_context::<Signal<Capabilities>>();
    let bulk = move || capabilities.is_some_and(|c| c.with(|c| c.bulk));
    let desk = use_context::<Desk>();
    let selected = move || desk.is_some_and(|d| d.selection.with(|s| s.contains(id)));
    let subject = ticket.subject.clone();
    // Only the rows in view are in the page: each says where it stands in the whole list.
    let position = move || {
        desk.and_then(|d| {
            d.inbox
                .with(|i| i.tickets().iter().position(|t| t.id == id))
        })
        .map(|index| index + 1)
    };
    let set_size = move || desk.map(|d| d.inbox.with(|i| i.total().max(i.tickets().len() as u64)));

    view! {
        <li
            aria-posinset=position
            aria-setsize=set_size
            class="ticket-row"
            class:ticket-row-open=open
            class:ticket-row-cursor=cursor
            class:ticket-row-unread=move || { unread > 0 }
            class:ticket-row-selected=selected
            data-testid="ticket-row"
            data-ticket-id=id
        >
            <Show when=bulk>
                <RowSelect id=id subject=subject.clone() />
            </Show>
            <A href=href>
                <div class="ticket-row-top">
                    <span class="ticket-customer">{ticket.customer.name.clone()}</span>
                    <time class="ticket-time" datetime=when_attr title=when_title>
                        {move || {
                            let now = use_context::<Desk>().map_or_else(crate::browser::now_ms, |d| d.now.get());
                            crate::browser::time_ms(&when)
                                .and_then(|then| clock::relative(now, then, i18n.locale()))
                                .unwrap_or_else(|| local_time(&when, i18n.locale().tag()))
                        }}
                    </time>
                </div>
                <div class="ticket-subject">{ticket.subject.clone()}</div>
                <div class="ticket-preview" data-testid="ticket-preview">{preview}</div>
                <div class="ticket-meta">
                    <StatusBadge status=ticket.status />
                    {ticket.reason.clone().map(|r| view! { <span class="ticket-reason">{r.name}</span> })}
                    <span class="ticket-assignee" data-testid="ticket-assignee">
                        {move || assignee.clone().unwrap_or_else(|| i18n.t(Text::Unassigned).to_string())}
                    </span>
                    <Show when=move || { unread > 0 }>
                        <span class="ticket-unread" data-testid="unread-count">
                            {move || fill(i18n.t(Text::Unread), &[("count", &unread.to_string())])}
                        </span>
                    </Show>
                    <RowViewers ticket_id=id />
                </div>
            </A>
        </li>
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
