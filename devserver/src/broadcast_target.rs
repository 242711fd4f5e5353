//! `--broadcast-to`: an external Pusher server to publish through.

/// An external Pusher-compatible server (Reverb, sockudo, soketi…) and the
/// app on it: `http://KEY:SECRET@HOST:PORT/apps/APP_ID`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroadcastTarget {
    /// `http://HOST:PORT`, without a trailing slash.
    pub base: String,
    pub host: String,
    pub port: u16,
    pub app_id: String,
    pub key: String,
    pub secret: String,
}

/// Characters allowed in an app id or key: they go into a URL path and a
/// signed query unescaped, so only those that never need escaping.
fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

impl BroadcastTarget {
    /// Parses `http://KEY:SECRET@HOST:PORT/apps/APP_ID` strictly: every part
    /// is required and anything else is refused with the reason, because a
    /// half-understood URL would only show up later as silently lost events.
    pub fn parse(url: &str) -> Result<BroadcastTarget, String> {
        let err = |why: &str| {
            Err(format!(
                "--broadcast-to: {why} (expected http://KEY:SECRET@HOST:PORT/apps/APP_ID, got {url:?})"
            ))
        };
        let Some(rest) = url.strip_prefix("http://") else {
            return if url.starts_with("https://") {
                err("only http:// is supported (a local Pusher server)")
            } else {
                err("the URL must start with http://")
            };
        };
        let Some((authority, path)) = rest.split_once('/') else {
            return err("the path /apps/APP_ID is missing");
        };
        let Some((userinfo, hostport)) = authority.rsplit_once('@') else {
            return err("KEY:SECRET@ is missing");
        };
        let Some((key, secret)) = userinfo.split_once(':') else {
            return err("the secret is missing (KEY:SECRET@)");
        };
        if key.is_empty() || !key.chars().all(is_url_safe) {
            return err("the key must be non-empty letters, digits, '-', '_', '.' or '~'");
        }
        if secret.is_empty() {
            return err("the secret is empty");
        }
        if secret.contains(['%', '@', '/']) {
            return err("the secret may not contain '%', '@' or '/' (no percent-decoding)");
        }
        let Some((host, port)) = hostport.rsplit_once(':') else {
            return err("the port is missing (HOST:PORT)");
        };
        if host.is_empty()
            || !host
                .chars()
                .all(|c| is_url_safe(c) || c == '[' || c == ']' || c == ':')
        {
            return err("the host is missing or malformed");
        }
        let port = match port.parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => return err("the port must be a number from 1 to 65535"),
        };
        let Some(app_id) = path.strip_prefix("apps/") else {
            return err("the path must be /apps/APP_ID");
        };
        if app_id.is_empty() || !app_id.chars().all(is_url_safe) {
            return err("the app id must be non-empty letters, digits, '-', '_', '.' or '~' with nothing after it");
        }
        Ok(BroadcastTarget {
            base: format!("http://{host}:{port}"),
            host: host.to_string(),
            port,
            app_id: app_id.to_string(),
            key: key.to_string(),
            secret: secret.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broadcast_target_parses() {
        let target = BroadcastTarget::parse("http://app-key:s3cr:et@127.0.0.1:6001/apps/app-1")
            .expect("valid");
        assert_eq!(target.base, "http://127.0.0.1:6001");
        assert_eq!(target.host, "127.0.0.1");
        assert_eq!(target.port, 6001);
        assert_eq!(target.app_id, "app-1");
        assert_eq!(target.key, "app-key");
        assert_eq!(target.secret, "s3cr:et");
    }

    #[test]
    fn a_broadcast_target_is_parsed_strictly() {
        for (url, why) in [
            ("https://k:s@h:1/apps/a", "only http://"),
            ("ws://k:s@h:1/apps/a", "must start with http://"),
            ("http://k:s@h:1", "/apps/APP_ID is missing"),
            ("http://h:1/apps/a", "KEY:SECRET@ is missing"),
            ("http://k@h:1/apps/a", "secret is missing"),
            ("http://k:@h:1/apps/a", "secret is empty"),
            (":s@h:1/apps/a", "must start with http://"),
            ("http://:s@h:1/apps/a", "the key must be"),
            ("http://k%20:s@h:1/apps/a", "the key must be"),
            ("http://k:s%40@h:1/apps/a", "no percent-decoding"),
            ("http://k:s@h/apps/a", "port is missing"),
            ("http://k:s@h:0/apps/a", "port must be"),
            ("http://k:s@h:99999/apps/a", "port must be"),
            ("http://k:s@:1/apps/a", "host is missing"),
            ("http://k:s@h:1/app/a", "path must be /apps/APP_ID"),
            ("http://k:s@h:1/apps/", "app id must be"),
            ("http://k:s@h:1/apps/a/events", "app id must be"),
            ("http://k:s@h:1/apps/a?x=1", "app id must be"),
        ] {
            let error = BroadcastTarget::parse(url).expect_err(url);
            assert!(error.contains(why), "{url}: {error}");
        }
    }
}
