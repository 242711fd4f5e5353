//! Getting around a thread: back to the inbox (on a phone the inbox is
//! hidden while a thread is open), and the focus on the ticket just opened.

use leptos::prelude::*;

use crate::browser::focus;
use crate::i18n::Text;
use crate::state::desk::Desk;
use crate::state::locale::I18n;

/// `loaded`: the ticket whose thread is drawn, once it is.
#[component]
pub fn ThreadNav(#[prop(into)] loaded: Signal<Option<u64>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = use_context::<Desk>();
    let base = StoredValue::new(crate::base::use_base());
    // Back to the inbox as it was: same filters.
    let href = move || {
        let query = desk
            .map(|d| d.inbox.with(|i| i.filter.to_query()))
            .unwrap_or_default();
        base.with_value(|b| b.href(&format!("/{query}")))
    };
    // A ticket just opened: its subject takes the focus, so a screen reader
    // says where the admin is. Not while they type somewhere.
    Effect::new(move |_| {
        if loaded.get().is_some() && !focus::typing_somewhere() {
            focus::focus_soon(".thread-header h1");
        }
    });
    // Back in the inbox, the row of the ticket just left has the focus.
    let navigate = crate::router::use_navigate();
    let on_back = move |ev: leptos::ev::MouseEvent| {
        if ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
            return; // a new tab or window: the browser's
        }
        ev.prevent_default();
        let row = loaded
            .get_untracked()
            .map(|id| format!(".ticket-row[data-ticket-id=\"{id}\"] a"));
        navigate(
            &base.with_value(|b| b.strip(&href())),
            crate::router::Navigation::default(),
        );
        focus::focus_soon(&row.unwrap_or_else(|| ".ticket-row a".to_string()));
    };
    view! {
        <a href=href class="thread-back" data-testid="back-to-inbox" on:click=on_back>
            <span aria-hidden="true">"← "</span>
            {i18n.text(Text::BackToInbox)}
        </a>
    }
}
