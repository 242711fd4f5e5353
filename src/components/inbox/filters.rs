//! The inbox's filters: search, status, assignee and reason, written to the
//! URL (so reload and back/forward keep them), which the desk page reads.

use crate::router::use_location;
use crate::router::Navigation;
use leptos::prelude::*;

use crate::api::types::Priority;
use crate::components::triage::priority_text;
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::filter::{normalized_tag, SnoozedFilter};
use crate::state::inbox::{AssignedFilter, FilterPart, InboxFilter, StatusFilter};
use crate::state::locale::I18n;
use crate::state::offered::Offered;

/// How long typing pauses before the search runs.
const SEARCH_DEBOUNCE_MS: u64 = 300;

#[component]
pub fn InboxFilters(filter: Memo<InboxFilter>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let apply = use_apply();
    // A select's handler: its value, written into the filter by `edit`.
    let on_change = {
        let apply = apply.clone();
        move |edit: fn(&mut InboxFilter, String)| {
            let apply = apply.clone();
            move |ev: leptos::ev::Event| {
                let mut next = filter.get_untracked();
                edit(&mut next, event_target_value(&ev));
                apply(next);
            }
        }
    };

    let on_change_triage = {
        let apply = apply.clone();
        move |next: InboxFilter| apply(next)
    };
    let more = RwSignal::new(false);
    let offered = Offered::expect();
    let search_text = RwSignal::new(filter.get_untracked().search);
    let on_remove = {
        let apply = apply.clone();
        Callback::new(move |part: FilterPart| {
            if part == FilterPart::Search {
                search_text.set(String::new());
            }
            apply(filter.get_untracked().without(part));
        })
    };

    let pending_search = StoredValue::new_local(None::<TimeoutHandle>);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        search_text.set(text.clone());
        if let Some(handle) = pending_search.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let apply = apply.clone();
        let run = move || {
            let search = text.trim().to_string();
            apply(InboxFilter {
                search,
                ..filter.get_untracked()
            })
        };
        let wait = std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS);
        pending_search.set_value(set_timeout_with_handle(run, wait).ok());
    };

    view! {
        <div class="inbox-filters" role="search">
            <input
                type="search"
                id="inbox-search"
                data-testid="search"
                placeholder=i18n.text(Text::SearchPlaceholder)
                aria-label=i18n.text(Text::SearchPlaceholder)
                prop:value=search_text
                on:input=on_search
            />
            <Show when=move || offered.with(|c| c.views)>
                <super::queues::QueueSelect filter=filter />
            </Show>
            <select data-testid="filter-status" aria-label=i18n.text(Text::FilterStatus)
                prop:value=move || filter.with(|f| f.status.as_str())
                on:change=on_change(|f, value| f.status = StatusFilter::parse(&value))>
                <option value="open">{i18n.text(Text::StatusOpenPlural)}</option>
                <option value="closed">{i18n.text(Text::StatusClosedPlural)}</option>
                <option value="all">{i18n.text(Text::StatusAll)}</option>
            </select>
            <select data-testid="filter-assigned" aria-label=i18n.text(Text::FilterAssigned)
                prop:value=move || filter.with(|f| f.assigned.to_param())
                on:change=on_change(|f, value| f.assigned = AssignedFilter::parse(&value))>
                <option value="any">{i18n.text(Text::AssignedAnyone)}</option>
                <option value="me">{i18n.text(Text::AssignedMe)}</option>
                <option value="unassigned">{i18n.text(Text::Unassigned)}</option>
                <For each=move || desk.admins.get() key=|a| a.id let(admin)>
                    <option value=admin.id.to_string()>{admin.name}</option>
                </For>
            </select>
            <button type="button" class="button-quiet filters-more-toggle" data-testid="filters-more"
                aria-expanded=move || more.get().to_string() aria-controls="inbox-filters-more"
                on:click=move |_| more.update(|m| *m = !*m)>
                {i18n.text(Text::FiltersMore)}
            </button>
        </div>
        // The filters used less often, folded: the rows get the height.
        <Show when=move || more.get()>
            <div class="inbox-filters inbox-filters-more" id="inbox-filters-more">
            <select data-testid="filter-reason" aria-label=i18n.text(Text::FilterReason)
                    prop:value=move || filter.with(|f| f.reason_id.map(|r| r.to_string()).unwrap_or_default())
                    on:change=on_change(|f, value| f.reason_id = value.parse().ok())>
                    <option value="">{i18n.text(Text::ReasonAny)}</option>
                    <For each=move || desk.reasons.get() key=|r| r.id let(reason)>
                        <option value=reason.id.to_string()>{reason.name}</option>
                    </For>
                </select>
                <TriageFilters filter=filter on_change=Callback::new(on_change_triage.clone()) />
            </div>
        </Show>
        <FilterChips filter=filter on_remove=on_remove />
    }
}

fn snoozed_text(snoozed: SnoozedFilter) -> Text {
    match snoozed {
        SnoozedFilter::Exclude => Text::SnoozedExclude,
        SnoozedFilter::Only => Text::SnoozedOnly,
        SnoozedFilter::Include => Text::SnoozedInclude,
    }
}

