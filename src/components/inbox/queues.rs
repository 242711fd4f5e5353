//! The queues and saved views (contract v3) as one selector beside the
//! search, each with its count; choosing one shows it, through the URL like
//! every filter. Saving the filters in force as a view, and deleting one's
//! own, sit beside it.

use leptos::prelude::*;

use crate::api::types::ViewFields;
use crate::hooks::views::{use_views, Views};
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::InboxFilter;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;
use crate::state::views::{current, filters_of, view_filter, Queue};

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
                .map(|v| (v.id, v.name.clone()))
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
        {move || match (now.get(), own_view()) {
            (None, _) => Some(view! { <SaveView filter=filter views=views /> }.into_any()),
            (Some(_), Some((id, name))) => Some(view! {
                <button type="button" class="button-quiet" data-testid="view-delete"
                    aria-label=fill(i18n.t(Text::ViewDelete), &[("name", &name)]) title=fill(i18n.t(Text::ViewDelete), &[("name", &name)])
                    on:click=move |_| { views.delete.dispatch_local(id); }>"×"</button>
            }.into_any()),
            (Some(_), None) => None,
        }}
    }
}

/// Saves the filters in force as a view, named by the admin.
#[component]
fn SaveView(filter: Memo<InboxFilter>, views: Views) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let pending = views.save.pending();
    let failed = move || {
        views.save.value().with(|v| match v {
            Some(Err(e)) => Some(e.message(i18n.locale())),
            _ => None,
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let fields = ViewFields {
            name: text,
            filters: filters_of(&filter.get_untracked()),
            shared: shared.get_untracked(),
        };
        views.save.dispatch_local((None, fields));
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
