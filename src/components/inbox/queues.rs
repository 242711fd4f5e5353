//! The queues and saved views (contract v3) as one selector beside the
//! search, each with its count; choosing one shows it, through the URL like
//! every filter. Saving the filters in force as a view, and deleting one's
//! own, sit beside it.

use leptos::prelude::*;

use crate::api::types::{SavedView, ViewFields};
use crate::hooks::views::{use_views, Views};
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::InboxFilter;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;
use crate::state::views::{current, filters_of, moves, view_filter, Queue};

fn built_in_text(queue: Queue) -> Text {
    match queue {
        Queue::Open => Text::StatusOpenPlural,
        Queue::Mine => Text::QueueMine,
        Queue::Unassigned => Text::Unassigned,
        Queue::Snoozed | Queue::Saved(_) => Text::FilterSnoozed,
    }
}

#[component]
pub fn QueueSelect(filter: Memo<InboxFilter>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let views = use_views(expect_context::<Desk>());
    let me = expect_context::<SessionStore>().admin().map(|a| a.id);
    let apply = super::filters::use_apply();
    let now = Memo::new(move |_| views.list.with(|list| filter.with(|f| current(f, list))));
    let label = move |queue: Queue, name: &str| match views
        .counts
        .with(|c| c.get(&queue.count_key()).copied())
    {
        Some(count) => fill(
            i18n.t(Text::ViewCount),
            &[("name", name), ("count", &count.to_string())],
        ),
        None => name.to_string(),
    };
    let count = move |queue: Queue| {
        views
            .counts
            .with(|c| c.get(&queue.count_key()).map(u64::to_string))
    };
    let on_change = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        let chosen = Queue::BUILT_IN
            .into_iter()
            .find(|q| q.count_key() == key)
            .and_then(Queue::built_in_filter)
            .or_else(|| {
                views.list.with_untracked(|list| {
                    list.iter()
                        .find(|v| Queue::Saved(v.id).count_key() == key)
                        .map(|v| view_filter(&v.filters))
                })
            });
        if let Some(filter) = chosen {
            apply(filter);
        }
    };
    let own_view = move || match now.get() {
        Some(Queue::Saved(id)) => views.list.with(|list| {
            list.iter()
                .find(|v| v.id == id && (v.owner_id.is_none() || v.owner_id == me))
                .cloned()
        }),
        _ => None,
    };
    view! {
        <select class="queue-select" data-testid="queue-select" aria-label=i18n.text(Text::Views)
            prop:value=move || now.get().map(Queue::count_key).unwrap_or_default() on:change=on_change>
            <option value="" disabled=true>{i18n.text(Text::ViewCustom)}</option>
            {Queue::BUILT_IN.map(|queue| view! {
                <option value=queue.count_key() data-testid="queue" data-queue=queue.count_key() data-count=move || count(queue)>
                    {move || label(queue, i18n.t(built_in_text(queue)))}
                </option>
            })}
            <For each=move || views.list.get() key=|v| (v.id, v.name.clone()) let(view)>
                <option value=Queue::Saved(view.id).count_key() data-testid="queue" data-queue=Queue::Saved(view.id).count_key()
                    data-count=move || count(Queue::Saved(view.id))>
                    {move || label(Queue::Saved(view.id), &view.name)}
                </option>
            </For>
        </select>
        {move || match now.get() {
            None => Some(view! { <SaveView filter=filter views=views editing=None /> }.into_any()),
            Some(_) => own_view().map(|view| view! { <OwnView view=view views=views /> }.into_any()),
        }}
    }
}

