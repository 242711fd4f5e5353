//! The pieces of a ticket's conversation.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::types::{Attachment, Message, MessageKind, TicketSummary};
use crate::api::ApiClient;
use crate::browser::{format_as, local_date, local_time, DateStyle};
use crate::components::inbox::StatusBadge;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;
use crate::state::thread::{ids_of, ReplyState, RunRows, ThreadStoreFields};
use crate::state::thread_store::OpenThread;
use crate::state::window::Span;

#[component]
pub fn ThreadHeader(#[prop(into)] ticket: Signal<TicketSummary>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let field = move |f: fn(&TicketSummary) -> String| move || ticket.with(f);
    let created = move || ticket.with(|t| local_time(&t.created_at, i18n.locale().tag()));
    let resolved = move || {
        ticket.with(|t| {
            t.resolved_at
                .as_ref()
                .map(|at| local_time(at, i18n.locale().tag()))
        })
    };
    view! {
        <header class="thread-header">
            <h1 data-testid="thread-subject" tabindex="-1">{field(|t| t.subject.clone())}</h1>
            <div class="thread-facts">
                <StatusBadge status=Signal::derive(move || ticket.with(|t| t.status)) />
                <span data-testid="thread-customer">{field(|t| t.customer.name.clone())}</span>
                <span class="muted">{field(|t| t.customer.email.clone())}</span>
                <span class="ticket-reason">{field(|t| t.reason.as_ref().map(|r| r.name.clone()).unwrap_or_default())}</span>
                <span data-testid="thread-assignee">
                    {move || {
                        ticket
                            .with(|t| t.assignee.as_ref().map(|a| a.name.clone()))
                            .unwrap_or_else(|| i18n.t(Text::Unassigned).to_string())
                    }}
                </span>
                <span class="muted">{i18n.text(Text::CreatedAt)} " " {created}</span>
                {move || resolved().map(|at| view! { <span class="muted">{i18n.text(Text::ResolvedAt)} " " {at.clone()}</span> })}
            </div>
        </header>
    }
}

/// The run of messages in the DOM (`state::window::Span`), oldest first,
/// one row per message keyed by its id: a new message adds its row and
/// leaves the others' nodes in place. What rows show beyond their message
/// (day dividers, read marks) is computed once per change and set on the
/// rows whose own changed: rows subscribe to nothing the list shares, so a
/// new message does not even ask them.
#[component]
pub fn MessageList(thread: OpenThread, #[prop(into)] span: Signal<Span>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let messages = thread.store().messages();
    let day_of = use_day_names();
    let run = Memo::new(move |_| {
        let (span, tag) = (span.get(), i18n.locale().tag());
        messages
            .try_with(|all| RunRows::of(all, span.range(&ids_of(all)), |at| day_of(at, tag)))
            .unwrap_or_default()
    });
    let ids = Memo::new(move |_| run.with(|r| r.ids.clone()));
    let marks = StoredValue::new(HashMap::<u64, RowMarks>::new());
    Effect::new(move |_| {
        run.with(|run| {
            marks.with_value(|marks| {
                for (id, row) in marks {
                    row.show(run.days.get(id).cloned(), run.read.contains(id));
                }
            })
        })
    });
    view! {
        <For each=move || ids.get() key=|id| *id let(id)>
            <MessageRow thread=thread id=id run=run marks=marks />
        </For>
    }
}

/// What a row shows beyond its message, set by its list.
#[derive(Clone, Copy)]
struct RowMarks {
    divider: RwSignal<Option<String>>,
    read: RwSignal<bool>,
}

impl RowMarks {
    fn show(self, divider: Option<String>, read: bool) {
        if self.divider.try_with_untracked(|d| *d != divider) == Some(true) {
            self.divider.set(divider);
        }
        if self.read.try_get_untracked() == Some(!read) {
            self.read.set(read);
        }
    }
}

