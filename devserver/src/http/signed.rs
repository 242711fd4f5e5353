//! Temporary signed URLs for attachments, in the manner of Laravel's
//! `URL::temporarySignedRoute(…, absolute: false)`: the path gets
//! `?expires={unix seconds}&sid={token id}&signature={hex HMAC-SHA256(secret, path?expires=…&sid=…)}`,
//! so an `<img>` loads it without a bearer token, while a guessed or edited
//! URL, or one past its time, opens nothing.
//!
//! `sid` is the row id of the access token the answer was given to (never the
//! token itself): the file is served only while that token lives, so signing
//! out ends every URL that session was handed, and on a shared computer a
//! customer's file cannot be fetched again from the browser's history.

use serde_json::Value;

use super::uploads::URL_BASE;
use crate::pusher::signature;

/// How long a URL bound to a session stays valid (while the session lives).
/// The contract asks for at least 10 minutes; 30 leaves a thread open that
/// long before the panel refetches.
pub const LIFETIME_SECS: i64 = 30 * 60;

/// How long a URL in a broadcast stays valid. A broadcast reaches every
/// socket on its channel, not one token, so its URLs cannot be bound to a
/// session; they are short-lived instead, and carry no `sid`. When one has
/// expired, the panel's image fails and it fetches the message again
/// (`messages?after_id={id - 1}&limit=1`), which answers a URL bound to its
/// own session. Ten minutes is the least the contract allows a signed URL.
pub const BROADCAST_LIFETIME_SECS: i64 = 10 * 60;

/// Whom an answer's attachment URLs are signed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The access token (its row id) that asked: the URLs die with it.
    Session(i64),
    /// Everyone on a broadcast's channels: short-lived, bound to no session.
    Broadcast,
}

impl Audience {
    fn lifetime_secs(self) -> i64 {
        match self {
            Audience::Session(_) => LIFETIME_SECS,
            Audience::Broadcast => BROADCAST_LIFETIME_SECS,
        }
    }

    fn session(self) -> Option<i64> {
        match self {
            Audience::Session(id) => Some(id),
            Audience::Broadcast => None,
        }
    }
}

/// Why a signed URL is refused. Every kind gets the same 403 (Laravel's
/// `InvalidSignatureException`); the kinds are for the tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No signature, a forged one, or a URL changed after signing.
    Invalid,
    /// Signed correctly, but `expires` has passed.
    Expired,
}

/// `path?expires=…[&sid=…]&signature=…`, valid until `expires` (Unix
/// seconds) and, with a session, while that token lives.
pub fn sign(secret: &str, path: &str, expires: i64, session: Option<i64>) -> String {
    let unsigned = match session {
        Some(sid) => format!("{path}?expires={expires}&sid={sid}"),
        None => format!("{path}?expires={expires}"),
    };
    let signature = signature::sign(secret, &unsigned);
    format!("{unsigned}&signature={signature}")
}

/// Checks a request's raw path and query, as they arrived, at time `now`
/// (Unix seconds). The signature covers the path and every other parameter,
/// `expires` and `sid` included, and is compared in constant time. Answers
/// the session the URL is bound to, if any: the caller checks that it lives.
pub fn verify(
    secret: &str,
    path: &str,
    query: Option<&str>,
    now: i64,
) -> Result<Option<i64>, SignatureError> {
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
    let mut sids = rest.iter().filter_map(|p| p.strip_prefix("sid="));
    match (sids.next(), sids.next()) {
        (None, _) => Ok(None),
        (Some(sid), None) => sid
            .parse::<i64>()
            .map(Some)
            .map_err(|_| SignatureError::Invalid),
        // Two `sid`s: not a URL this server signs.
        (Some(_), Some(_)) => Err(SignatureError::Invalid),
    }
}

