//! The inbox's keys: j/k move a cursor over the rows, Enter opens the
//! ticket under it, x selects it for a bulk change, / goes to the search.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::hooks::inbox_scroll::InboxScroll;
use crate::state::desk::Desk;
use crate::state::offered::Offered;
use crate::state::shortcuts::{is_shortcut, Shortcuts};

/// The keyboard cursor: the open ticket until j/k move it.
pub fn use_inbox_keys(
    open_ticket: Memo<Option<u64>>,
    scroll: InboxScroll,
) -> RwSignal<Option<u64>> {
    let desk = expect_context::<Desk>();
    let navigate = crate::router::use_navigate();
    let shortcuts = use_context::<Shortcuts>();
    let capabilities = Offered::used();
    let bulk_offered = move || capabilities.is_some_and(|c| c.with_untracked(|c| c.bulk));
    let cursor = RwSignal::new(None::<u64>);
    Effect::new(move |_| cursor.set(open_ticket.get()));

    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if !is_shortcut(&ev, shortcuts) {
            return;
        }
        match ev.key().as_str() {
            key @ ("j" | "k") => {
                let ids: Vec<u64> = desk
                    .inbox
                    .with_untracked(|i| i.tickets().iter().map(|t| t.id).collect());
                let position = cursor
                    .get_untracked()
                    .and_then(|id| ids.iter().position(|&t| t == id));
                let next = match (key, position) {
                    (_, None) => 0,
                    ("j", Some(p)) => (p + 1).min(ids.len().saturating_sub(1)),
                    (_, Some(p)) => p.saturating_sub(1),
                };
                if let Some(&id) = ids.get(next) {
                    cursor.set(Some(id));
                    scroll.show(next);
                }
            }
            "x" if bulk_offered() => {
                if let Some(id) = cursor.get_untracked() {
                    desk.selection.update(|s| s.toggle(id));
                }
            }
            "Enter" => {
                if let Some(id) = cursor.get_untracked() {
                    let query = desk.inbox.with_untracked(|inbox| inbox.filter.to_query());
                    navigate(&format!("/tickets/{id}{query}"), Default::default());
                }
            }
            "/" => {
                ev.prevent_default();
                if let Some(search) = document().get_element_by_id("inbox-search") {
                    let _ = search.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    cursor
}
