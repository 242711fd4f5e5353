//! Typed client for the backend contract's REST API.

mod client;
pub mod error;
pub mod events;
pub mod types;
mod upload;

pub use client::{decode, read_retry_delay_ms, ApiClient, Auth};
pub use error::ApiError;

use serde::{Deserialize, Serialize};
use serde_json::json;

use types::{
    Admin, BulkAnswer, CannedFields, CannedReply, Capabilities, Credentials, CustomerContext,
    LoginAnswer, Message, MessageKind, Page, Priority, Reason, SavedView, StoredMention, TagCount,
    TicketDetail, TicketStatus, TicketSummary, ViewFields, Wrapped, Writing,
};

impl ApiClient {
    pub async fn login(&self, email: &str, password: &str) -> Result<LoginAnswer, ApiError> {
        let url = self.config().admin_url("/auth/login");
        self.post(&url, Some(&Credentials { email, password }))
            .await
    }

    /// Revokes the current token. The token is read now, not when the future
    /// first runs, so the caller may forget the session right away.
    pub fn logout(&self) -> impl std::future::Future<Output = Result<(), ApiError>> + 'static {
        self.revoke(self.token())
    }

    /// Signs out the session of `token`: this tab's, or one another tab's
    /// sign-out ended here.
    pub fn revoke(
        &self,
        token: Option<String>,
    ) -> impl std::future::Future<Output = Result<(), ApiError>> + 'static {
        let client = self.clone();
        let url = self.config().admin_url("/auth/logout");
        async move {
            client
                .send_as(token, gloo_net::http::Method::POST, &url, None::<&()>)
                .await
        }
    }

    pub async fn me(&self) -> Result<Admin, ApiError> {
        let url = self.config().admin_url("/auth/me");
        self.get::<Wrapped<Admin>>(&url).await.map(|w| w.data)
    }

    /// One page of the inbox, most recent activity first. `query` is the
    /// contract's list filter (`status=…&assigned=…`), without paging.
    pub async fn tickets(&self, query: &str, page: u32) -> Result<Page<TicketSummary>, ApiError> {
        let url = self.config().admin_url(&format!(
            "/support/tickets?{query}&sort=-last_message_at&page={page}&per_page={TICKETS_PER_PAGE}"
        ));
        let answer: serde_json::Value = self.get(&url).await?;
        Page::from_value(answer).map_err(|detail| ApiError::UnexpectedAnswer { detail })
    }

    /// What the backend offers beyond v1; a v1 backend answers 404: nothing.
    pub async fn capabilities(&self) -> Result<Capabilities, ApiError> {
        let url = self.config().admin_url("/capabilities");
        match self.get::<Wrapped<Capabilities>>(&url).await {
            Ok(w) => Ok(w.data),
            Err(ApiError::NotFound) => Ok(Capabilities::default()),
            Err(other) => Err(other),
        }
    }

    pub async fn admins(&self) -> Result<Vec<Admin>, ApiError> {
        let url = self.config().admin_url("/support/admins");
        self.get::<Wrapped<Vec<Admin>>>(&url).await.map(|w| w.data)
    }

    pub async fn reasons(&self) -> Result<Vec<Reason>, ApiError> {
        let url = self.config().api_url_for("/support/reasons");
        self.get::<Wrapped<Vec<Reason>>>(&url).await.map(|w| w.data)
    }

    /// A ticket with its newest messages.
    pub async fn ticket(&self, id: u64) -> Result<TicketDetail, ApiError> {
        let url = self.config().admin_url(&format!("/support/tickets/{id}"));
        self.get::<Wrapped<TicketDetail>>(&url)
            .await
            .map(|w| w.data)
    }

    /// Messages older than `before_id`, oldest first, and whether more exist.
    pub async fn messages_before(
        &self,
        ticket_id: u64,
        before_id: u64,
    ) -> Result<MessagePage, ApiError> {
        self.messages(ticket_id, &format!("before_id={before_id}"))
            .await
    }

    /// Messages newer than `after_id` (catching up after a gap).
    pub async fn messages_after(
        &self,
        ticket_id: u64,
        after_id: u64,
    ) -> Result<MessagePage, ApiError> {
        self.messages(ticket_id, &format!("after_id={after_id}"))
            .await
    }

    /// One message as the server has it now (fresh attachment URLs): the
    /// first message after the one before it.
    pub async fn message(
        &self,
        ticket_id: u64,
        message_id: u64,
    ) -> Result<Option<Message>, ApiError> {
        let url = self.config().admin_url(&format!(
            "/support/tickets/{ticket_id}/messages?after_id={}&limit=1",
            message_id.saturating_sub(1)
        ));
        let page: MessagePage = self.get(&url).await?;
        Ok(page.data.into_iter().find(|m| m.id == message_id))
    }

    async fn messages(&self, ticket_id: u64, window: &str) -> Result<MessagePage, ApiError> {
        let url = self.config().admin_url(&format!(
            "/support/tickets/{ticket_id}/messages?{window}&limit=100"
        ));
        self.get(&url).await
    }

    /// Sends a reply, or an internal note. Every attempt of the same one
    /// carries the same `idempotency_key`, so a backend that honours it
    /// stores it once.
    pub async fn write(
        &self,
        ticket_id: u64,
        writing: &Writing,
        idempotency_key: &str,
    ) -> Result<Message, ApiError> {
        let url = self.write_url(ticket_id, writing.kind);
        let body = match writing.kind {
            MessageKind::Reply => json!({ "message": writing.text }),
            MessageKind::Note => json!({ "body": writing.text, "mentions": writing.mentions }),
        };
        self.send_with::<Wrapped<Message>, _>(
            gloo_net::http::Method::POST,
            &url,
            Some(&body),
            &[(IDEMPOTENCY_HEADER, idempotency_key)],
        )
        .await
        .map(|w| w.data)
    }

    /// Where replies and notes of a ticket are posted.
    fn write_url(&self, ticket_id: u64, kind: MessageKind) -> String {
        let collection = match kind {
            MessageKind::Reply => "messages",
            MessageKind::Note => "notes",
        };
        self.config()
            .admin_url(&format!("/support/tickets/{ticket_id}/{collection}"))
    }

    pub async fn update_ticket(
        &self,
        ticket_id: u64,
        update: &TicketUpdate,
    ) -> Result<TicketSummary, ApiError> {
        let url = self
            .config()
            .admin_url(&format!("/support/tickets/{ticket_id}"));
        self.patch::<Wrapped<TicketSummary>, _>(&url, update)
            .await
            .map(|w| w.data)
    }

    /// Contract v2: one change to up to [`BULK_MAX_IDS`] tickets at once;
    /// each ticket succeeds or fails on its own.
    pub async fn update_tickets(
        &self,
        ids: &[u64],
        update: &TicketUpdate,
    ) -> Result<BulkAnswer, ApiError> {
        let url = self.config().admin_url("/support/tickets");
        self.patch(&url, &BulkUpdate { ids, update }).await
    }

    /// Marks the customer's messages of a ticket read.
    pub async fn mark_read(&self, ticket_id: u64) -> Result<(), ApiError> {
        let url = self
            .config()
            .admin_url(&format!("/support/tickets/{ticket_id}/read"));
        self.post(&url, None::<&()>).await
    }

    /// Contract v3 `viewers`: this admin is on the ticket, typing or not.
    /// The server stamps who, whatever Pusher server relays the news.
    pub async fn viewing(&self, ticket_id: u64, typing: bool) -> Result<(), ApiError> {
        let url = self
            .config()
            .admin_url(&format!("/support/tickets/{ticket_id}/viewing"));
        self.send(
            gloo_net::http::Method::PUT,
            &url,
            Some(&json!({ "typing": typing })),
        )
        .await
    }

    /// Contract v3 `viewers`: who is on which ticket now, by ticket id.
    pub async fn all_viewers(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<types::Viewer>>, ApiError> {
        let url = self.config().admin_url("/support/viewers");
        self.get::<Wrapped<_>>(&url).await.map(|w| w.data)
    }

    /// Contract v3 `viewers`: this admin left the ticket.
    pub fn stop_viewing(
        &self,
        ticket_id: u64,
    ) -> impl std::future::Future<Output = Result<(), ApiError>> + 'static {
        let client = self.clone();
        let url = self
            .config()
            .admin_url(&format!("/support/tickets/{ticket_id}/viewing"));
        async move {
            client
                .send(gloo_net::http::Method::DELETE, &url, None::<&()>)
                .await
        }
    }

    /// Contract v2: the admin's own canned replies and every shared one.
    pub async fn canned_replies(&self) -> Result<Vec<CannedReply>, ApiError> {
        let url = self.config().admin_url("/support/canned-replies");
        self.get::<Wrapped<Vec<CannedReply>>>(&url)
            .await
            .map(|w| w.data)
    }

    /// Creates a canned reply (`id: None`) or changes one of the admin's own.
    pub async fn save_canned_reply(
        &self,
        id: Option<u64>,
        fields: &CannedFields,
    ) -> Result<CannedReply, ApiError> {
        let answer = match id {
            None => {
                let url = self.config().admin_url("/support/canned-replies");
                self.post::<Wrapped<CannedReply>, _>(&url, Some(fields))
                    .await
            }
            Some(id) => {
                let url = self
                    .config()
                    .admin_url(&format!("/support/canned-replies/{id}"));
                self.patch::<Wrapped<CannedReply>, _>(&url, fields).await
            }
        };
        answer.map(|w| w.data)
    }

    pub async fn delete_canned_reply(&self, id: u64) -> Result<(), ApiError> {
        let url = self
            .config()
            .admin_url(&format!("/support/canned-replies/{id}"));
        self.send(gloo_net::http::Method::DELETE, &url, None::<&()>)
            .await
    }

    /// Contract v3: the tags in use, most used first.
    pub async fn tags(&self) -> Result<Vec<TagCount>, ApiError> {
        let url = self.config().admin_url("/support/tags");
        self.get::<Wrapped<Vec<TagCount>>>(&url)
            .await
            .map(|w| w.data)
    }

    /// Contract v3: the admin's own saved views and every shared one.
    pub async fn views(&self) -> Result<Vec<SavedView>, ApiError> {
        let url = self.config().admin_url("/views");
        self.get::<Wrapped<Vec<SavedView>>>(&url)
            .await
            .map(|w| w.data)
    }

    /// Saves a new view (`id: None`) or changes one of the admin's own.
    pub async fn save_view(
        &self,
        id: Option<u64>,
        fields: &ViewFields,
    ) -> Result<SavedView, ApiError> {
        let answer = match id {
            None => {
                self.post::<Wrapped<SavedView>, _>(&self.config().admin_url("/views"), Some(fields))
                    .await
            }
            Some(id) => {
                let url = self.config().admin_url(&format!("/views/{id}"));
                self.patch::<Wrapped<SavedView>, _>(&url, fields).await
            }
        };
        answer.map(|w| w.data)
    }

    pub async fn delete_view(&self, id: u64) -> Result<(), ApiError> {
        let url = self.config().admin_url(&format!("/views/{id}"));
        self.send(gloo_net::http::Method::DELETE, &url, None::<&()>)
            .await
    }

    /// Contract v3: how many tickets each queue and saved view holds, by key
    /// (`open`, `mine`, `unassigned`, `snoozed`, `view:{id}`).
    pub async fn view_counts(&self) -> Result<std::collections::BTreeMap<String, u64>, ApiError> {
        let url = self.config().admin_url("/views/counts");
        self.get::<Wrapped<std::collections::BTreeMap<String, u64>>>(&url)
            .await
            .map(|w| w.data)
    }

    /// Contract v3 `mentions_list`: the admin's mentions, newest first.
    pub async fn mentions(&self) -> Result<Page<StoredMention>, ApiError> {
        let url = self.config().admin_url("/mentions?per_page=50");
        let answer: serde_json::Value = self.get(&url).await?;
        Page::from_value(answer).map_err(|detail| ApiError::UnexpectedAnswer { detail })
    }

    pub async fn mention_read(&self, id: u64) -> Result<(), ApiError> {
        let url = self.config().admin_url(&format!("/mentions/{id}/read"));
        self.post(&url, None::<&()>).await
    }

    /// Contract v2: who a customer is and how many tickets they have.
    pub async fn customer(&self, id: u64) -> Result<CustomerContext, ApiError> {
        let url = self.config().admin_url(&format!("/support/customers/{id}"));
        self.get::<Wrapped<CustomerContext>>(&url)
            .await
            .map(|w| w.data)
    }
}