/// Priority, tag and snoozed (contract v3), each shown when offered.
#[component]
fn TriageFilters(filter: Memo<InboxFilter>, on_change: Callback<InboxFilter>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let offered = Offered::expect();
    let edit = move |change: fn(&mut InboxFilter, String)| {
        move |ev: leptos::ev::Event| {
            let mut next = filter.get_untracked();
            change(&mut next, event_target_value(&ev));
            on_change.run(next);
        }
    };
    view! {
        <Show when=move || offered.with(|c| c.priority)>
            <select data-testid="filter-priority" aria-label=i18n.text(Text::FilterPriority)
                prop:value=move || filter.with(|f| match f.priority.as_slice() { [one] => one.as_str(), _ => "" })
                on:change=edit(|f, value| f.priority = Priority::parse(&value).into_iter().collect())>
                <option value="">{i18n.text(Text::PriorityAny)}</option>
                {Priority::ALL.map(|p| view! { <option value=p.as_str()>{move || i18n.t(priority_text(p))}</option> })}
            </select>
        </Show>
        <Show when=move || offered.with(|c| c.tags)>
            <select data-testid="filter-tag" aria-label=i18n.text(Text::FilterTag)
                prop:value=move || filter.with(|f| f.tag.clone().unwrap_or_default())
                on:change=edit(|f, value| f.tag = normalized_tag(&value))>
                <option value="">{i18n.text(Text::TagAny)}</option>
                <For each=move || desk.tags.get() key=|tag| tag.clone() let(tag)>
                    <option value=tag.clone()>{tag.clone()}</option>
                </For>
            </select>
        </Show>
        <Show when=move || offered.with(|c| c.snooze)>
            <select data-testid="filter-snoozed" aria-label=i18n.text(Text::FilterSnoozed)
                prop:value=move || filter.with(|f| f.snoozed.as_str())
                on:change=edit(|f, value| f.snoozed = SnoozedFilter::parse(&value))>
                {[SnoozedFilter::Exclude, SnoozedFilter::Only, SnoozedFilter::Include]
                    .map(|s| view! { <option value=s.as_str()>{move || i18n.t(snoozed_text(s))}</option> })}
            </select>
        </Show>
    }
}

/// The filters in force, each a chip whose button removes it (the selects
/// show them too; the chips say at a glance why a list is short).
#[component]
fn FilterChips(filter: Memo<InboxFilter>, on_remove: Callback<FilterPart>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let name = move |part: FilterPart| -> String {
        filter.with(|f| match part {
            FilterPart::Status => i18n
                .t(match f.status {
                    StatusFilter::Open => Text::StatusOpenPlural,
                    StatusFilter::Closed => Text::StatusClosedPlural,
                    StatusFilter::All => Text::StatusAll,
                })
                .to_string(),
            FilterPart::Assigned => match f.assigned {
                AssignedFilter::Anyone => i18n.t(Text::AssignedAnyone).to_string(),
                AssignedFilter::Me => i18n.t(Text::AssignedMe).to_string(),
                AssignedFilter::Unassigned => i18n.t(Text::Unassigned).to_string(),
                AssignedFilter::Admin(id) => {
                    desk.admin_name(id).unwrap_or_else(|| format!("#{id}"))
                }
            },
            FilterPart::Reason => {
                let id = f.reason_id.unwrap_or_default();
                desk.reasons
                    .with(|reasons| reasons.iter().find(|r| r.id == id).map(|r| r.name.clone()))
                    .unwrap_or_else(|| format!("#{id}"))
            }
            FilterPart::Search => format!("“{}”", f.search),
            FilterPart::Priority => f
                .priority
                .iter()
                .map(|p| i18n.t(priority_text(*p)))
                .collect::<Vec<_>>()
                .join(", "),
            FilterPart::Tag => format!("#{}", f.tag.clone().unwrap_or_default()),
            FilterPart::Snoozed => i18n.t(snoozed_text(f.snoozed)).to_string(),
        })
    };
    view! {
        <Show when=move || filter.with(|f| !f.active().is_empty())>
            <ul class="filter-chips" data-testid="filter-chips">
                <For each=move || filter.with(InboxFilter::active) key=|part| *part let(part)>
                    <li class="filter-chip" data-testid="filter-chip">
                        <span>{move || name(part)}</span>
                        <button type="button" class="filter-chip-clear" data-testid="filter-chip-remove"
                            aria-label=move || fill(i18n.t(Text::FilterRemove), &[("name", &name(part))])
                            on:click=move |_| on_remove.run(part)>"×"</button>
                    </li>
                </For>
            </ul>
        </Show>
    }
}

/// Writes a filter to the URL, where the page reads it from.
pub(super) fn use_apply() -> impl Fn(InboxFilter) + Clone {
    let navigate = crate::router::use_navigate();
    let location = use_location();
    let base = crate::base::use_base();
    move |next: InboxFilter| {
        // An app path: the router adds the base back when navigating.
        let path = base.strip(&location.pathname.get_untracked());
        navigate(&format!("{path}{}", next.to_query()), Navigation::default());
    }
}
