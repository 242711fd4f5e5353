//! Pusher's HMAC-SHA256 signatures: channel auth strings and the HTTP API.

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &str) -> HmacSha256 {
    HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length")
}

/// Hex HMAC-SHA256 of `payload`.
pub fn sign(secret: &str, payload: &str) -> String {
    let mut mac = mac(secret);
    mac.update(payload.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// What a channel subscription is signed over: `socket_id:channel[:channel_data]`.
pub fn channel_payload(socket_id: &str, channel: &str, channel_data: Option<&str>) -> String {
    match channel_data {
        Some(data) => format!("{socket_id}:{channel}:{data}"),
        None => format!("{socket_id}:{channel}"),
    }
}

/// The `auth` value of a subscription: `key:hex(HMAC-SHA256(secret, payload))`.
pub fn channel_auth(
    key: &str,
    secret: &str,
    socket_id: &str,
    channel: &str,
    channel_data: Option<&str>,
) -> String {
    format!(
        "{key}:{}",
        sign(secret, &channel_payload(socket_id, channel, channel_data))
    )
}

/// Signs a trigger request as a Pusher server library would (the publisher,
/// tests and tools).
pub fn signed_trigger_query(
    app_id: &str,
    key: &str,
    secret: &str,
    body: &[u8],
    timestamp: i64,
) -> String {
    let query = format!(
        "auth_key={key}&auth_timestamp={timestamp}&auth_version=1.0&body_md5={}",
        hex::encode(Md5::digest(body))
    );
    let signature = sign(secret, &format!("POST\n/apps/{app_id}/events\n{query}"));
    format!("{query}&auth_signature={signature}")
}

/// Checks a hex signature in constant time, so response timing leaks nothing.
pub fn verify(secret: &str, payload: &str, signature_hex: &str) -> bool {
    let Ok(signature) = hex::decode(signature_hex) else {
        return false;
    };
    let mut mac = mac(secret);
    mac.update(payload.as_bytes());
    mac.verify_slice(&signature).is_ok()
}

/// Checks a subscription's `auth` against the app key and secret.
pub fn verify_channel_auth(
    key: &str,
    secret: &str,
    socket_id: &str,
    channel: &str,
    channel_data: Option<&str>,
    auth: &str,
) -> bool {
    match auth.split_once(':') {
        Some((auth_key, signature)) if auth_key == key => verify(
            secret,
            &channel_payload(socket_id, channel, channel_data),
            signature,
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pushers_documented_example() {
        // From Pusher's authentication docs: key 278d425bdf160c739803, secret 7ad3773142a6692b25b8.
        let auth = channel_auth(
            "278d425bdf160c739803",
            "7ad3773142a6692b25b8",
            "1234.1234",
            "private-foobar",
            None,
        );
        assert_eq!(
            auth,
            "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
        );
        assert!(verify_channel_auth(
            "278d425bdf160c739803",
            "7ad3773142a6692b25b8",
            "1234.1234",
            "private-foobar",
            None,
            &auth
        ));
    }

    #[test]
    fn any_change_breaks_the_signature() {
        let auth = channel_auth("k", "s", "1.2", "private-a", Some("{\"user_id\":1}"));
        assert!(verify_channel_auth(
            "k",
            "s",
            "1.2",
            "private-a",
            Some("{\"user_id\":1}"),
            &auth
        ));
        assert!(!verify_channel_auth(
            "k",
            "s",
            "1.3",
            "private-a",
            Some("{\"user_id\":1}"),
            &auth
        ));
        assert!(!verify_channel_auth(
            "k",
            "s",
            "1.2",
            "private-b",
            Some("{\"user_id\":1}"),
            &auth
        ));
        assert!(!verify_channel_auth(
            "k",
            "s",
            "1.2",
            "private-a",
            Some("{\"user_id\":2}"),
            &auth
        ));
        assert!(!verify_channel_auth(
            "other",
            "s",
            "1.2",
            "private-a",
            Some("{\"user_id\":1}"),
            &auth
        ));
        assert!(!verify_channel_auth(
            "k",
            "s",
            "1.2",
            "private-a",
            None,
            "k:zz"
        ));
        assert!(!verify_channel_auth(
            "k",
            "s",
            "1.2",
            "private-a",
            None,
            "garbage"
        ));
    }
}