pub const TICKETS_PER_PAGE: u32 = 50;

/// Contract v2: how many tickets one bulk change may name.
pub const BULK_MAX_IDS: usize = 100;

/// Contract v2: the header that makes a retried write safe.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

#[derive(Clone, Debug, Deserialize)]
pub struct MessagePage {
    pub data: Vec<Message>,
    #[serde(default)]
    pub meta: MessagePageMeta,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MessagePageMeta {
    #[serde(default)]
    pub has_more: bool,
}

/// `PATCH …/tickets/{id}`: only the fields that change. `assigned_to:
/// Some(None)` unassigns; `snoozed_until: Some(None)` wakes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TicketUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TicketStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<Option<u64>>,
    /// Contract v3 triage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The whole set of tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<Option<String>>,
    /// Bulk only: tags added to, or taken from, each ticket's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags_add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags_remove: Vec<String>,
}

impl TicketUpdate {
    /// The ticket as it will be once the server takes the triage part of
    /// this change (shown at once, before the answer).
    pub fn triaged(&self, ticket: &TicketSummary) -> TicketSummary {
        let mut next = ticket.clone();
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if let Some(tags) = &self.tags {
            next.tags = tags.clone();
        }
        next.tags.retain(|tag| !self.tags_remove.contains(tag));
        for tag in &self.tags_add {
            if !next.tags.contains(tag) {
                next.tags.push(tag.clone());
            }
        }
        if let Some(snoozed_until) = &self.snoozed_until {
            next.snoozed_until = snoozed_until.clone();
        }
        next
    }

    /// Whether it changes priority, tags or snooze.
    pub fn triages(&self) -> bool {
        self.priority.is_some()
            || self.tags.is_some()
            || self.snoozed_until.is_some()
            || !self.tags_add.is_empty()
            || !self.tags_remove.is_empty()
    }
}

/// `PATCH …/tickets` (contract v2): the ids and the change for all of them.
#[derive(Debug, Serialize)]
struct BulkUpdate<'a> {
    ids: &'a [u64],
    #[serde(flatten)]
    update: &'a TicketUpdate,
}
