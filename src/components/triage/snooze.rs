//! The snooze menu of the open ticket: quick choices in the admin's zone,
//! a date and time, and waking a snoozed ticket.

use leptos::prelude::*;

use crate::api::types::TicketSummary;
use crate::api::TicketUpdate;
use crate::browser::{iso_time, local_input_ms, now_ms, zone_offset_minutes};
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::snooze::SnoozeChoice;

fn choice_text(choice: SnoozeChoice) -> Text {
    match choice {
        SnoozeChoice::Hour => Text::SnoozeHour,
        SnoozeChoice::Evening => Text::SnoozeEvening,
        SnoozeChoice::Tomorrow => Text::SnoozeTomorrow,
        SnoozeChoice::NextWeek => Text::SnoozeNextWeek,
    }
}

#[component]
pub fn SnoozeMenu(
    ticket: Signal<TicketSummary>,
    on_update: Callback<TicketUpdate>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let open = RwSignal::new(false);
    let snooze = move |until_ms: f64| {
        open.set(false);
        on_update.run(TicketUpdate {
            snoozed_until: Some(Some(iso_time(until_ms))),
            ..Default::default()
        });
    };
    let at = RwSignal::new(String::new());
    let snoozed = move || ticket.with(|t| t.snoozed_until.is_some());
    let choices = move || {
        let now = now_ms();
        SnoozeChoice::offered(now, zone_offset_minutes(now))
    };
    view! {
        <div class="snooze">
            {move || ticket.with(|t| t.snoozed_until.clone()).map(|until| view! { <super::SnoozedUntil until=until /> })}
            <Show when=snoozed>
                <button type="button" class="button-quiet" data-testid="wake"
                    on:click=move |_| on_update.run(TicketUpdate { snoozed_until: Some(None), ..Default::default() })>
                    {i18n.text(Text::Wake)}
                </button>
            </Show>
            <button type="button" class="button-quiet" id="snooze-toggle" data-testid="snooze-toggle"
                aria-expanded=move || open.get().to_string() aria-controls="snooze-menu"
                on:click=move |_| open.update(|o| *o = !*o)>
                {i18n.text(Text::Snooze)}
            </button>
            <Show when=move || open.get()>
                <div class="snooze-menu" id="snooze-menu" data-testid="snooze-menu">
                    <For each=choices key=|c| *c let(choice)>
                        <button type="button" class="button-quiet" data-testid="snooze-choice"
                            on:click=move |_| { let now = now_ms(); snooze(choice.until(now, zone_offset_minutes(now))) }>
                            {move || i18n.t(choice_text(choice))}
                        </button>
                    </For>
                    <label class="snooze-at">
                        <span>{i18n.text(Text::SnoozeAt)}</span>
                        <input type="datetime-local" data-testid="snooze-at" prop:value=at
                            on:input=move |ev| at.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" data-testid="snooze-at-set"
                        disabled=move || at.with(|v| local_input_ms(v).is_none_or(|ms| ms <= now_ms()))
                        on:click=move |_| if let Some(ms) = local_input_ms(&at.get_untracked()) { snooze(ms) }>
                        {i18n.text(Text::SnoozeSet)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
