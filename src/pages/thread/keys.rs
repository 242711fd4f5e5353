//! The thread's keys: e closes, a assigns to me, r replies, n writes a note,
//! p, t and z go to the priority, the tags and the snooze menu.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

use crate::api::types::{MessageKind, TicketStatus};
use crate::api::TicketUpdate;
use crate::components::composer::NoteMode;
use crate::state::shortcuts::{is_shortcut, Shortcuts};

pub fn use_thread_keys(
    me: u64,
    is_open: Signal<bool>,
    note_mode: Signal<Option<NoteMode>>,
    textarea: NodeRef<html::Textarea>,
    update: Callback<TicketUpdate>,
) {
    let shortcuts = use_context::<Shortcuts>();
    let keys = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if !is_shortcut(&ev, shortcuts) {
            return;
        }
        let open = is_open.get_untracked();
        match ev.key().as_str() {
            "e" if open => update.run(TicketUpdate {
                status: Some(TicketStatus::Closed),
                ..Default::default()
            }),
            "a" => update.run(TicketUpdate {
                assigned_to: Some(Some(me)),
                ..Default::default()
            }),
            key @ ("r" | "n") => {
                let kind = if key == "n" {
                    MessageKind::Note
                } else {
                    MessageKind::Reply
                };
                match note_mode.get_untracked() {
                    Some(mode) if kind == MessageKind::Note || open => mode.kind.set(kind),
                    None if kind == MessageKind::Note => return,
                    _ => {}
                }
                if let Some(el) = textarea.get_untracked() {
                    ev.prevent_default();
                    let _ = el.focus();
                }
            }
            // Triage (contract v3): to the control, which the admin then
            // works with the keyboard as any other.
            key @ ("p" | "t" | "z") => {
                let control = match key {
                    "p" => "#ticket-priority",
                    "t" => "#ticket-tag-input",
                    _ => "#snooze-toggle",
                };
                if crate::browser::focus::focus_now(control) {
                    ev.prevent_default();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}
