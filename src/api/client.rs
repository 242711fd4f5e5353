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
use crate::config::RuntimeConfig;
use crate::state::session::SessionStore;

#[derive(Clone)]
pub struct ApiClient {
    config: Arc<RuntimeConfig>,
    session: SessionStore,
    /// The realtime socket's id, sent as `X-Socket-ID` on writes (as Laravel
    /// Echo does) so the backend can leave this tab out of the broadcast.
    socket_id: RwSignal<Option<String>>,
}

impl ApiClient {
    pub fn new(config: Arc<RuntimeConfig>, session: SessionStore) -> Self {
        Self {
            config,
            session,
            socket_id: RwSignal::new(None),
        }
    }

    pub fn set_socket_id(&self, socket_id: Option<String>) {
        self.socket_id.set(socket_id);
    }

    pub fn config(&self) -> &RuntimeConfig {
        &self.config
    }

    pub fn token(&self) -> Option<String> {
        self.session.token()
    }

    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, ApiError> {
        self.send(Method::GET, url, None::<&()>).await
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
        self.send_as(self.session.token(), method, url, body).await
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
        let mut builder = RequestBuilder::new(url).method(method.clone());
        for (name, value) in self.auth_headers(token.as_deref(), method != Method::GET) {
            builder = builder.header(name, &value);
        }
        let request = match body {
            Some(body) => builder.json(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::UnexpectedAnswer {
            detail: e.to_string(),
        })?;

        let response = request.send().await.map_err(|_| ApiError::Network)?;
        let status = response.status();
        let retry_after = response.headers().get("Retry-After");
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        self.answer(status, retry_after.as_deref(), &text, token.is_some())
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

    /// Turns an HTTP answer into a result; a 401 for a signed-in admin ends
    /// the session (the global rule), whichever transport carried the call.
    pub(super) fn answer<T: DeserializeOwned>(
        &self,
        status: u16,
        retry_after: Option<&str>,
        text: &str,
        had_token: bool,
    ) -> Result<T, ApiError> {
        if (200..300).contains(&status) {
            return decode(text);
        }
        let error = ApiError::from_response(status, retry_after, text);
        if error == ApiError::Unauthorized && had_token {
            self.session.expire();
        }
        Err(error)
    }
}

/// Reads a 2xx body; an empty body (204) reads as JSON `null`, so `()` works.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| ApiError::UnexpectedAnswer {
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Admin, Wrapped};

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
