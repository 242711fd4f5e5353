//! The backend's REST API as the panel calls it: bearer token,
//! `Accept: application/json`, and every answer kept whatever its shape.

use std::fmt;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

/// An answer: status and body, the body as JSON when it is JSON.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub text: String,
    /// The HTTP `Date` header as sent: the server's clock, by which the
    /// panel judges "overdue".
    pub date: Option<String>,
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body: String = self.text.chars().take(200).collect();
        write!(f, "{} {}", self.status, body)
    }
}

impl Answer {
    /// Fails with the answer itself unless its status is `wanted`.
    pub fn expect(&self, wanted: u16) -> Result<&Answer, String> {
        if self.status == wanted {
            Ok(self)
        } else {
            Err(format!("expected {wanted}, got {self}"))
        }
    }
}

/// What a request carries besides the token.
pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(reqwest::multipart::Form),
}

#[derive(Clone)]
pub struct Api {
    /// The backend's origin, e.g. `http://127.0.0.1:8080`, no trailing slash.
    pub base: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(base: &str) -> Result<Api, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Api {
            base: base.trim_end_matches('/').to_string(),
            http,
        })
    }

    /// An absolute URL for a path, or the URL itself if it already is one
    /// (attachment URLs may be either).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Result<Answer, String> {
        let mut request = self
            .http
            .request(method.clone(), self.url(path))
            .header("Accept", "application/json");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request = match body {
            Body::None => request,
            Body::Json(value) => request.json(&value),
            Body::Form(fields) => request.form(&fields),
            Body::Multipart(form) => request.multipart(form),
        };
        let response = request
            .send()
            .await
            .map_err(|e| format!("{method} {path}: no answer: {e}"))?;
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response
            .text()
            .await
            .map_err(|e| format!("{method} {path}: body not readable: {e}"))?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            json,
            text,
            date,
        })
    }

    pub async fn get(&self, path: &str, token: &str) -> Result<Answer, String> {
        self.call(Method::GET, path, Some(token), &[], Body::None)
            .await
    }

    pub async fn json(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> Result<Answer, String> {
        self.call(method, path, Some(token), &[], Body::Json(body))
            .await
    }

    /// The raw bytes behind a URL (attachments), without a token: signed
    /// URLs must open in an `<img>`.
    pub async fn fetch_bytes(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
        let response = self
            .http
            .get(self.url(url))
            .send()
            .await
            .map_err(|e| format!("GET {url}: no answer: {e}"))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("GET {url}: body not readable: {e}"))?;
        Ok((status, bytes.to_vec()))
    }
}
