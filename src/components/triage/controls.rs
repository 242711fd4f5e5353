//! The open ticket's priority, tags and snooze, each changed optimistically
//! through the same update as status and assignment.

use leptos::prelude::*;

use super::priority_text;
use super::snooze::SnoozeMenu;
use crate::api::types::{Priority, TicketSummary};
use crate::api::TicketUpdate;
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::filter::normalized_tag;
use crate::state::locale::I18n;
use crate::state::offered::Offered;

/// Contract v3: at most this many tags on a ticket, each this long at most.
pub const TAGS_MAX: usize = 10;
pub const TAG_CHARS_MAX: usize = 32;

#[component]
pub fn TriageControls(
    ticket: Signal<TicketSummary>,
    on_update: Callback<TicketUpdate>,
) -> impl IntoView {
    let offered = Offered::expect();
    view! {
        <Show when=move || offered.with(|c| c.priority)>
            <PriorityPicker ticket=ticket on_update=on_update />
        </Show>
        <Show when=move || offered.with(|c| c.snooze)>
            <SnoozeMenu ticket=ticket on_update=on_update />
        </Show>
        <Show when=move || offered.with(|c| c.tags)>
            <TagEditor ticket=ticket on_update=on_update />
        </Show>
    }
}

#[component]
fn PriorityPicker(
    ticket: Signal<TicketSummary>,
    on_update: Callback<TicketUpdate>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(priority) = Priority::parse(&event_target_value(&ev)) {
            on_update.run(TicketUpdate {
                priority: Some(priority),
                ..Default::default()
            });
        }
    };
    view! {
        <label class="priority-select">
            <span class="visually-hidden">{move || i18n.t(Text::FilterPriority)}</span>
            <select id="ticket-priority" data-testid="priority-select"
                prop:value=move || ticket.with(|t| t.priority.as_str())
                on:change=on_change>
                {Priority::ALL.map(|p| view! { <option value=p.as_str()>{move || i18n.t(priority_text(p))}</option> })}
            </select>
        </label>
    }
}

/// The ticket's tags, each removable, and a field that adds one (Enter),
/// suggesting the tags in use.
#[component]
fn TagEditor(ticket: Signal<TicketSummary>, on_update: Callback<TicketUpdate>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let text = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let set_tags = move |tags: Vec<String>| {
        on_update.run(TicketUpdate {
            tags: Some(tags),
            ..Default::default()
        })
    };
    let add = move || {
        let Some(tag) = normalized_tag(&text.get_untracked()) else {
            return;
        };
        let mut tags = ticket.with_untracked(|t| t.tags.clone());
        if tags.contains(&tag) {
            text.set(String::new());
            return;
        }
        if tag.chars().count() > TAG_CHARS_MAX || tags.len() >= TAGS_MAX {
            invalid.set(true);
            return;
        }
        tags.push(tag.clone());
        invalid.set(false);
        text.set(String::new());
        desk.tag_used(&tag);
        set_tags(tags);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            add();
        }
    };
    view! {
        <div class="tag-editor" data-testid="tag-editor">
            <For each=move || ticket.with(|t| t.tags.clone()) key=|tag| tag.clone() let(tag)>
                <span class="tag">
                    {tag.clone()}
                    <button type="button" class="tag-remove" data-testid="tag-remove"
                        aria-label=fill(i18n.t(Text::TagRemove), &[("name", &tag)])
                        on:click={
                            let tag = tag.clone();
                            move |_| set_tags(ticket.with_untracked(|t| t.tags.iter().filter(|t| **t != tag).cloned().collect()))
                        }>"×"</button>
                </span>
            </For>
            <input type="text" class="tag-input" id="ticket-tag-input" data-testid="tag-input" list="tag-suggestions"
                maxlength="64" aria-label=move || i18n.t(Text::TagAdd) placeholder=move || i18n.t(Text::TagAdd)
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) on:keydown=on_keydown />
            <datalist id="tag-suggestions">
                <For each=move || desk.tags.get() key=|tag| tag.clone() let(tag)>
                    <option value=tag></option>
                </For>
            </datalist>
            <Show when=move || invalid.get()>
                <p class="field-error" role="alert" data-testid="tag-error">{move || i18n.t(Text::TagInvalid)}</p>
            </Show>
        </div>
    }
}
