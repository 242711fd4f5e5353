//! The reply composer: a draft per ticket that survives navigation and
//! reload, attachments by picker, drag-and-drop or paste, and, where the
//! backend offers them, internal notes and canned replies.

mod files;
mod input;
mod mode;

use leptos::ev::DragEvent;
use leptos::html;
use leptos::prelude::*;
use web_sys::File;

use crate::api::types::{MessageKind, Writing};
use crate::components::canned::{Assist, CannedManager, CannedOpenButton};
use crate::hooks::attachments::{use_picked_files, PickedFiles};
use crate::hooks::canned::CannedReplies;
use crate::hooks::draft::{use_draft, Draft};
use crate::i18n::Text;
use crate::state::canned::Placeholders;
use crate::state::locale::I18n;

pub use mode::NoteMode;

/// What the composer hands over when the admin sends.
pub struct Outgoing {
    pub writing: Writing,
    pub files: Vec<File>,
}

#[component]
pub fn ReplyComposer(
    #[prop(into)] ticket_id: Signal<u64>,
    on_send: Callback<Outgoing>,
    textarea: NodeRef<html::Textarea>,
    /// Told on every keystroke, so others can see someone is replying.
    #[prop(optional)]
    on_typing: Option<Callback<bool>>,
    /// Reply or internal note; without it the composer only replies.
    #[prop(optional)]
    notes: Option<Signal<Option<NoteMode>>>,
    /// What canned replies' placeholders stand for; without it, no canned replies.
    #[prop(optional, into)]
    placeholders: Option<Signal<Placeholders>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let draft = use_draft(ticket_id);
    let set_text = Callback::new(move |value| draft.save(value));
    // Read when used: what the backend offers may arrive after the composer.
    let notes = Signal::derive(move || notes.and_then(|n| n.get()));
    let assist = placeholders.and_then(|placeholders| {
        let replies = use_context::<CannedReplies>()?;
        Some(Assist::new(replies, textarea, placeholders, set_text))
    });
    // Canned replies are for replies; a note has its @ menu instead.
    let canned = Signal::derive(move || {
        assist.filter(|a| {
            a.replies.offered()
                && notes
                    .get()
                    .is_none_or(|n| n.kind.get() == MessageKind::Reply)
        })
    });
    let composer = Composer {
        draft,
        set_text,
        files: use_picked_files(),
        notes,
        canned,
        textarea,
        on_typing,
        on_send,
    };

    view! {
        <form
            class="composer"
            class:composer-note=move || composer.is_note()
            data-mode=move || composer.kind().as_str()
            on:submit=move |ev| {
                ev.prevent_default();
                composer.send();
            }
            on:dragover=move |ev: DragEvent| ev.prevent_default()
            on:drop=move |ev: DragEvent| {
                ev.prevent_default();
                composer.files.add(ev.data_transfer().and_then(|d| d.files()));
            }
        >
            <div class="composer-main">
                {move || notes.get().map(|n| view! { <mode::NoteToggle notes=n /> })}
                <input::ComposerInput composer=composer />
                {move || composer.files.refused.get().map(|error| view! {
                    <p class="form-error" role="alert" data-testid="composer-refused">{move || error.message(i18n.locale())}</p>
                })}
                <files::PickedList files=composer.files />
            </div>
            {move || canned.get().map(|assist| view! { <CannedOpenButton assist=assist /> })}
            <files::AttachButton files=composer.files />
            <button type="submit" class="button-primary" data-testid="composer-send" disabled=move || !composer.can_send()>
                {move || i18n.t(if composer.is_note() { Text::NoteSend } else { Text::ReplySend })}
            </button>
        </form>
        // Outside the composer's form: the manager has a form of its own.
        {move || canned.get().filter(|a| a.managing.get()).map(|assist| view! {
            <CannedManager on_close=Callback::new(move |()| assist.close_manager()) />
        })}
    }
}

/// What the composer's parts share: the draft, the files, the mode, and the
/// canned-reply menu while it is offered.
#[derive(Clone, Copy)]
struct Composer {
    draft: Draft,
    /// Writes the draft: for the menus that insert text into it.
    set_text: Callback<String>,
    files: PickedFiles,
    notes: Signal<Option<NoteMode>>,
    canned: Signal<Option<Assist>>,
    textarea: NodeRef<html::Textarea>,
    on_typing: Option<Callback<bool>>,
    on_send: Callback<Outgoing>,
}

impl Composer {
    fn kind(&self) -> MessageKind {
        self.notes
            .get()
            .map_or(MessageKind::Reply, |n| n.kind.get())
    }

    fn is_note(&self) -> bool {
        self.kind() == MessageKind::Note
    }

    /// The note mode, while a note is being written.
    fn note(&self) -> Option<NoteMode> {
        self.notes
            .get()
            .filter(|n| n.kind.get() == MessageKind::Note)
    }

    fn can_send(&self) -> bool {
        !self.draft.is_blank() || !self.files.is_empty()
    }

    /// What the admin typed: kept, and told to the menus and to others.
    fn typed(&self, value: String) {
        self.draft.save(value);
        if let (Some(note), Some(el)) = (self.note(), self.textarea.get_untracked()) {
            note.mentioning.follow(&el);
        }
        if let Some(assist) = self.canned.get() {
            assist.after_input();
        }
        // Notes are the team's own business: no typing notice.
        if let (false, Some(on_typing)) = (self.is_note(), self.on_typing) {
            on_typing.run(true);
        }
    }

    fn send(&self) {
        if !self.can_send() {
            return;
        }
        let text = self.draft.text.get_untracked().trim().to_string();
        let kind = self.kind();
        let mentions = match (kind, self.notes.get_untracked()) {
            (MessageKind::Note, Some(n)) => n.mentioning.mentioned_in(&text),
            _ => Vec::new(),
        };
        let files = self.files.take();
        self.draft.save(String::new());
        if let Some(on_typing) = self.on_typing {
            on_typing.run(false);
        }
        self.on_send.run(Outgoing {
            writing: Writing {
                mentions,
                kind,
                text,
            },
            files,
        });
        // Sent with the button: back to writing, not on a button now disabled.
        if let Some(el) = self.textarea.get_untracked() {
            let _ = el.focus();
        }
    }
}
