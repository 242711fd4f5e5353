//! Rows of the ticket inbox.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::types::{TicketStatus, TicketSummary};
use crate::browser::local_time;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn TicketRow(ticket: TicketSummary) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let href = format!("/tickets/{}", ticket.id);
    let status = ticket.status;
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
    let assignee = ticket.assignee.clone().map(|a| a.name);
    let unread = ticket.unread_count;

    view! {
        <li class="ticket-row" data-testid="ticket-row" data-ticket-id=ticket.id>
            <A href=href>
                <div class="ticket-row-top">
                    <span class="ticket-customer">{ticket.customer.name.clone()}</span>
                    <time class="ticket-time" datetime=when_attr>
                        {move || local_time(&when, i18n.locale().tag())}
                    </time>
                </div>
                <div class="ticket-subject">{ticket.subject.clone()}</div>
                <div class="ticket-preview">{preview}</div>
                <div class="ticket-meta">
                    <StatusBadge status=status />
                    {ticket.reason.clone().map(|r| view! { <span class="ticket-reason">{r.name}</span> })}
                    <span class="ticket-assignee">
                        {move || assignee.clone().unwrap_or_else(|| i18n.t(Text::Unassigned).to_string())}
                    </span>
                    <Show when=move || { unread > 0 }>
                        <span class="ticket-unread" data-testid="unread-count">
                            {move || fill(i18n.t(Text::Unread), &[("count", &unread.to_string())])}
                        </span>
                    </Show>
                </div>
            </A>
        </li>
    }
}

#[component]
pub fn StatusBadge(status: TicketStatus) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (class, text) = match status {
        TicketStatus::Open => ("badge badge-open", Text::StatusOpen),
        TicketStatus::Closed => ("badge badge-closed", Text::StatusClosed),
    };
    view! { <span class=class data-testid="status-badge">{move || i18n.t(text)}</span> }
}
