//! Bulk changes on the inbox: a checkbox per row, the bar that acts on the
//! selection, and what the last change could not do.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::api::types::{Priority, TicketStatus};
use crate::api::TicketUpdate;
use crate::components::triage::priority_text;
use crate::hooks::bulk::Bulk;
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::locale::I18n;
use crate::state::snooze::SnoozeChoice;

/// A row's checkbox: click toggles, shift-click selects a range in the
/// inbox's current order.
#[component]
pub fn RowSelect(id: u64, subject: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let checked = move || desk.selection.with(|s| s.contains(id));
    let on_click = move |ev: MouseEvent| {
        if ev.shift_key() {
            let order: Vec<u64> = desk
                .inbox
                .with_untracked(|i| i.tickets().iter().map(|t| t.id).collect());
            desk.selection.update(|s| s.range_to(id, &order));
        } else {
            desk.selection.update(|s| s.toggle(id));
        }
    };
    let label = move || {
        fill(
            i18n.t(Text::BulkSelectRow),
            &[("subject", &subject), ("id", &id.to_string())],
        )
    };
    view! {
        <label class="row-select" title=i18n.text(Text::BulkKeyboardHint)>
            <input type="checkbox" data-testid="bulk-select" aria-label=label prop:checked=checked on:click=on_click />
        </label>
    }
}

#[component]
pub fn BulkBar(me: u64) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let bulk = expect_context::<Bulk>();
    let count = move || desk.selection.with(|s| s.len());
    // Its button was disabled while the change went out, which drops the
    // focus: once done, the list has it.
    Effect::new(move |was_busy: Option<bool>| {
        let busy = bulk.busy.get();
        if was_busy == Some(true) && !busy && crate::browser::focus::focus_lost() {
            crate::browser::focus::focus_soon(".ticket-row a");
        }
        busy
    });
    let set_status = move |status| {
        move |_| {
            bulk.run.run(TicketUpdate {
                status: Some(status),
                ..Default::default()
            })
        }
    };
    let on_assign = move |ev: leptos::ev::Event| {
        let value = take_choice(&ev);
        let assigned_to = match value.as_str() {
            "" => return,
            "none" => None,
            id => match id.parse::<u64>() {
                Ok(id) => Some(id),
                Err(_) => return,
            },
        };
        bulk.run.run(TicketUpdate {
            assigned_to: Some(assigned_to),
            ..Default::default()
        });
    };
    view! {
        <Show when=move || { count() > 0 || bulk.busy.get() }>
            <div class="bulk-bar" role="toolbar" data-testid="bulk-bar" aria-label=i18n.text(Text::BulkToolbar)>
                <div class="bulk-summary">
                    <span class="bulk-count" data-testid="bulk-count" aria-live="polite">
                        {move || if bulk.busy.get() {
                            i18n.t(Text::BulkBusy).to_string()
                        } else {
                            match count() {
                                1 => i18n.t(Text::BulkSelectedOne).to_string(),
                                n => fill(i18n.t(Text::BulkSelected), &[("count", &n.to_string())]),
                            }
                        }}
                    </span>
                    <button type="button" class="button-quiet" data-testid="bulk-clear" on:click=move |_| desk.selection.update(|s| s.clear())>
                        {i18n.text(Text::BulkClear)}
                    </button>
                </div>
                <button type="button" class="button-quiet" data-testid="bulk-close" aria-label=i18n.text(Text::BulkClose) disabled=bulk.busy on:click=set_status(TicketStatus::Closed)>
                    {i18n.text(Text::BulkCloseShort)}
                </button>
                <button type="button" class="button-quiet" data-testid="bulk-reopen" aria-label=i18n.text(Text::BulkReopen) disabled=bulk.busy on:click=set_status(TicketStatus::Open)>
                    {i18n.text(Text::TicketReopen)}
                </button>
                <select data-testid="bulk-assign" aria-label=i18n.text(Text::BulkAssign) disabled=bulk.busy prop:value="" on:change=on_assign>
                    <option value="">{i18n.text(Text::BulkAssignPlaceholder)}</option>
                    <option value=me.to_string()>{i18n.text(Text::AssignToMe)}</option>
                    <option value="none">{i18n.text(Text::Unassigned)}</option>
                    <For each=move || desk.admins.get().into_iter().filter(move |a| a.id != me) key=|a| a.id let(admin)>
                        <option value=admin.id.to_string()>{admin.name}</option>
                    </For>
                </select>
                <BulkTriage />
            </div>
        </Show>
    }
}

/// A select that is an action, not a state: its value, and back to its
/// placeholder.
fn take_choice(ev: &leptos::ev::Event) -> String {
    let value = event_target_value(ev);
    if let Some(select) = ev.target() {
        let _ = js_sys::Reflect::set(&select, &"value".into(), &"".into());
    }
    value
}

