//! Queues and saved views (contract v3): the admin's views, loaded once and
//! again after a change, and the counts of every queue, asked for again
//! after changes at most once per `COUNTS_EVERY_MS`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::types::{SavedView, ViewFields};
use crate::api::{ApiClient, ApiError};
use crate::state::desk::Desk;
use crate::state::offered::Offered;
use crate::state::views::{ordered, Counts, CountsSchedule};

#[derive(Clone, Copy)]
pub struct Views {
    pub list: RwSignal<Vec<SavedView>>,
    pub counts: RwSignal<Counts>,
    /// Saves a view (`None`: a new one); the list follows.
    pub save: Action<(Option<u64>, ViewFields), Result<SavedView, ApiError>>,
    pub delete: Action<u64, Result<(), ApiError>>,
}

pub fn use_views(desk: Desk) -> Views {
    let api = expect_context::<ApiClient>();
    let offered = Memo::new(move |_| Offered::expect().with(|c| c.views));
    let list = RwSignal::new(Vec::<SavedView>::new());
    let counts = RwSignal::new(Counts::new());

    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move {
                if let Ok(views) = api.views().await {
                    list.try_set(ordered(views));
                }
            });
        }
    };
    Effect::new({
        let load = load.clone();
        move |_| {
            if offered.get() {
                load();
            }
        }
    });
    follow_counts(api.clone(), desk, offered, list, counts);

    let save = Action::new_local({
        let (api, load) = (api.clone(), load.clone());
        move |(id, fields): &(Option<u64>, ViewFields)| {
            let (api, id, fields, load) = (api.clone(), *id, fields.clone(), load.clone());
            async move {
                let saved = api.save_view(id, &fields).await;
                if saved.is_ok() {
                    load();
                }
                saved
            }
        }
    });
    let delete = Action::new_local(move |id: &u64| {
        let (api, id, load) = (api.clone(), *id, load.clone());
        async move {
            let deleted = api.delete_view(id).await;
            if deleted.is_ok() {
                list.try_update(|views| views.retain(|v| v.id != id));
                load();
            }
            deleted
        }
    });
    Views {
        list,
        counts,
        save,
        delete,
    }
}

/// Any change of the inbox (a live event, a write of this admin, a page)
/// or of the views may change a count: the counts are asked for again, at once after a
/// quiet while, else once the interval since the last request has passed.
fn follow_counts(
    api: ApiClient,
    desk: Desk,
    offered: Memo<bool>,
    list: RwSignal<Vec<SavedView>>,
    counts: RwSignal<Counts>,
) {
    let schedule = StoredValue::new(CountsSchedule::default());
    let ask = move || {
        if schedule
            .try_update_value(|s| s.asking(crate::browser::now_ms()))
            .is_none()
        {
            return; // the desk is gone
        }
        let api = api.clone();
        spawn_local(async move {
            if let Ok(answer) = api.view_counts().await {
                counts.try_set(answer);
            }
        });
    };
    Effect::new(move |_| {
        desk.inbox.track();
        // A view saved or deleted has its count asked for too.
        list.track();
        if !offered.get() {
            return;
        }
        let Some(wait) = schedule
            .try_update_value(|s| s.changed(crate::browser::now_ms()))
            .flatten()
        else {
            return;
        };
        let ask = ask.clone();
        set_timeout(ask, std::time::Duration::from_millis(wait as u64));
    });
}
