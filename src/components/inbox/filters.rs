//! The inbox's filters: search, status, assignee and reason, written to the
//! URL (so reload and back/forward keep them), which the desk page reads.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;

use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::{AssignedFilter, FilterPart, InboxFilter, StatusFilter};
use crate::state::locale::I18n;

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
                placeholder=move || i18n.t(Text::SearchPlaceholder)
                aria-label=move || i18n.t(Text::SearchPlaceholder)
                prop:value=search_text
                on:input=on_search
            />
            <select data-testid="filter-status" aria-label=move || i18n.t(Text::FilterStatus)
                prop:value=move || filter.with(|f| f.status.as_str())
                on:change=on_change(|f, value| f.status = StatusFilter::parse(&value))>
                <option value="open">{move || i18n.t(Text::StatusOpenPlural)}</option>
                <option value="closed">{move || i18n.t(Text::StatusClosedPlural)}</option>
                <option value="all">{move || i18n.t(Text::StatusAll)}</option>
            </select>
            <select data-testid="filter-assigned" aria-label=move || i18n.t(Text::FilterAssigned)
                prop:value=move || filter.with(|f| f.assigned.to_param())
                on:change=on_change(|f, value| f.assigned = AssignedFilter::parse(&value))>
                <option value="any">{move || i18n.t(Text::AssignedAnyone)}</option>
                <option value="me">{move || i18n.t(Text::AssignedMe)}</option>
                <option value="unassigned">{move || i18n.t(Text::Unassigned)}</option>
                <For each=move || desk.admins.get() key=|a| a.id let(admin)>
                    <option value=admin.id.to_string()>{admin.name}</option>
                </For>
            </select>
            <select data-testid="filter-reason" aria-label=move || i18n.t(Text::FilterReason)
                prop:value=move || filter.with(|f| f.reason_id.map(|r| r.to_string()).unwrap_or_default())
                on:change=on_change(|f, value| f.reason_id = value.parse().ok())>
                <option value="">{move || i18n.t(Text::ReasonAny)}</option>
                <For each=move || desk.reasons.get() key=|r| r.id let(reason)>
                    <option value=reason.id.to_string()>{reason.name}</option>
                </For>
            </select>
        </div>
        <FilterChips filter=filter on_remove=on_remove />
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
fn use_apply() -> impl Fn(InboxFilter) + Clone {
    let navigate = crate::base::use_app_navigate();
    let location = use_location();
    let base = crate::base::use_base();
    move |next: InboxFilter| {
        // An app path: the router adds the base back when navigating.
        let path = base.strip(&location.pathname.get_untracked());
        navigate(
            &format!("{path}{}", next.to_query()),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    }
}