/// Priority, tags and snooze of the selection (contract v3), each when offered.
#[component]
fn BulkTriage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let bulk = expect_context::<Bulk>();
    let offered = crate::state::offered::Offered::expect();
    let run = move |update: Option<TicketUpdate>| {
        if let Some(update) = update {
            bulk.run.run(update);
        }
    };
    let on_priority = move |ev: leptos::ev::Event| {
        run(Priority::parse(&take_choice(&ev)).map(|p| TicketUpdate {
            priority: Some(p),
            ..Default::default()
        }))
    };
    let on_tag = move |ev: leptos::ev::Event| {
        let choice = take_choice(&ev);
        run(match choice.split_once(':') {
            Some(("add", tag)) => Some(TicketUpdate {
                tags_add: vec![tag.to_string()],
                ..Default::default()
            }),
            Some(("remove", tag)) => Some(TicketUpdate {
                tags_remove: vec![tag.to_string()],
                ..Default::default()
            }),
            _ => None,
        })
    };
    let on_snooze = move |ev: leptos::ev::Event| {
        let now = crate::browser::now_ms();
        let until = match take_choice(&ev).as_str() {
            "hour" => Some(SnoozeChoice::Hour),
            "tomorrow" => Some(SnoozeChoice::Tomorrow),
            "week" => Some(SnoozeChoice::NextWeek),
            "wake" => {
                return run(Some(TicketUpdate {
                    snoozed_until: Some(None),
                    ..Default::default()
                }))
            }
            _ => None,
        };
        run(until.map(|c| {
            let at =
                crate::browser::iso_time(c.until(now, crate::browser::zone_offset_minutes(now)));
            TicketUpdate {
                snoozed_until: Some(Some(at)),
                ..Default::default()
            }
        }))
    };
    view! {
        <Show when=move || offered.with(|c| c.priority)>
            <select data-testid="bulk-priority" aria-label=i18n.text(Text::FilterPriority) disabled=bulk.busy prop:value="" on:change=on_priority>
                <option value="">{i18n.text(Text::FilterPriority)}</option>
                {Priority::ALL.map(|p| view! { <option value=p.as_str()>{i18n.text(priority_text(p))}</option> })}
            </select>
        </Show>
        <Show when=move || offered.with(|c| c.tags)>
            <select data-testid="bulk-tags" aria-label=i18n.text(Text::Tags) disabled=bulk.busy prop:value="" on:change=on_tag>
                <option value="">{i18n.text(Text::Tags)}</option>
                <For each=move || desk.tags.get() key=|tag| tag.clone() let(tag)>
                    <option value=format!("add:{tag}")>"+ " {tag.clone()}</option>
                    <option value=format!("remove:{tag}")>"− " {tag.clone()}</option>
                </For>
            </select>
        </Show>
        <Show when=move || offered.with(|c| c.snooze)>
            <select data-testid="bulk-snooze" aria-label=i18n.text(Text::Snooze) disabled=bulk.busy prop:value="" on:change=on_snooze>
                <option value="">{i18n.text(Text::Snooze)}</option>
                <option value="hour">{i18n.text(Text::SnoozeHour)}</option>
                <option value="tomorrow">{i18n.text(Text::SnoozeTomorrow)}</option>
                <option value="week">{i18n.text(Text::SnoozeNextWeek)}</option>
                <option value="wake">{i18n.text(Text::Wake)}</option>
            </select>
        </Show>
    }
}

/// The tickets the last bulk change put back, each with the server's reason.
#[component]
pub fn BulkErrors() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let bulk = expect_context::<Bulk>();
    let line = move |failure: &crate::state::bulk::Failure, request: Option<String>| {
        let why = failure.why.clone().or(request).unwrap_or_default();
        let subject = if failure.subject.is_empty() {
            format!("#{}", failure.id)
        } else {
            failure.subject.clone()
        };
        fill(
            i18n.t(Text::BulkFailureItem),
            &[
                ("subject", &subject),
                ("id", &failure.id.to_string()),
                ("why", &why),
            ],
        )
    };
    view! {
        {move || bulk.report.get().map(|report| {
            let request = report.request_error.clone();
            let heading = match report.failures.len() {
                1 => i18n.t(Text::BulkFailedOne).to_string(),
                n => fill(i18n.t(Text::BulkFailed), &[("count", &n.to_string())]),
            };
            let lines: Vec<String> = report.failures.iter()
                .map(|f| line(f, request.as_ref().map(|e| e.message(i18n.locale()))))
                .collect();
            view! {
                <div class="bulk-errors" role="alert" data-testid="bulk-errors">
                    <p>{heading}</p>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <button type="button" class="button-quiet" data-testid="bulk-errors-dismiss" on:click=move |_| bulk.report.set(None)>
                        {i18n.text(Text::BulkDismiss)}
                    </button>
                </div>
            }
        })}
    }
}