/// A timestamp's local day by name, each named once per language.
fn use_day_names() -> impl Fn(&str, &'static str) -> String + Copy + Send + Sync + 'static {
    let names = StoredValue::new((None::<&'static str>, HashMap::<String, String>::new()));
    move |at: &str, tag: &'static str| {
        names
            .try_update_value(|(language, names)| {
                if *language != Some(tag) {
                    *language = Some(tag);
                    names.clear();
                }
                match names.get(at) {
                    Some(day) => day.clone(),
                    None => {
                        let day = local_date(at, tag);
                        names.insert(at.to_string(), day.clone());
                        day
                    }
                }
            })
            .unwrap_or_default()
    }
}

/// One message and, when it is the first of its local day, the day's divider.
#[component]
fn MessageRow(
    thread: OpenThread,
    id: u64,
    run: Memo<RunRows>,
    marks: StoredValue<HashMap<u64, RowMarks>>,
) -> impl IntoView {
    // What a message says never changes; only its read mark does.
    let message = thread.store().messages().try_with_untracked(|all| {
        all.binary_search_by_key(&id, |m| m.id)
            .ok()
            .map(|index| all[index].clone())
    });
    let Some(Some(message)) = message else {
        return ().into_any();
    };
    let (divider, read) =
        run.with_untracked(|run| (run.days.get(&id).cloned(), run.read.contains(&id)));
    let row = RowMarks {
        divider: RwSignal::new(divider),
        read: RwSignal::new(read),
    };
    marks.update_value(|marks| {
        marks.insert(id, row);
    });
    on_cleanup(move || {
        marks.try_update_value(|marks| marks.remove(&id));
    });
    view! {
        {move || row.divider.get().map(|day| view! { <li class="day-divider"><span>{day}</span></li> })}
        <MessageItem message=message is_read=row.read />
    }
    .into_any()
}

#[component]
pub fn MessageItem(message: Message, #[prop(into)] is_read: Signal<bool>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let from_admin = message.is_from_admin;
    let kind = message.kind;
    let is_note = kind == MessageKind::Note;
    let class = match (is_note, from_admin) {
        (true, _) => "message message-note",
        (false, true) => "message message-admin",
        (false, false) => "message message-customer",
    };
    let sender = message.sender.clone().map(|s| s.name).unwrap_or_default();
    let created = message.created_at.clone();
    let created_attr = created.clone();
    let created_title = {
        let created = created.clone();
        move || local_time(&created, i18n.locale().tag())
    };
    // Text nodes only: message bodies are never parsed as HTML.
    let body = message.message.clone().filter(|m| !m.trim().is_empty());
    view! {
        <li
            class=class
            data-testid="message"
            data-message-id=message.id
            data-from=if from_admin { "admin" } else { "customer" }
            data-type=kind.as_str()
            data-state=from_admin.then_some("sent")
        >
            <div class="message-meta">
                {is_note.then(|| view! { <NoteBadge /> })}
                <span class="message-sender">{sender}</span>
                // The day is in the divider above: the time says the rest.
                <time datetime=created_attr title=created_title>{move || format_as(&created, i18n.locale().tag(), DateStyle::Time)}</time>
                // Customers never see notes, so a note has no read mark.
                {(from_admin && !is_note).then(|| view! {
                    <span class="message-read" data-testid="message-read">
                        {move || i18n.t(if is_read.get() { Text::MessageRead } else { Text::MessageDelivered })}
                    </span>
                })}
            </div>
            {body.map(|text| view! { <p class="message-text">{text}</p> })}
            <ul class="attachments">
                {message.attachments.into_iter().map(|a| view! { <AttachmentItem attachment=a message_id=message.id /> }).collect_view()}
            </ul>
        </li>
    }
}

/// Marks an internal note, in words and not only in colour.
#[component]
fn NoteBadge() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <span class="note-badge" data-testid="note-badge">
            <span aria-hidden="true">"🔒 "</span>
            {i18n.text(Text::NoteBadge)}
        </span>
    }
}

