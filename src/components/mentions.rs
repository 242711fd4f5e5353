//! The `@` menu of an internal note: the colleagues that match what is typed
//! after the `@`, chosen with the keyboard (Up, Down, Enter or Tab, Escape)
//! or a click.

use leptos::html;
use leptos::prelude::*;

use crate::api::types::Admin;
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::mentions::{candidates, insert, query_at, MentionQuery};

/// The menu's state, shared by the composer (which feeds it keys and input)
/// and the menu it draws.
#[derive(Clone, Copy)]
pub struct Mentioning {
    query: RwSignal<Option<MentionQuery>>,
    active: RwSignal<usize>,
    admins: Signal<Vec<Admin>>,
    me: u64,
}

impl Mentioning {
    pub fn new(admins: Signal<Vec<Admin>>, me: u64) -> Self {
        Self {
            query: RwSignal::new(None),
            active: RwSignal::new(0),
            admins,
            me,
        }
    }

    fn matches(&self) -> Vec<Admin> {
        let query = self.query.get();
        let Some(query) = query else {
            return Vec::new();
        };
        self.admins.with(|admins| {
            candidates(admins, &query.query, self.me)
                .into_iter()
                .cloned()
                .collect()
        })
    }

    /// The colleagues a finished note names as `@Full Name`.
    pub fn mentioned_in(&self, text: &str) -> Vec<u64> {
        self.admins
            .with_untracked(|admins| crate::state::mentions::mentioned(text, admins))
    }

    pub fn is_open(&self) -> bool {
        !self.matches().is_empty()
    }

    /// After each change of the text: what follows an `@` before the cursor.
    pub fn follow(&self, textarea: &web_sys::HtmlTextAreaElement) {
        let cursor = textarea.selection_start().ok().flatten().unwrap_or(0);
        self.query.set(query_at(&textarea.value(), cursor));
        self.active.set(0);
    }

    pub fn close(&self) {
        self.query.set(None);
    }

    /// Handles the menu's keys; true when the key was the menu's.
    pub fn key(
        &self,
        ev: &web_sys::KeyboardEvent,
        textarea: NodeRef<html::Textarea>,
        set_text: Callback<String>,
    ) -> bool {
        let matches = self.matches();
        if matches.is_empty() {
            return false;
        }
        match ev.key().as_str() {
            "ArrowDown" => self.active.update(|i| *i = (*i + 1) % matches.len()),
            "ArrowUp" => self
                .active
                .update(|i| *i = (*i + matches.len() - 1) % matches.len()),
            "Enter" | "Tab" => {
                let chosen = matches[self.active.get_untracked().min(matches.len() - 1)].clone();
                self.choose(&chosen, textarea, set_text);
            }
            "Escape" => self.close(),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    fn choose(&self, admin: &Admin, textarea: NodeRef<html::Textarea>, set_text: Callback<String>) {
        let (Some(query), Some(el)) = (self.query.get_untracked(), textarea.get_untracked()) else {
            return;
        };
        let (text, cursor) = insert(&el.value(), &query, &admin.name);
        set_text.run(text);
        self.close();
        request_animation_frame(move || {
            let _ = el.focus();
            let _ = el.set_selection_range(cursor, cursor);
        });
    }
}

#[component]
pub fn MentionMenu(
    mentioning: Mentioning,
    textarea: NodeRef<html::Textarea>,
    set_text: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let active_id = move |index: usize| format!("mention-option-{index}");
    view! {
        <Show when=move || mentioning.is_open()>
            <ul class="mention-menu" role="listbox" data-testid="mention-menu" id="mention-menu"
                aria-label=i18n.text(Text::MentionMenu)>
                {move || mentioning.matches().into_iter().enumerate().map(|(index, admin)| {
                    let selected = move || mentioning.active.get() == index;
                    let chosen = admin.clone();
                    view! {
                        <li role="option" id=active_id(index) data-testid="mention-item"
                            class:active=selected aria-selected=move || selected().to_string()
                            on:mousedown=move |ev| {
                                // Keep the focus in the textarea.
                                ev.prevent_default();
                                mentioning.choose(&chosen, textarea, set_text);
                            }>
                            {admin.name.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// For `aria-activedescendant` on the textarea while the menu is open.
pub fn active_option(mentioning: Mentioning) -> Option<String> {
    mentioning
        .is_open()
        .then(|| format!("mention-option-{}", mentioning.active.get()))
}
