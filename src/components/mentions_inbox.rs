//! The signed-in admin's mentions (contract v2, listed by the server with
//! v3's `mentions_list`): heard on their own
//! `private-admin.{id}` channel, notified, and listed behind a button in the
//! top bar, each linking to its ticket.

use crate::router::A;
use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::api::events::LiveEvent;
use crate::api::ApiClient;
use crate::i18n::Text;
use crate::realtime::browser::Live;
use crate::realtime::listeners::Rises;
use crate::state::alerts::Alerts;
use crate::state::locale::I18n;
use crate::state::mentions::MentionsInbox as Inbox;

/// Follows the admin's own channel while mounted; returns the list. With
/// contract v3's `mentions_list`, the server's list joins it each time the
/// channel is (re)joined: what was said while the admin was away or offline.
fn use_mentions(me: u64) -> RwSignal<Inbox> {
    let live = expect_context::<Live>();
    let alerts = expect_context::<Alerts>();
    let api = expect_context::<ApiClient>();
    let channel = api.config().channels.admin_private(me);
    let inbox = RwSignal::new(Inbox::default());
    live.on_event(&channel, "mentions", move |event| {
        if let LiveEvent::Mentioned(mention) = event {
            let (ticket, by) = (mention.ticket_id, mention.by.name.clone());
            let text = mention.message.message.clone();
            if inbox.try_update(|i| i.heard(mention)) == Some(true) {
                alerts.mentioned(ticket, &by, text.as_deref());
            }
        }
    });
    let offered = crate::state::offered::Offered::expect();
    live.on_subscribed(&channel, Rises::Every, move || {
        if !offered.with_untracked(|c| c.mentions_list) {
            return;
        }
        let api = api.clone();
        spawn_local(async move {
            if let Ok(page) = api.mentions().await {
                inbox.try_update(|i| i.listed(page.data));
            }
        });
    });
    inbox
}

/// The admin opened a mention: the server hears it was read (v3).
fn mark_read(inbox: RwSignal<Inbox>, message_id: u64) {
    let Some(id) = inbox.try_update(|i| i.opened(message_id)).flatten() else {
        return;
    };
    let api = expect_context::<ApiClient>();
    spawn_local(async move {
        let _ = api.mention_read(id).await;
    });
}

#[component]
pub fn MentionsInbox(me: u64) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let inbox = use_mentions(me);
    let open = RwSignal::new(false);
    let base = StoredValue::new(crate::base::use_base());
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        inbox.update(Inbox::seen);
    };
    // Escape folds the list and gives the focus back to its button.
    let button = NodeRef::<leptos::html::Button>::new();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="mentions-inbox" data-testid="mentions-inbox" on:keydown=on_keydown>
            <button type="button" class="button-quiet" data-testid="mentions-toggle" node_ref=button
                aria-expanded=move || open.get().to_string() aria-controls="mentions-list" on:click=toggle>
                <span aria-hidden="true">"@ "</span>
                // On a phone only the @ shows; the name is still read out.
                <span class="topbar-label">{i18n.text(Text::Mentions)}</span>
                {move || match inbox.with(|i| i.unseen) {
                    0 => None,
                    n => Some(view! { <span class="badge" data-testid="mentions-unseen">{n}</span> }),
                }}
            </button>
            <Show when=move || open.get()>
                <ul class="mentions-list" id="mentions-list" data-testid="mentions-list">
                    {move || inbox.with(|i| i.mentions().to_vec()).into_iter().map(|m| { let (unread, message_id) = (inbox.with_untracked(|i| i.is_unread(&m)), m.message.id); view! {
                        <li data-testid="mention-entry" data-ticket-id=m.ticket_id data-message-id=m.message.id
                            class:mention-unread=unread>
                            <A href=base.with_value(|b| b.href(&format!("/tickets/{}", m.ticket_id))) on:click=move |_| { open.set(false); mark_read(inbox, message_id) }>
                                <strong>{m.by.name.clone()}</strong>
                                " #" {m.ticket_id} ": "
                                {m.message.message.clone().unwrap_or_default()}
                            </A>
                        </li>
                    }}).collect_view()}
                    <Show when=move || inbox.with(|i| i.mentions().is_empty())>
                        <li class="muted">{i18n.text(Text::MentionsEmpty)}</li>
                    </Show>
                </ul>
            </Show>
        </div>
    }
}
