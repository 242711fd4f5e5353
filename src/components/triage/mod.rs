//! Triage (contract v3): a ticket's priority, tags and snooze, as rows and
//! the thread's header show them, and the controls that change them.

mod controls;
mod snooze;

pub use controls::TriageControls;

use leptos::prelude::*;

use crate::api::types::{Priority, TicketSummary};
use crate::browser::DateStyle;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

/// The one mapping of priorities to their words.
pub fn priority_text(priority: Priority) -> Text {
    match priority {
        Priority::Urgent => Text::PriorityUrgent,
        Priority::High => Text::PriorityHigh,
        Priority::Normal => Text::PriorityNormal,
        Priority::Low => Text::PriorityLow,
    }
}

/// Priority (when not normal), tags and snooze of a ticket. Colour is never
/// the only sign: the priority is written, with a mark for urgent.
#[component]
pub fn TriageBadges(ticket: Signal<TicketSummary>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let priority = Memo::new(move |_| ticket.with(|t| t.priority));
    let tags = Memo::new(move |_| ticket.with(|t| t.tags.clone()));
    let snoozed = Memo::new(move |_| ticket.with(|t| t.snoozed_until.clone()));
    view! {
        <Show when=move || priority.get() != Priority::Normal>
            <span class="priority" data-testid="ticket-priority" data-priority=move || priority.get().as_str()>
                {move || i18n.t(priority_text(priority.get()))}
            </span>
        </Show>
        <For each=move || tags.get() key=|tag| tag.clone() let(tag)>
            <span class="tag" data-testid="ticket-tag">{tag}</span>
        </For>
        {move || snoozed.get().map(|until| view! { <SnoozedUntil until=until /> })}
    }
}

#[component]
pub(super) fn SnoozedUntil(until: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let when = move || crate::browser::format_as(&until, i18n.locale().tag(), DateStyle::DateTime);
    view! {
        <span class="snoozed" data-testid="ticket-snoozed">
            {move || fill(i18n.t(Text::SnoozedUntil), &[("when", &when())])}
        </span>
    }
}
