//! The one place where the panel speaks HTTP to the backend.
//!
//! Every request goes through [`ApiClient::send`], which is what makes the
//! 401 rule global: any call that finds the token rejected ends the session,
//! and the router guard then sends the admin to sign in.

use std::sync::Arc;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;
use super::types::ChannelAuth;
use crate::config::RuntimeConfig;

/// Where the client finds the admin's token, and whom it tells when the
/// server rejects it. The session provides both; the client knows no more
/// of it.
#[derive(Clone)]
pub struct Auth {
    token: Arc<dyn Fn() -> Option<String> + Send + Sync>,
    rejected: Arc<dyn Fn() + Send + Sync>,
}

impl Auth {
    pub fn new(
        token: impl Fn() -> Option<String> + Send + Sync + 'static,
        rejected: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self {
            token: Arc::new(token),
            rejected: Arc::new(rejected),
        }
    }
}

#[derive(Clone)]
pub struct ApiClient {
    config: Arc<RuntimeConfig>,
    auth: Auth,
    /// The realtime socket's id, sent as `X-Socket-ID` on writes (as Laravel
    /// Echo does) so the backend can leave this tab out of the broadcast.
    socket_id: RwSignal<Option<String>>,
    trouble: RwSignal<Option<ApiError>>,
}

/// How often a read is retried before its error reaches the page.
const READ_RETRIES: u32 = 3;

/// Backoff for a failed read: 1, 2, 4 s, or what `Retry-After` says; `None`
/// for failures that repeating will not fix.
pub fn read_retry_delay_ms(error: &ApiError, attempt: u32) -> Option<u32> {
    match error {
        ApiError::RateLimited {
            retry_after_secs: Some(secs),
        } => Some(secs.saturating_mul(1000).min(60_000)),
        ApiError::Network
        | ApiError::Server { .. }
        | ApiError::RateLimited {
            retry_after_secs: None,
        } => Some(1000 << attempt.min(5)),
        _ => None,
    }
}

impl ApiClient {
    pub fn new(config: Arc<RuntimeConfig>, auth: Auth) -> Self {
        Self {
            config,
            auth,
            socket_id: RwSignal::new(None),
            trouble: RwSignal::new(None),
        }
    }

    pub fn set_socket_id(&self, socket_id: Option<String>) {
        self.socket_id.set(socket_id);
    }

    pub fn config(&self) -> &RuntimeConfig {
        &self.config
    }

    pub fn token(&self) -> Option<String> {
        (self.auth.token)()
    }

