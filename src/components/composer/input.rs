//! The reply box, with the menus that write into it: a note's `@` menu and a
//! reply's canned-reply menu.

use leptos::ev::{ClipboardEvent, KeyboardEvent};
use leptos::prelude::*;

use super::Composer;
use crate::components::canned::{CannedMenu, LISTBOX_ID};
use crate::components::mentions::{active_option, MentionMenu};
use crate::i18n::Text;
use crate::state::locale::I18n;

#[component]
pub(super) fn ComposerInput(composer: Composer) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Composer {
        textarea,
        canned,
        set_text,
        ..
    } = composer;
    let label = move || {
        i18n.t(if composer.is_note() {
            Text::NotePlaceholder
        } else {
            Text::ReplyPlaceholder
        })
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if composer
            .note()
            .is_some_and(|n| n.mentioning.key(&ev, textarea, set_text))
            || canned.get().is_some_and(|a| a.on_keydown(&ev))
        {
            return;
        }
        // Enter sends; Shift+Enter breaks the line; never while an IME composes.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            composer.send();
        }
    };
    let on_paste = move |ev: ClipboardEvent| {
        let pasted = ev
            .clipboard_data()
            .and_then(|d| d.files())
            .filter(|f| f.length() > 0);
        if pasted.is_some() {
            ev.prevent_default();
            composer.files.add(pasted);
        }
    };
    // Moving the caret may leave or enter a `/` query.
    let caret_moved = move || {
        if let Some(assist) = canned.get() {
            assist.after_input();
        }
    };

    view! {
        <div class="composer-input">
            {move || canned.get().map(|assist| view! { <CannedMenu assist=assist /> })}
            <textarea
                node_ref=textarea
                id="reply-box"
                data-testid="composer-input"
                rows="3"
                placeholder=label
                aria-label=label
                prop:value=composer.draft.text
                aria-autocomplete=move || (canned.get().is_some() || composer.is_note()).then_some("list")
                aria-describedby=move || canned.get().map(|_| "composer-canned-hint")
                // The note's @ menu, or the reply's canned-reply menu.
                aria-controls=move || match composer.note() {
                    Some(_) => Some("mention-menu"),
                    None => canned.get().filter(|a| a.open.get()).map(|_| LISTBOX_ID),
                }
                aria-activedescendant=move || match composer.note() {
                    Some(n) => active_option(n.mentioning),
                    None => canned.get().filter(|a| !a.searching.get()).and_then(|a| a.active_id()),
                }
                on:click=move |_| caret_moved()
                on:keyup=move |ev| if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") { caret_moved() }
                on:input=move |ev| composer.typed(event_target_value(&ev))
                on:keydown=on_keydown
                on:paste=on_paste
            ></textarea>
            {move || composer.note().map(|n| view! {
                <MentionMenu mentioning=n.mentioning textarea=textarea set_text=set_text />
            })}
            {move || canned.get().map(|_| view! {
                <span class="visually-hidden" id="composer-canned-hint">{i18n.text(Text::CannedHint)}</span>
            })}
        </div>
    }
}
