//! Reply or internal note.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconSvg};

use crate::api::types::MessageKind;
use crate::components::mentions::Mentioning;
use crate::i18n::Text;
use crate::state::locale::I18n;

/// The composer's two modes: a reply the customer sees, or an internal note
/// for the team (with `@` mentions). `can_reply` is false on a closed ticket,
/// where only notes may be written.
#[derive(Clone, Copy)]
pub struct NoteMode {
    pub kind: RwSignal<MessageKind>,
    pub can_reply: Signal<bool>,
    pub mentioning: Mentioning,
}

/// Switches between reply and note, and says which one is on.
#[component]
pub(super) fn NoteToggle(notes: NoteMode) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let is_note = move || notes.kind.get() == MessageKind::Note;
    view! {
        <div class="composer-mode">
            <Show when=move || notes.can_reply.get()>
                <button type="button" class="button-quiet" data-testid="note-toggle"
                    aria-pressed=move || is_note().to_string()
                    title=i18n.text(Text::NoteShortcutHint)
                    on:click=move |_| notes.kind.update(|k| *k = match k {
                        MessageKind::Reply => MessageKind::Note,
                        MessageKind::Note => MessageKind::Reply,
                    })>
                    <IconSvg icon=Icon::Note />
                    <span class="button-label">{i18n.text(Text::NoteToggle)}</span>
                </button>
            </Show>
            <Show when=is_note>
                <span class="note-label" data-testid="note-mode">"🔒 " {i18n.text(Text::NoteLabel)}</span>
            </Show>
        </div>
    }
}
