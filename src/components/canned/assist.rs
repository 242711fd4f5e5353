//! What the composer's canned-reply menu is doing: open or not, for which
//! query, which option is active, and what a pick replaces.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

use crate::api::types::CannedReply;
use crate::hooks::canned::CannedReplies;
use crate::state::canned::{self, Placeholders};

pub const LISTBOX_ID: &str = "canned-listbox";

#[derive(Clone, Copy)]
pub struct Assist {
    pub open: RwSignal<bool>,
    /// Opened by the button: the menu's own search box has the focus.
    pub searching: RwSignal<bool>,
    pub managing: RwSignal<bool>,
    pub query: RwSignal<String>,
    pub active: RwSignal<usize>,
    /// The UTF-16 range of the textarea that a pick replaces.
    range: RwSignal<(u32, u32)>,
    pub replies: CannedReplies,
    textarea: NodeRef<html::Textarea>,
    placeholders: Signal<Placeholders>,
    on_change: Callback<String>,
}

impl Assist {
    pub fn new(
        replies: CannedReplies,
        textarea: NodeRef<html::Textarea>,
        placeholders: Signal<Placeholders>,
        on_change: Callback<String>,
    ) -> Self {
        Self {
            open: RwSignal::new(false),
            searching: RwSignal::new(false),
            managing: RwSignal::new(false),
            query: RwSignal::new(String::new()),
            active: RwSignal::new(0),
            range: RwSignal::new((0, 0)),
            replies,
            textarea,
            placeholders,
            on_change,
        }
    }

    /// The options for the current query, best first.
    pub fn matches(&self) -> Vec<CannedReply> {
        let all = self.replies.all();
        let query = self.query.get();
        canned::matching(&all, &query)
            .into_iter()
            .cloned()
            .collect()
    }

    pub fn option_id(id: u64) -> String {
        format!("canned-option-{id}")
    }

    /// The active option's element id, for `aria-activedescendant`.
    pub fn active_id(&self) -> Option<String> {
        if !self.open.get() {
            return None;
        }
        let matches = self.matches();
        self.active.track();
        matches
            .get(self.active_index(matches.len()))
            .map(|r| Self::option_id(r.id))
    }

    /// After each edit of the textarea: a `/query` at the cursor opens the
    /// menu and filters it; anything else closes it.
    pub fn after_input(&self) {
        if self.searching.get_untracked() {
            return;
        }
        let Some(el) = self.textarea.get_untracked() else {
            return;
        };
        let cursor = el.selection_start().ok().flatten().unwrap_or(0);
        match canned::slash_query(&el.value(), cursor) {
            Some((slash, query)) => {
                self.range.set((slash, cursor));
                if self.query.get_untracked() != query {
                    self.active.set(0);
                }
                self.query.set(query);
                self.open.set(true);
            }
            None => self.close(),
        }
    }

    /// Opened by the button: a pick goes where the cursor is.
    pub fn open_search(&self) {
        if let Some(el) = self.textarea.get_untracked() {
            let start = el.selection_start().ok().flatten().unwrap_or(0);
            let end = el.selection_end().ok().flatten().unwrap_or(start);
            self.range.set((start, end));
        }
        self.query.set(String::new());
        self.active.set(0);
        self.searching.set(true);
        self.open.set(true);
    }

    pub fn close(&self) {
        self.open.set(false);
        if self.searching.get_untracked() {
            self.searching.set(false);
            self.focus_textarea(None);
        }
    }

    /// Up/Down move, Enter inserts, Escape closes. Returns whether the key
    /// was the menu's (so Enter does not also send).
    pub fn on_keydown(&self, ev: &KeyboardEvent) -> bool {
        if !self.open.get_untracked() || ev.is_composing() {
            return false;
        }
        let matches = self.matches();
        let len = matches.len();
        match ev.key().as_str() {
            "ArrowDown" => self.active.update(|a| *a = canned::step(*a, len, 1)),
            "ArrowUp" => self.active.update(|a| *a = canned::step(*a, len, -1)),
            "Escape" => self.close(),
            // With nothing to insert, Enter only closes: "/xyz" is not sent by mistake.
            "Enter" if !ev.shift_key() => match matches.get(self.active_index(len)) {
                Some(reply) => self.pick(reply),
                None => self.close(),
            },
            _ => return false,
        }
        ev.prevent_default();
        ev.stop_propagation();
        true
    }

    fn active_index(&self, len: usize) -> usize {
        self.active.get_untracked().min(len.saturating_sub(1))
    }

    /// Inserts the reply's body, placeholders filled, in place of the typed
    /// `/query` (or the selection); the text stays editable.
    pub fn pick(&self, reply: &CannedReply) {
        let Some(el) = self.textarea.get_untracked() else {
            return;
        };
        let body = canned::fill(&reply.body, &self.placeholders.get_untracked());
        let (from, to) = self.range.get_untracked();
        let (text, cursor) = canned::splice(&el.value(), from, to, &body);
        el.set_value(&text);
        self.on_change.run(text);
        self.open.set(false);
        self.searching.set(false);
        self.focus_textarea(Some(cursor));
    }

    pub fn open_manager(&self) {
        self.open.set(false);
        self.searching.set(false);
        self.managing.set(true);
    }

    /// The manager closed: back to writing.
    pub fn close_manager(&self) {
        self.managing.set(false);
        self.focus_textarea(None);
    }

    pub(super) fn focus_textarea(&self, cursor: Option<u32>) {
        let textarea = self.textarea;
        request_animation_frame(move || {
            if let Some(el) = textarea.get_untracked() {
                let _ = el.focus();
                if let Some(cursor) = cursor {
                    let _ = el.set_selection_range(cursor, cursor);
                }
            }
        });
    }
}
