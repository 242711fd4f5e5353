//! Temporary signed URLs for attachments, in the manner of Laravel's
//! `URL::temporarySignedRoute(…, absolute: false)`: the path gets
//! `?expires={unix seconds}&signature={hex HMAC-SHA256(secret, path?expires=…)}`,
//! so an `<img>` loads it without a bearer token, while a guessed or edited
//! URL, or one past its time, opens nothing.

use serde_json::Value;

use super::uploads::URL_BASE;
use crate::pusher::signature;

/// How long a signed URL stays valid. The contract asks for at least 10
/// minutes; 30 leaves a thread open that long before the panel refetches.
pub const LIFETIME_SECS: i64 = 30 * 60;

/// Why a signed URL is refused. Every kind gets the same 403 (Laravel's
/// `InvalidSignatureException`); the kinds are for the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No signature, a forged one, or a URL changed after signing.
    Invalid,
    /// Signed correctly, but `expires` has passed.
    Expired,
}

/// `path?expires=…&signature=…`, valid until `expires` (Unix seconds).
pub fn sign(secret: &str, path: &str, expires: i64) -> String {
    let unsigned = format!("{path}?expires={expires}");
    let signature = signature::sign(secret, &unsigned);
    format!("{unsigned}&signature={signature}")
}

/// Checks a request's raw path and query, as they arrived, at time `now`
/// (Unix seconds). The signature covers the path and every other parameter,
/// `expires` included, and is compared in constant time.
pub fn verify(
    secret: &str,
    path: &str,
    query: Option<&str>,
    now: i64,
) -> Result<(), SignatureError> {
    let mut signatures = Vec::new();
    let mut rest = Vec::new();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.strip_prefix("signature=") {
            Some(signature) => signatures.push(signature),
            None => rest.push(pair),
        }
    }
    let [signature] = signatures[..] else {
        return Err(SignatureError::Invalid);
    };
    let unsigned = if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", rest.join("&"))
    };
    if !signature::verify(secret, &unsigned, signature) {
        return Err(SignatureError::Invalid);
    }
    // Every URL this server signs has an expiry; one without is not ours.
    let expires = rest
        .iter()
        .find_map(|p| p.strip_prefix("expires="))
        .and_then(|e| e.parse::<i64>().ok())
        .ok_or(SignatureError::Invalid)?;
    if now >= expires {
        return Err(SignatureError::Expired);
    }
    Ok(())
}

/// Signs every attachment `url` in an answer or a broadcast payload, wherever
/// messages sit in it (a ticket's detail, a page of messages, one message).
/// The database keeps the plain paths; URLs are signed on the way out.
pub fn sign_attachment_urls(value: &mut Value, secret: &str, expires: i64) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::Array(attachments)) = fields.get_mut("attachments") {
                for attachment in attachments {
                    if let Some(Value::String(url)) = attachment.get_mut("url") {
                        if url.starts_with(URL_BASE) && !url.contains('?') {
                            *url = sign(secret, url, expires);
                        }
                    }
                }
            }
            for field in fields.values_mut() {
                sign_attachment_urls(field, secret, expires);
            }
        }
        Value::Array(items) => {
            for item in items {
                sign_attachment_urls(item, secret, expires);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PATH: &str = "/storage/attachments/7/recibo.png";

    fn split(url: &str) -> (&str, Option<&str>) {
        match url.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (url, None),
        }
    }

    #[test]
    fn a_signed_url_is_valid_until_it_expires() {
        let url = sign("s3cret", PATH, 1_000);
        assert!(url.starts_with("/storage/attachments/7/recibo.png?expires=1000&signature="));
        let (path, query) = split(&url);
        assert_eq!(verify("s3cret", path, query, 999), Ok(()));
        assert_eq!(
            verify("s3cret", path, query, 1_000),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            verify("s3cret", path, query, 5_000),
            Err(SignatureError::Expired)
        );
    }

    #[test]
    fn unsigned_forged_or_edited_urls_are_invalid() {
        let url = sign("s3cret", PATH, 1_000);
        let (path, query) = split(&url);
        let bad = |path: &str, query: Option<&str>| verify("s3cret", path, query, 10);
        assert_eq!(bad(path, None), Err(SignatureError::Invalid));
        assert_eq!(
            bad(path, Some("expires=1000")),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify("other", path, query, 10),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            bad("/storage/attachments/8/recibo.png", query),
            Err(SignatureError::Invalid)
        );
        let later = query.unwrap().replace("expires=1000", "expires=9999");
        assert_eq!(bad(path, Some(&later)), Err(SignatureError::Invalid));
        let twice = format!("{}&signature=00", query.unwrap());
        assert_eq!(bad(path, Some(&twice)), Err(SignatureError::Invalid));
        assert_eq!(
            bad(path, Some("expires=1000&signature=zz")),
            Err(SignatureError::Invalid)
        );
        // Signed without an expiry: not a URL this server hands out.
        let forever = format!("signature={}", signature::sign("s3cret", path));
        assert_eq!(bad(path, Some(&forever)), Err(SignatureError::Invalid));
    }

    #[test]
    fn every_attachment_url_in_an_answer_is_signed_once() {
        let mut answer = json!({"data": {"messages": [
            {"id": 1, "message": "/storage/attachments/1/x.png", "attachments": [
                {"id": 1, "url": "/storage/attachments/1/x.png"},
                {"id": 2, "url": "https://cdn.example.com/y.png"}
            ]},
            {"id": 2, "attachments": []}
        ]}});
        sign_attachment_urls(&mut answer, "s3cret", 1_000);
        sign_attachment_urls(&mut answer, "s3cret", 2_000);
        let message = &answer["data"]["messages"][0];
        assert_eq!(
            message["attachments"][0]["url"],
            sign("s3cret", "/storage/attachments/1/x.png", 1_000)
        );
        assert_eq!(
            message["attachments"][1]["url"],
            "https://cdn.example.com/y.png"
        );
        assert_eq!(message["message"], "/storage/attachments/1/x.png");
    }
}
