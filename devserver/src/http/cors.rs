//! CORS for a panel served from another origin (a CDN) than this API:
//! `--cors-origin https://panel.example` (repeatable). Without the flag no
//! CORS header is ever sent, as before: same-origin deployments need none.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The request headers the panel sends beyond the CORS-safelisted ones.
const PANEL_REQUEST_HEADERS: [HeaderName; 5] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT,
    HeaderName::from_static("x-socket-id"),
    HeaderName::from_static("idempotency-key"),
];

/// Only these exact origins (scheme, host and port; no wildcard), because the
/// API accepts a bearer token and answers with customers' data. Credentials
/// (cookies) are not allowed: the panel authenticates with `Authorization`.
pub fn layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::PUT,
                Method::DELETE,
            ])
            .allow_headers(PANEL_REQUEST_HEADERS)
            // Read by the panel's backoff on 429 and 503.
            .expose_headers([header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// Checks one `--cors-origin` value: an origin exactly as a browser sends it
/// in `Origin` (`http[s]://host[:port]`, no path, no trailing slash), since
/// anything else would silently never match.
pub fn parse_origin(value: &str) -> Result<String, String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ', '*']) => {
            Ok(value.to_string())
        }
        _ => Err(format!(
            "--cors-origin: expected an origin such as https://panel.example or http://127.0.0.1:8081 \
             (scheme, host, optional port; no path or trailing slash), got {value:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_taken_exactly_as_browsers_send_them() {
        assert_eq!(
            parse_origin("http://127.0.0.1:8081").as_deref(),
            Ok("http://127.0.0.1:8081")
        );
        assert!(parse_origin("https://panel.example").is_ok());
        for wrong in [
            "https://panel.example/",
            "https://panel.example/mesa",
            "panel.example",
            "*",
            "https://*.example",
            "ftp://x",
            "https://",
        ] {
            assert!(parse_origin(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn no_origin_no_cors() {
        assert!(layer(&[]).is_none());
        assert!(layer(&["http://127.0.0.1:1".into()]).is_some());
    }
}
