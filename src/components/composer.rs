//! The reply composer: a draft per ticket that survives navigation and
//! reload, and attachments by picker, drag-and-drop or paste.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, Url};

use crate::api::types::{MessageKind, Writing};
use crate::components::canned::{Assist, CannedManager, CannedMenu, CannedOpenButton, LISTBOX_ID};
use crate::components::mentions::{active_option, MentionMenu, Mentioning};
use crate::components::thread::human_size;
use crate::hooks::canned::CannedReplies;
use crate::i18n::{fill, Text};
use crate::state::attachments::{self, AttachmentError};
use crate::state::canned::Placeholders;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;

/// What the composer hands over when the admin sends.
pub struct Outgoing {
    pub writing: Writing,
    pub files: Vec<File>,
}

#[derive(Clone)]
struct Picked {
    key: u64,
    file: File,
    /// A `blob:` URL for image previews, revoked when the file leaves.
    preview: Option<String>,
}

impl Picked {
    fn release(&self) {
        if let Some(url) = &self.preview {
            let _ = Url::revoke_object_url(url);
        }
    }
}

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
fn NoteToggle(notes: NoteMode) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let is_note = move || notes.kind.get() == MessageKind::Note;
    view! {
        <div class="composer-mode">
            <Show when=move || notes.can_reply.get()>
                <button type="button" class="button-quiet" data-testid="note-toggle"
                    aria-pressed=move || is_note().to_string()
                    title=move || i18n.t(Text::NoteShortcutHint)
                    on:click=move |_| notes.kind.update(|k| *k = match k {
                        MessageKind::Reply => MessageKind::Note,
                        MessageKind::Note => MessageKind::Reply,
                    })>
                    {move || i18n.t(Text::NoteToggle)}
                </button>
            </Show>
            <Show when=is_note>
                <span class="note-label" data-testid="note-mode">"🔒 " {move || i18n.t(Text::NoteLabel)}</span>
            </Show>
        </div>
    }
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
    // Read when used: what the backend offers may arrive after the composer.
    let notes = move || notes.and_then(|n| n.get());
    let text = RwSignal::new(String::new());
    let files = RwSignal::new_local(Vec::<Picked>::new());
    let refused = RwSignal::new(None::<AttachmentError>);
    let next_key = StoredValue::new(0u64);
    let picker = NodeRef::<html::Input>::new();

    // The signed-in admin's own drafts; none without a session.
    let drafts = use_context::<SessionStore>().and_then(|s| s.drafts());
    Effect::new(move |_| {
        let id = ticket_id.get();
        text.set(drafts.map(|d| d.get(id)).unwrap_or_default());
    });
    on_cleanup(move || files.with_untracked(|f| f.iter().for_each(Picked::release)));

    let save = move |value: String| {
        if let Some(drafts) = drafts {
            drafts.set(ticket_id.get_untracked(), &value);
        }
        text.set(value);
    };
    // Canned replies, when the backend offers them: `/` or the button.
    let assist = placeholders.and_then(|placeholders| {
        let replies = use_context::<CannedReplies>()?;
        Some(Assist::new(
            replies,
            textarea,
            placeholders,
            Callback::new(save),
        ))
    });
    // Canned replies are for replies; a note has its @ menu instead.
    let canned = move || {
        assist.filter(|a| {
            a.replies.offered() && notes().is_none_or(|n| n.kind.get() == MessageKind::Reply)
        })
    };
    let add = move |list: Option<FileList>| {
        let Some(list) = list else { return };
        refused.set(None);
        for index in 0..list.length() {
            let Some(file) = list.get(index) else {
                continue;
            };
            let count = files.with_untracked(Vec::len);
            if let Err(error) =
                attachments::check(&file.name(), &file.type_(), file.size() as u64, count)
            {
                refused.set(Some(error));
                continue;
            }
            let preview = file
                .type_()
                .starts_with("image/")
                .then(|| Url::create_object_url_with_blob(&file).ok())
                .flatten();
            let key = next_key.get_value() + 1;
            next_key.set_value(key);
            files.update(|f| f.push(Picked { key, file, preview }));
        }
    };
    let remove = move |key: u64| {
        files.update(|f| {
            if let Some(index) = f.iter().position(|p| p.key == key) {
                f.remove(index).release();
            }
        });
    };
    let kind = move || notes().map_or(MessageKind::Reply, |n| n.kind.get());
    let is_note = move || kind() == MessageKind::Note;
    let can_send = move || text.with(|t| !t.trim().is_empty()) || files.with(|f| !f.is_empty());
    let send = move || {
        if !can_send() {
            return;
        }
        let value = text.get_untracked().trim().to_string();
        let writing = Writing {
            mentions: match (kind(), notes()) {
                (MessageKind::Note, Some(n)) => n.mentioning.mentioned_in(&value),
                _ => Vec::new(),
            },
            kind: kind(),
            text: value,
        };
        let picked = files.get_untracked();
        picked.iter().for_each(Picked::release);
        files.set(Vec::new());
        refused.set(None);
        save(String::new());
        if let Some(on_typing) = on_typing {
            on_typing.run(false);
        }
        on_send.run(Outgoing {
            writing,
            files: picked.into_iter().map(|p| p.file).collect(),
        });
        // Sent with the button: back to writing, not on a button now disabled.
        if let Some(el) = textarea.get_untracked() {
            let _ = el.focus();
        }
    };
    let set_text = Callback::new(save);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let (true, Some(n)) = (is_note(), notes()) {
            if n.mentioning.key(&ev, textarea, set_text) {
                return;
            }
        }
        if canned().is_some_and(|a| a.on_keydown(&ev)) {
            return;
        }
        // Enter sends; Shift+Enter breaks the line; never while an IME composes.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let pasted = ev
            .clipboard_data()
            .and_then(|d| d.files())
            .filter(|f| f.length() > 0);
        if pasted.is_some() {
            ev.prevent_default();
            add(pasted);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        add(ev.data_transfer().and_then(|d| d.files()));
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            add(input.files());
            // The same file may be picked again after removing it.
            input.set_value("");
        }
    };

    view! {
        <form
            class="composer"
            class:composer-note=is_note
            data-mode=move || kind().as_str()
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <div class="composer-main">
                {move || notes().map(|n| view! { <NoteToggle notes=n /> })}
                <div class="composer-input">
                {move || canned().map(|assist| view! { <CannedMenu assist=assist /> })}
                <textarea
                    node_ref=textarea
                    id="reply-box"
                    data-testid="composer-input"
                    rows="3"
                    placeholder=move || i18n.t(if is_note() { Text::NotePlaceholder } else { Text::ReplyPlaceholder })
                    aria-label=move || i18n.t(if is_note() { Text::NotePlaceholder } else { Text::ReplyPlaceholder })
                    prop:value=text
                    aria-autocomplete=move || (canned().is_some() || is_note()).then_some("list")
                    aria-describedby=move || canned().map(|_| "composer-canned-hint")
                    // The note's @ menu, or the reply's canned-reply menu.
                    aria-controls=move || match notes().filter(|_| is_note()) {
                        Some(_) => Some("mention-menu"),
                        None => canned().filter(|a| a.open.get()).map(|_| LISTBOX_ID),
                    }
                    aria-activedescendant=move || match notes().filter(|_| is_note()) {
                        Some(n) => active_option(n.mentioning),
                        None => canned().filter(|a| !a.searching.get()).and_then(|a| a.active_id()),
                    }
                    on:click=move |_| if let Some(a) = canned() { a.after_input() }
                    on:keyup=move |ev| if let ("ArrowLeft" | "ArrowRight" | "Home" | "End", Some(a)) = (ev.key().as_str(), canned()) { a.after_input() }
                    on:input=move |ev| {
                        save(event_target_value(&ev));
                        if let (true, Some(n), Some(el)) = (is_note(), notes(), textarea.get_untracked()) {
                            n.mentioning.follow(&el);
                        }
                        if let Some(a) = canned() {
                            a.after_input();
                        }
                        // Notes are the team's own business: no typing notice.
                        if let (false, Some(on_typing)) = (is_note(), on_typing) {
                            on_typing.run(true);
                        }
                    }
                    on:keydown=on_keydown
                    on:paste=on_paste
                ></textarea>
                {move || notes().filter(|_| is_note()).map(|n| view! {
                    <MentionMenu mentioning=n.mentioning textarea=textarea set_text=set_text />
                })}
                {move || canned().map(|_| view! {
                    <span class="visually-hidden" id="composer-canned-hint">{move || i18n.t(Text::CannedHint)}</span>
                })}
                </div>
                {move || refused.get().map(|error| view! {
                    <p class="form-error" role="alert" data-testid="composer-refused">{move || error.message(i18n.locale())}</p>
                })}
                <ul class="composer-files">
                    <For each=move || files.get() key=|p| p.key let(picked)>
                        {
                            let key = picked.key;
                            let name = picked.file.name();
                            let label = format!("{name} ({})", human_size(picked.file.size() as u64));
                            view! {
                                <li class="composer-file" data-testid="composer-file">
                                    {picked.preview.clone().map(|url| view! { <img src=url alt="" /> })}
                                    <span>{label}</span>
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        aria-label=move || fill(i18n.t(Text::RemoveAttachment), &[("name", &name)])
                                        on:click=move |_| remove(key)
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </div>
            <input
                type="file"
                multiple
                class="visually-hidden"
                node_ref=picker
                accept=attachments::ACCEPTED_TYPES.join(",")
                data-testid="composer-file-input"
                aria-label=move || i18n.t(Text::AttachFiles)
                tabindex="-1"
                on:change=on_pick
            />
            {move || canned().map(|assist| view! { <CannedOpenButton assist=assist /> })}
            <button
                type="button"
                class="button-quiet"
                data-testid="composer-attach"
                on:click=move |_| {
                    if let Some(input) = picker.get_untracked() {
                        input.click();
                    }
                }
            >
                {move || i18n.t(Text::Attach)}
            </button>
            <button type="submit" class="button-primary" data-testid="composer-send" disabled=move || !can_send()>
                {move || i18n.t(if is_note() { Text::NoteSend } else { Text::ReplySend })}
            </button>
        </form>
        // Outside the composer's form: the manager has a form of its own.
        {move || canned().filter(|a| a.managing.get()).map(|assist| view! {
            <CannedManager on_close=Callback::new(move |()| assist.close_manager()) />
        })}
    }
}