/// A reply on its way: "sending", or "failed" with a retry. Keyed by its
/// client id; reads its own state and progress from the store.
#[component]
pub fn PendingItem(
    thread: OpenThread,
    client_id: String,
    on_retry: Callback<String>,
    on_discard: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let pending = thread.store().pending();
    let Some(reply) = thread.pending_reply(&client_id) else {
        return ().into_any();
    };
    let id = StoredValue::new(client_id);
    let state = Memo::new(move |_| {
        pending
            .try_with(|all| {
                let reply = all
                    .iter()
                    .find(|r| id.with_value(|id| r.client_id == *id))?;
                Some((reply.state.clone(), reply.progress))
            })
            .flatten()
    });
    let failed = move || matches!(state.get(), Some((ReplyState::Failed(_), _)));
    let kept = move || matches!(state.get(), Some((ReplyState::Kept, _)));
    view! {
        <li
            class="message message-admin message-pending"
            class:message-note=reply.kind == MessageKind::Note
            class:message-failed=failed
            class:message-kept=kept
            // Not read out by the thread's log: the admin's own words, on their way.
            aria-live="off"
            data-testid="message"
            data-from="admin"
            data-type=reply.kind.as_str()
            data-state=move || if failed() { "failed" } else if kept() { "kept" } else { "sending" }
        >
            <p class="message-text">{reply.text.clone()}</p>
            <ul class="attachments">
                {reply.attachments.iter().map(|name| view! { <li>{name.clone()}</li> }).collect_view()}
            </ul>
            {move || match state.get() {
                Some((ReplyState::Failed(error), _)) => view! {
                    <div class="message-state" role="alert" data-testid="reply-failed">
                        <span>{move || error.message(i18n.locale())}</span>
                        <button type="button" class="button-quiet" data-testid="reply-retry" on:click=move |_| on_retry.run(id.get_value())>
                            {i18n.text(Text::Retry)}
                        </button>
                        <button type="button" class="button-quiet" on:click=move |_| on_discard.run(id.get_value())>
                            {i18n.text(Text::Discard)}
                        </button>
                    </div>
                }.into_any(),
                Some((ReplyState::Kept, _)) => view! {
                    <div class="message-state" data-testid="reply-kept">
                        <span>{i18n.text(Text::ReplyKept)}</span>
                        <button type="button" class="button-quiet" data-testid="reply-send-kept" on:click=move |_| on_retry.run(id.get_value())>
                            {i18n.text(Text::ReplySend)}
                        </button>
                        <button type="button" class="button-quiet" data-testid="reply-discard-kept" on:click=move |_| on_discard.run(id.get_value())>
                            {i18n.text(Text::Discard)}
                        </button>
                    </div>
                }.into_any(),
                Some((ReplyState::Sending, progress)) => view! {
                    <span class="message-state" data-testid="reply-sending">
                        {move || match progress {
                            Some(percent) => fill(i18n.t(Text::Uploading), &[("percent", &percent.to_string())]),
                            None => i18n.t(Text::ReplySending).to_string(),
                        }}
                    </span>
                }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
    .into_any()
}

/// The ticket whose thread is open, for fetching fresh attachment URLs.
#[derive(Clone, Copy)]
pub struct OpenTicket(pub u64);

/// A file of a message: an image shown as a thumbnail, anything else a link.
/// Attachment URLs are signed and expire, so an image that fails to load is
/// fetched again once with a fresh URL.
#[component]
fn AttachmentItem(attachment: Attachment, message_id: u64) -> impl IntoView {
    let label = format!(
        "{} ({})",
        attachment.file_name,
        human_size(attachment.file_size)
    );
    let is_image = attachment.mime_type.starts_with("image/");
    let page_is_https = crate::browser::page_origin().https;
    let source = use_context::<ApiClient>().zip(use_context::<OpenTicket>());
    // Attachment paths are the API's; empty when the API is the page's origin.
    let api_url = use_context::<ApiClient>()
        .map(|api| api.config().api_url.clone())
        .unwrap_or_default();
    let Some(first_url) = attachment.safe_url(page_is_https, &api_url) else {
        return view! { <li class="attachment-blocked">{label}</li> }.into_any();
    };
    let url = RwSignal::new(first_url);
    let image = NodeRef::<leptos::html::Img>::new();
    let refreshed = StoredValue::new(false);
    let attachment_id = attachment.id;
    let refresh = move |_| {
        let Some((api, OpenTicket(ticket_id))) = source.clone() else {
            return;
        };
        // The row may have been drawn anew (and this one let go) before its
        // image failed: then it has nothing left to refresh.
        if refreshed.try_get_value() != Some(false) {
            return;
        }
        refreshed.try_set_value(true);
        leptos::task::spawn_local(async move {
            let fresh = api.message(ticket_id, message_id).await.ok().flatten();
            let fresh_url = fresh
                .and_then(|m| m.attachments.into_iter().find(|a| a.id == attachment_id))
                .and_then(|a| a.safe_url(page_is_https, &api.config().api_url));
            if let Some(fresh_url) = fresh_url {
                url.try_set(fresh_url.clone());
                // Set on the element too: the same URL again (the server's
                // clock had not moved) must still load anew.
                if let Some(Some(img)) = image.try_get_untracked() {
                    img.set_src(&fresh_url);
                }
            }
        });
    };
    if is_image {
        view! {
            <li class="attachment-image">
                <a href=url target="_blank" rel="noopener noreferrer" title=label.clone()>
                    <img src=url alt=attachment.file_name.clone() loading="lazy" node_ref=image
                        data-testid="attachment-image" on:error=refresh />
                </a>
            </li>
        }
        .into_any()
    } else {
        view! {
            <li>
                <a href=url target="_blank" rel="noopener noreferrer">{label}</a>
            </li>
        }
        .into_any()
    }
}

/// Byte counts as people read them: "980 B", "12.1 KB", "3.4 MB". In
/// integers: formatting a float would bring float printing into the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let (mut unit, mut scale) = (0, 1u64);
    while bytes / scale >= 1024 && unit < UNITS.len() - 1 {
        scale *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let tenths = (u128::from(bytes) * 10 + u128::from(scale) / 2) / u128::from(scale);
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
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
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1024.0 KB");
        assert_eq!(human_size(5 << 40), "5120.0 GB");
        assert_eq!(human_size(u64::MAX), "17179869184.0 GB");
    }
}
