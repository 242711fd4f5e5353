//! The pieces of a ticket's conversation.

use leptos::prelude::*;

use crate::api::types::{Attachment, Message, TicketSummary};
use crate::browser::local_time;
use crate::components::inbox::StatusBadge;
use crate::i18n::Text;
use crate::state::locale::I18n;

#[component]
pub fn ThreadHeader(ticket: TicketSummary) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let assignee = ticket.assignee.clone().map(|a| a.name);
    let created = ticket.created_at.clone();
    let created_attr = created.clone();
    view! {
        <header class="thread-header">
            <h1 data-testid="thread-subject">{ticket.subject.clone()}</h1>
            <div class="thread-facts">
                <StatusBadge status=ticket.status />
                <span>{ticket.customer.name.clone()}</span>
                <span class="muted">{ticket.customer.email.clone()}</span>
                {ticket.reason.clone().map(|r| view! { <span class="ticket-reason">{r.name}</span> })}
                <span>
                    {move || assignee.clone().unwrap_or_else(|| i18n.t(Text::Unassigned).to_string())}
                </span>
                <time datetime=created_attr>{move || local_time(&created, i18n.locale().tag())}</time>
            </div>
        </header>
    }
}

#[component]
pub fn MessageItem(message: Message) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let class = if message.is_from_admin {
        "message message-admin"
    } else {
        "message message-customer"
    };
    let sender = message.sender.clone().map(|s| s.name).unwrap_or_default();
    let created = message.created_at.clone();
    let created_attr = created.clone();
    // Text nodes only: message bodies are never parsed as HTML.
    let body = message.message.clone().filter(|m| !m.trim().is_empty());
    view! {
        <li class=class data-testid="message" data-message-id=message.id>
            <div class="message-meta">
                <span class="message-sender">{sender}</span>
                <time datetime=created_attr>{move || local_time(&created, i18n.locale().tag())}</time>
            </div>
            {body.map(|text| view! { <p class="message-text">{text}</p> })}
            <ul class="attachments">
                {message
                    .attachments
                    .into_iter()
                    .map(|a| view! { <AttachmentLink attachment=a /> })
                    .collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn AttachmentLink(attachment: Attachment) -> impl IntoView {
    let label = format!(
        "{} ({})",
        attachment.file_name,
        human_size(attachment.file_size)
    );
    match attachment.safe_url().map(str::to_string) {
        Some(url) => view! {
            <li>
                <a href=url target="_blank" rel="noopener noreferrer">{label}</a>
            </li>
        }
        .into_any(),
        None => view! { <li class="attachment-blocked">{label}</li> }.into_any(),
    }
}

/// Byte counts as people read them: "980 B", "12.1 KB", "3.4 MB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(980), "980 B");
        assert_eq!(human_size(12_345), "12.1 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 400_000), "3.4 MB");
    }
}
