//! One inbox row, and the status badge the thread's header shares.

use crate::router::A;
use leptos::prelude::*;

use crate::api::types::{TicketStatus, TicketSummary};
use crate::components::bulk::RowSelect;
use crate::components::presence::RowViewers;
use crate::components::triage::TriageBadges;
use crate::components::when::When;
use crate::i18n::{fill, Text};
use crate::state::avatar;
use crate::state::desk::Desk;
use crate::state::locale::I18n;
use crate::state::offered::Offered;

/// A visible row's ticket, from the window's rows. While the row is being
/// let go (scrolled out), it keeps what it showed.
pub(super) fn own_row(
    visible: Memo<Vec<TicketSummary>>,
    first: TicketSummary,
) -> Signal<TicketSummary> {
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
    #[prop(optional, into)] set_size: MaybeProp<i64>,
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
    let unread = Memo::new(move |_| ticket.with(|t| t.unread_count));
    let capabilities = Offered::used();
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
                <Avatar name=Signal::derive(move || ticket.with(|t| t.customer.name.clone())) />
                <div class="ticket-row-top">
                    <span class="ticket-customer">{move || ticket.with(|t| t.customer.name.clone())}</span>
                    <span class="ticket-subject">{move || ticket.with(|t| t.subject.clone())}</span>
                    <span class="ticket-time">
                        <When iso=when now=Signal::derive(move || desk.map_or_else(crate::browser::now_ms, |d| d.now.get())) />
                    </span>
                </div>
                <div class="ticket-row-bottom">
                    <span class="ticket-preview" data-testid="ticket-preview">{preview}</span>
                    <RowMeta ticket=ticket unread=unread />
                </div>
            </A>
        </li>
    }
}

/// The customer's initials on their stable colour; decoration only (the
/// name is in the row).
#[component]
fn Avatar(name: Signal<String>) -> impl IntoView {
    let initials = move || name.with(|n| avatar::initials(n));
    let hue = move || name.with(|n| avatar::hue(n));
    view! { <span class="avatar" data-hue=hue aria-hidden="true">{initials}</span> }
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
            <TriageBadges ticket=ticket />
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