/// Signs every attachment `url` in an answer or a broadcast payload, wherever
/// messages sit in it (a ticket's detail, a page of messages, one message).
/// The database keeps the plain paths; URLs are signed on the way out, for
/// `audience` and from `now` (Unix seconds).
pub fn sign_attachment_urls(value: &mut Value, secret: &str, now: i64, audience: Audience) {
    let expires = now + audience.lifetime_secs();
    sign_all(value, secret, expires, audience.session());
}

fn sign_all(value: &mut Value, secret: &str, expires: i64, session: Option<i64>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::Array(attachments)) = fields.get_mut("attachments") {
                for attachment in attachments {
                    if let Some(Value::String(url)) = attachment.get_mut("url") {
                        if url.starts_with(URL_BASE) && !url.contains('?') {
                            *url = sign(secret, url, expires, session);
                        }
                    }
                }
            }
            for field in fields.values_mut() {
                sign_all(field, secret, expires, session);
            }
        }
        Value::Array(items) => {
            for item in items {
                sign_all(item, secret, expires, session);
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
        let url = sign("s3cret", PATH, 1_000, None);
        assert!(url.starts_with("/storage/attachments/7/recibo.png?expires=1000&signature="));
        let (path, query) = split(&url);
        assert_eq!(verify("s3cret", path, query, 999), Ok(None));
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
    fn a_url_bound_to_a_session_names_it_under_the_signature() {
        let url = sign("s3cret", PATH, 1_000, Some(42));
        assert!(url.starts_with("/storage/attachments/7/recibo.png?expires=1000&sid=42&signature="));
        let (path, query) = split(&url);
        assert_eq!(verify("s3cret", path, query, 999), Ok(Some(42)));
        let bad = |query: &str| verify("s3cret", path, Some(query), 10);
        // Another session's id, or none at all, breaks the signature.
        let other = query.unwrap().replace("sid=42", "sid=43");
        assert_eq!(bad(&other), Err(SignatureError::Invalid));
        let unbound = query.unwrap().replace("&sid=42", "");
        assert_eq!(bad(&unbound), Err(SignatureError::Invalid));
        let twice = query.unwrap().replace("sid=42", "sid=42&sid=42");
        assert_eq!(bad(&twice), Err(SignatureError::Invalid));
        // Signed, but with a `sid` that is not a token id.
        let odd = format!(
            "/p?expires=1000&sid=x&signature={}",
            signature::sign("s3cret", "/p?expires=1000&sid=x")
        );
        let (path, query) = split(&odd);
        assert_eq!(
            verify("s3cret", path, query, 10),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn unsigned_forged_or_edited_urls_are_invalid() {
        let url = sign("s3cret", PATH, 1_000, None);
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
        sign_attachment_urls(&mut answer, "s3cret", 1_000, Audience::Session(9));
        sign_attachment_urls(&mut answer, "s3cret", 2_000, Audience::Broadcast);
        let message = &answer["data"]["messages"][0];
        assert_eq!(
            message["attachments"][0]["url"],
            sign(
                "s3cret",
                "/storage/attachments/1/x.png",
                1_000 + LIFETIME_SECS,
                Some(9)
            )
        );
        assert_eq!(
            message["attachments"][1]["url"],
            "https://cdn.example.com/y.png"
        );
        assert_eq!(message["message"], "/storage/attachments/1/x.png");
    }

    #[test]
    fn a_broadcast_gets_short_lived_urls_bound_to_no_session() {
        let mut payload = json!({"message": {"attachments": [
            {"id": 1, "url": "/storage/attachments/1/x.png"}
        ]}});
        sign_attachment_urls(&mut payload, "s3cret", 1_000, Audience::Broadcast);
        let url = payload["message"]["attachments"][0]["url"]
            .as_str()
            .unwrap();
        assert_eq!(
            url,
            sign(
                "s3cret",
                "/storage/attachments/1/x.png",
                1_000 + BROADCAST_LIFETIME_SECS,
                None
            )
        );
    }
}
