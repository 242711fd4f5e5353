//! Typed client for the backend contract's REST API.

mod client;
pub mod error;
pub mod events;
pub mod types;

pub use client::{decode, ApiClient};
pub use error::ApiError;

use types::{Admin, Credentials, LoginAnswer, Page, TicketDetail, TicketSummary, Wrapped};

impl ApiClient {
    pub async fn login(&self, email: &str, password: &str) -> Result<LoginAnswer, ApiError> {
        let url = self.config().admin_url("/auth/login");
        self.post(&url, Some(&Credentials { email, password }))
            .await
    }

    /// Revokes the current token. The token is read now, not when the future
    /// first runs, so the caller may forget the session right away.
    pub fn logout(&self) -> impl std::future::Future<Output = Result<(), ApiError>> + 'static {
        let client = self.clone();
        let token = self.token();
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

    /// The first page of the inbox, most recent activity first.
    pub async fn tickets(&self, page: u32) -> Result<Page<TicketSummary>, ApiError> {
        let url = self.config().admin_url(&format!(
            "/support/tickets?status=all&assigned=any&sort=-last_message_at&page={page}&per_page=50"
        ));
        self.get(&url).await
    }

    /// A ticket with its newest messages.
    pub async fn ticket(&self, id: u64) -> Result<TicketDetail, ApiError> {
        let url = self.config().admin_url(&format!("/support/tickets/{id}"));
        self.get::<Wrapped<TicketDetail>>(&url)
            .await
            .map(|w| w.data)
    }
}
