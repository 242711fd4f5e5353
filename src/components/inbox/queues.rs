//! The queues and saved views beside the filters (contract v3), each with
//! its count; a click shows it, through the URL like every filter.

use leptos::prelude::*;

use crate::api::types::ViewFields;
use crate::hooks::views::{use_views, Views};
use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::InboxFilter;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;
use crate::state::views::{current, filters_of, view_filter, Queue};

fn queue_text(queue: Queue) -> Text {
    match queue {
        Queue::Open => Text::StatusOpenPlural,
        Queue::Mine => Text::QueueMine,
        Queue::Unassigned => Text::Unassigned,
        Queue::Snoozed | Queue::Saved(_) => Text::FilterSnoozed,
    }
}

#[component]
pub fn QueueList(filter: Memo<InboxFilter>) -> impl IntoView {
    let apply = super::filters::use_apply();
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let views = use_views(desk);
    let me = expect_context::<SessionStore>().admin().map(|a| a.id);
    let now = Memo::new(move |_| views.list.with(|list| filter.with(|f| current(f, list))));
    let count = move |queue: Queue| views.counts.with(|c| c.get(&queue.count_key()).copied());
    let entry = move |queue: Queue, name: Signal<String>, to: InboxFilter| {
        let label = move || match count(queue) {
            Some(n) => fill(
                i18n.t(Text::ViewCount),
                &[("name", &name.get()), ("count", &n.to_string())],
            ),
            None => name.get(),
        };
        view! {
            <button type="button" class="queue" data-testid="queue" data-queue=queue.count_key()
                aria-current=move || (now.get() == Some(queue)).then_some("true") aria-label=label
                on:click={ let apply = apply.clone(); move |_| apply(to.clone()) }>
                <span class="queue-name">{move || name.get()}</span>
                <span class="queue-count" data-testid="queue-count">{move || count(queue).map(|n| n.to_string())}</span>
            </button>
        }
    };
    view! {
        <nav class="queues" data-testid="queues" aria-label=i18n.text(Text::Views)>
            {Queue::BUILT_IN.map(|queue| {
                let name = Signal::derive(move || i18n.t(queue_text(queue)).to_string());
                entry(queue, name, queue.built_in_filter().unwrap_or_default())
            })}
            <For each=move || views.list.get() key=|v| (v.id, v.name.clone(), v.filters.clone()) let(view)>
                <span class="queue-saved">
                    {entry(Queue::Saved(view.id), Signal::stored(view.name.clone()), view_filter(&view.filters))}
                    <Show when=move || view.owner_id.is_none() || view.owner_id == me>
                        <button type="button" class="queue-delete" data-testid="view-delete"
                            aria-label=fill(i18n.t(Text::ViewDelete), &[("name", &view.name)])
                            on:click=move |_| { views.delete.dispatch_local(view.id); }>"×"</button>
                    </Show>
                </span>
            </For>
            <Show when=move || now.get().is_none()>
                <SaveView filter=filter views=views />
            </Show>
        </nav>
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
    let failed = move || views.save.value().with(|v| matches!(v, Some(Err(_))));
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
        <Show when=failed>
            <p class="field-error" role="alert" data-testid="view-save-error">{move || views.save.value().with(|v| match v { Some(Err(e)) => e.message(i18n.locale()), _ => String::new() })}</p>
        </Show>
    }
}