/// What the admin may do with their own view: rename it, move it, delete it.
#[component]
fn OwnView(view: SavedView, views: Views) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (id, name) = (view.id, view.name.clone());
    let renaming = RwSignal::new(false);
    let filter = Memo::new({
        let filters = view.filters.clone();
        move |_| view_filter(&filters)
    });
    let me = expect_context::<SessionStore>().admin().map(|a| a.id);
    let moving = move |step: i64| {
        move |_| {
            let (list, saves) = views.list.with_untracked(|list| {
                let mine = |v: &SavedView| v.owner_id.is_none() || v.owner_id == me;
                (list.clone(), moves(list, id, step, mine))
            });
            for (view_id, position) in saves {
                if let Some(view) = list.iter().find(|v| v.id == view_id) {
                    let fields = ViewFields {
                        position: Some(position),
                        ..view.fields()
                    };
                    views.save.dispatch_local((Some(view_id), fields));
                }
            }
        }
    };
    let named = move |text: Text| fill(i18n.t(text), &[("name", &name)]);
    view! {
        <Show when=move || renaming.get() fallback={
            let named = named.clone();
            move || view! {
                <span class="view-actions">
                    <button type="button" class="button-quiet" data-testid="view-rename" aria-label=named(Text::ViewRename)
                        title=named(Text::ViewRename) on:click=move |_| renaming.set(true)>"✎"</button>
                    <button type="button" class="button-quiet" data-testid="view-earlier" aria-label=named(Text::ViewEarlier)
                        title=named(Text::ViewEarlier) on:click=moving(-1)>"↑"</button>
                    <button type="button" class="button-quiet" data-testid="view-later" aria-label=named(Text::ViewLater)
                        title=named(Text::ViewLater) on:click=moving(1)>"↓"</button>
                    <button type="button" class="button-quiet" data-testid="view-delete" aria-label=named(Text::ViewDelete)
                        title=named(Text::ViewDelete) on:click=move |_| { views.delete.dispatch_local(id); }>"×"</button>
                </span>
            }
        }>
            <SaveView filter=filter views=views editing=Some(view.clone()) />
        </Show>
    }
}

/// Saves the filters in force as a new view named by the admin, or
/// renames the view being edited (then the form is open from the start).
#[component]
fn SaveView(filter: Memo<InboxFilter>, views: Views, editing: Option<SavedView>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let naming = RwSignal::new(editing.is_some());
    let name = RwSignal::new(editing.as_ref().map(|v| v.name.clone()).unwrap_or_default());
    let shared = RwSignal::new(editing.as_ref().is_some_and(|v| v.shared));
    let pending = views.save.pending();
    let failed = move || {
        views.save.value().with(|v| match v {
            Some(Err(e)) => Some(e.message(i18n.locale())),
            _ => None,
        })
    };
    let editing = StoredValue::new(editing);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let editing = editing.get_value();
        let text = name.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let shared = shared.get_untracked();
        let fields = match &editing {
            Some(view) => ViewFields {
                name: text,
                shared,
                ..view.fields()
            },
            None => ViewFields {
                name: text,
                filters: filters_of(&filter.get_untracked()),
                shared,
                position: None,
            },
        };
        views
            .save
            .dispatch_local((editing.as_ref().map(|v| v.id), fields));
        naming.set(false);
        name.set(String::new());
    };
    view! {
        <Show when=move || naming.get() fallback=move || view! {
            <button type="button" class="button-quiet" data-testid="view-save-open" on:click=move |_| naming.set(true)>
                {i18n.text(Text::ViewSave)}
            </button>
        }>
            <form class="view-save" data-testid="view-save" on:submit=on_submit>
                <input type="text" data-testid="view-name" maxlength="60" required
                    aria-label=i18n.text(Text::ViewName) placeholder=i18n.text(Text::ViewName)
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <label><input type="checkbox" data-testid="view-shared" prop:checked=shared
                    on:change=move |ev| shared.set(event_target_checked(&ev)) />{i18n.text(Text::ViewShared)}</label>
                <button type="submit" disabled=move || pending.get()>{i18n.text(Text::ViewSave)}</button>
            </form>
        </Show>
        {move || failed().map(|why| view! { <p class="field-error" role="alert" data-testid="view-save-error">{why}</p> })}
    }
}
