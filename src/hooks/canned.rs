//! The admin's canned replies, loaded once per session (and again after the
//! manager changes one), with the operations the manager needs.

use leptos::prelude::*;

use crate::api::types::{CannedFields, CannedReply, Capabilities};
use crate::api::{ApiClient, ApiError};
use crate::state::session::SessionStore;

/// Provided by the shell; read with `use_context::<CannedReplies>()`.
#[derive(Clone, Copy)]
pub struct CannedReplies {
    list: LocalResource<Result<Vec<CannedReply>, ApiError>>,
    offered: Signal<bool>,
    api: StoredValue<ApiClient>,
    me: Signal<Option<u64>>,
}

/// Asks for the list when the backend offers canned replies and someone is
/// signed in; asks again only for another admin or after [`CannedReplies::refresh`].
pub fn use_canned_replies(
    api: ApiClient,
    session: SessionStore,
    capabilities: Signal<Capabilities>,
) -> CannedReplies {
    // Memos: the list is asked for again only when these really change.
    let offered = Memo::new(move |_| capabilities.get().canned_replies);
    let me = Memo::new(move |_| session.admin().map(|a| a.id));
    let list = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, asking) = (api.clone(), offered.get() && me.get().is_some());
            async move {
                match asking {
                    true => api.canned_replies().await,
                    false => Ok(Vec::new()),
                }
            }
        }
    });
    CannedReplies {
        list,
        offered: offered.into(),
        api: StoredValue::new(api),
        me: me.into(),
    }
}

impl CannedReplies {
    /// Whether the backend offers canned replies at all.
    pub fn offered(&self) -> bool {
        self.offered.get()
    }

    /// The replies as last loaded; empty while the first load runs.
    pub fn all(&self) -> Vec<CannedReply> {
        self.list.get().and_then(Result::ok).unwrap_or_default()
    }

    /// Why the list could not be loaded, if it could not.
    pub fn error(&self) -> Option<ApiError> {
        self.list.get().and_then(Result::err)
    }

    pub fn refresh(&self) {
        self.list.refetch();
    }

    /// Whether the signed-in admin may change a reply (unknown owner: try,
    /// and let the backend say).
    pub fn is_mine(&self, reply: &CannedReply) -> bool {
        reply.owner_id.is_none() || reply.owner_id == self.me.get_untracked()
    }

    /// Creates (`id: None`) or changes a reply; the list follows on success.
    pub async fn save(
        self,
        id: Option<u64>,
        fields: CannedFields,
    ) -> Result<CannedReply, ApiError> {
        let api = self.api.get_value();
        let saved = api.save_canned_reply(id, &fields).await;
        if saved.is_ok() {
            self.refresh();
        }
        saved
    }

    pub async fn delete(self, id: u64) -> Result<(), ApiError> {
        let api = self.api.get_value();
        let deleted = api.delete_canned_reply(id).await;
        if deleted.is_ok() {
            self.refresh();
        }
        deleted
    }
}
