//! The reply composer: a draft per ticket that survives navigation and reload.

use leptos::html;
use leptos::prelude::*;

use crate::browser::storage::{self, Area};
use crate::i18n::Text;
use crate::state::locale::I18n;

fn draft_key(ticket_id: u64) -> String {
    format!("mesa.draft.{ticket_id}")
}

#[component]
pub fn ReplyComposer(
    #[prop(into)] ticket_id: Signal<u64>,
    on_send: Callback<String>,
    textarea: NodeRef<html::Textarea>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let draft = storage::get(Area::Local, &draft_key(ticket_id.get())).unwrap_or_default();
        text.set(draft);
    });
    let save = move |value: String| {
        let key = draft_key(ticket_id.get_untracked());
        if value.is_empty() {
            storage::remove(Area::Local, &key);
        } else {
            storage::set(Area::Local, &key, &value);
        }
        text.set(value);
    };
    let send = move || {
        let value = text.get_untracked();
        if value.trim().is_empty() {
            return;
        }
        save(String::new());
        on_send.run(value.trim().to_string());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Enter sends; Shift+Enter breaks the line; never while an IME composes.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea
                node_ref=textarea
                data-testid="composer-input"
                rows="3"
                placeholder=move || i18n.t(Text::ReplyPlaceholder)
                aria-label=move || i18n.t(Text::ReplyPlaceholder)
                prop:value=text
                on:input=move |ev| save(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <button
                type="submit"
                class="button-primary"
                data-testid="composer-send"
                disabled=move || text.with(|t| t.trim().is_empty())
            >
                {move || i18n.t(Text::ReplySend)}
            </button>
        </form>
    }
}