    /// Reads are safe to repeat: a network error, a 5xx or a 429 is retried
    /// a few times with backoff (honouring `Retry-After`) while a banner says
    /// the server is struggling; only then does the caller see the error.
    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        decode(&self.get_text(url).await?)
    }

    /// `get` up to the body: not generic, so one copy serves every read.
    async fn get_text(&self, url: &str) -> Result<String, ApiError> {
        let mut attempt = 0;
        loop {
            let result = self
                .exchange(self.token(), Method::GET, url, None, &[])
                .await;
            let delay = match &result {
                Err(error) if attempt < READ_RETRIES => read_retry_delay_ms(error, attempt),
                _ => None,
            };
            match (result, delay) {
                (Err(error), Some(delay)) => {
                    self.trouble.set(Some(error));
                    crate::browser::sleep(delay).await;
                    attempt += 1;
                }
                (result, _) => {
                    if result.is_ok() && self.trouble.get_untracked().is_some() {
                        self.trouble.set(None);
                    }
                    return result;
                }
            }
        }
    }

    /// The last read failure being retried, for the banner; `None` when well.
    pub fn trouble(&self) -> Option<ApiError> {
        self.trouble.get()
    }

    pub async fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        url: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        self.send(Method::POST, url, body).await
    }

    pub async fn patch<T: DeserializeOwned, B: Serialize>(
        &self,
        url: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send(Method::PATCH, url, Some(body)).await
    }

    pub(super) async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        url: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        self.send_with(method, url, body, &[]).await
    }

    /// Sends with headers of its own besides the usual ones.
    pub(super) async fn send_with<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        url: &str,
        body: Option<&B>,
        extra_headers: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        self.send_as_with(self.token(), method, url, body, extra_headers)
            .await
    }

    /// Sends with a given token, for calls that must outlive the session
    /// (signing out forgets the token before the request goes out).
    pub(super) async fn send_as<T: DeserializeOwned, B: Serialize>(
        &self,
        token: Option<String>,
        method: Method,
        url: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        self.send_as_with(token, method, url, body, &[]).await
    }

    async fn send_as_with<T: DeserializeOwned, B: Serialize>(
        &self,
        token: Option<String>,
        method: Method,
        url: &str,
        body: Option<&B>,
        extra_headers: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let body = body.map(serde_json::to_string).transpose().map_err(|e| {
            ApiError::UnexpectedAnswer {
                detail: e.to_string(),
            }
        })?;
        let text = self
            .exchange(token, method, url, body, extra_headers)
            .await?;
        decode(&text)
    }

    /// One request and its answer's body. Not generic: only encoding the
    /// body and decoding the answer depend on the types, so the request
    /// itself is compiled once for every call (the panel's wasm is budgeted).
    async fn exchange(
        &self,
        token: Option<String>,
        method: Method,
        url: &str,
        json_body: Option<String>,
        extra_headers: &[(&str, &str)],
    ) -> Result<String, ApiError> {
        let mut builder = RequestBuilder::new(url).method(method.clone());
        for (name, value) in self.auth_headers(token.as_deref(), method != Method::GET) {
            builder = builder.header(name, &value);
        }
        for (name, value) in extra_headers {
            builder = builder.header(name, value);
        }
        // A caller that stops waiting (a page left, a filter changed) drops
        // this future: the request is then cancelled, not left running.
        let abort = AbortOnDrop::new();
        builder = builder.abort_signal(abort.signal().as_ref());
        let request = match json_body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::UnexpectedAnswer {
            detail: e.to_string(),
        })?;

        let response = request.send().await.map_err(|_| ApiError::Network)?;
        let status = response.status();
        let retry_after = response.headers().get("Retry-After");
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        self.accept(status, retry_after.as_deref(), text, token.is_some())
    }

    /// Laravel's `/broadcasting/auth`: form-encoded `socket_id` and
    /// `channel_name`, under the same token and 401 rule as every call.
    pub async fn authorize_channel(
        &self,
        url: &str,
        socket_id: &str,
        channel: &str,
    ) -> Result<ChannelAuth, ApiError> {
        let token = self.token();
        let body = format!(
            "socket_id={}&channel_name={}",
            crate::query::encode(socket_id),
            crate::query::encode(channel)
        );
        let mut builder = RequestBuilder::new(url)
            .method(Method::POST)
            .header("Content-Type", "application/x-www-form-urlencoded");
        for (name, value) in self.auth_headers(token.as_deref(), false) {
            builder = builder.header(name, &value);
        }
        let request = builder.body(body).map_err(|e| ApiError::UnexpectedAnswer {
            detail: e.to_string(),
        })?;
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        let status = response.status();
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        decode(&self.accept(status, None, text, token.is_some())?)
    }

    /// The server refused the session (a socket told so): it ends here.
    pub fn session_rejected(&self) {
        (self.auth.rejected)();
    }

    /// The headers every call carries: the bearer token, and on writes the
    /// socket to leave out of the broadcast.
    pub(super) fn auth_headers(
        &self,
        token: Option<&str>,
        write: bool,
    ) -> Vec<(&'static str, String)> {
        let mut headers = vec![("Accept", "application/json".to_string())];
        if let Some(token) = token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        if write {
            if let Some(socket_id) = self.socket_id.get_untracked() {
                headers.push(("X-Socket-ID", socket_id));
            }
        }
        headers
    }

    /// A 2xx answer's body, or the error the answer means; a 401 for a
    /// signed-in admin ends the session (the global rule), whichever
    /// transport carried the call.
    pub(super) fn accept(
        &self,
        status: u16,
        retry_after: Option<&str>,
        text: String,
        had_token: bool,
    ) -> Result<String, ApiError> {
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let error = ApiError::from_response(status, retry_after, &text);
        if error == ApiError::Unauthorized && had_token {
            (self.auth.rejected)();
        }
        Err(error)
    }
}

/// Aborts its request when dropped; after the answer was read, that is a no-op.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn new() -> Self {
        Self(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(web_sys::AbortController::signal)
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Reads a 2xx body; an empty body (204) reads as JSON `null`, so `()` works.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    crate::json::from_text(text).map_err(|e| ApiError::UnexpectedAnswer {
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Admin, Wrapped};

    #[test]
    fn only_transient_read_failures_are_retried() {
        assert_eq!(read_retry_delay_ms(&ApiError::Network, 0), Some(1000));
        assert_eq!(
            read_retry_delay_ms(&ApiError::Server { status: 502 }, 2),
            Some(4000)
        );
        assert_eq!(
            read_retry_delay_ms(
                &ApiError::RateLimited {
                    retry_after_secs: Some(3)
                },
                0
            ),
            Some(3000)
        );
        assert_eq!(read_retry_delay_ms(&ApiError::NotFound, 0), None);
        assert_eq!(read_retry_delay_ms(&ApiError::Unauthorized, 0), None);
    }

    #[test]
    fn empty_body_decodes_as_unit() {
        assert_eq!(decode::<()>(""), Ok(()));
        assert_eq!(decode::<()>("  "), Ok(()));
    }

    #[test]
    fn wrong_shape_is_an_unexpected_answer() {
        let err = decode::<Wrapped<Admin>>(r#"{"data":{"id":"one"}}"#).unwrap_err();
        assert!(matches!(err, ApiError::UnexpectedAnswer { .. }));
        let admin = decode::<Wrapped<Admin>>(r#"{"data":{"id":1,"name":"Carlos"}}"#)
            .unwrap()
            .data;
        assert_eq!(admin.name, "Carlos");
    }
}
