//! Where a URL points, decided strictly, for the three places where that is a
//! security question: where the bearer token goes (API, channel auth), what
//! the panel may load over which scheme, and which attachment URLs become
//! links and images.
//!
//! Browsers forgive a lot in URLs: they read `/\evil.example` as
//! `//evil.example` and drop tabs and newlines anywhere. So rather than
//! normalise like a browser, anything a browser might read differently from
//! this parser (a backslash, a control character, whitespace, user info) is
//! refused, and what remains is compared by origin, never by string prefix.

/// A URL the panel may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Same origin as the page: `/path…`.
    Path,
    /// Another origin, over http(s).
    Absolute(Origin),
}

/// Scheme, host and port: what the browser's same-origin rule compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub secure: bool,
    /// Lower-cased.
    pub host: String,
    /// `None` for the scheme's default port.
    pub port: Option<u16>,
}

impl Origin {
    /// Hosts that browsers treat as secure even over plain http/ws.
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }
}

/// Whether plain http/ws to this host is allowed from an https page:
/// browsers treat loopback addresses as secure contexts. Exact: `localhost`
/// and its subdomains, `[::1]`, and a dotted-quad `127.x.y.z`; a name that
/// merely starts like one (`127.evil.example`) is somebody else's host.
pub fn is_loopback_host(host: &str) -> bool {
    if !is_host(host) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || ipv4_octets(&host).is_some_and(|octets| octets[0] == 127)
}

/// A host name, an IPv4 address or a bracketed IPv6 literal, and nothing
/// else: no port, no path, no character that could end a header or a CSP
/// directive.
pub fn is_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// The four octets of a dotted-quad IPv4 address, each 0–255 in plain
/// decimal; `None` for a name or any shorthand (`127.1`, `0x7f.0.0.1`).
fn ipv4_octets(host: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = host.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // By hand, not `str::parse`: the panel's wasm carries no integer parser for it.
        let value = part.bytes().fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
        *octet = u8::try_from(value).ok()?;
    }
    parts.next().is_none().then_some(octets)
}

/// Reads a path or an http(s) URL; `None` for anything else or anything
/// ambiguous.
pub fn parse(url: &str) -> Option<Target> {
    if url.is_empty()
        || url
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    {
        return None;
    }
    if url.starts_with('/') {
        return (!url.starts_with("//")).then_some(Target::Path);
    }
    let (scheme, rest) = url.split_once("://")?;
    let secure = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    let authority = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|a| !a.is_empty())?;
    if authority.contains('@') {
        return None;
    }
    let (host, port) = split_port(authority)?;
    let default_port = if secure { 443 } else { 80 };
    Some(Target::Absolute(Origin {
        secure,
        host: host.to_ascii_lowercase(),
        port: port.filter(|p| *p != default_port),
    }))
}

fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 literal has colons of its own inside the brackets.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if !is_host(host) {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok().filter(|p| *p > 0)?)
        }
        Some(_) => return None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(secure: bool, host: &str, port: Option<u16>) -> Option<Target> {
        Some(Target::Absolute(Origin {
            secure,
            host: host.into(),
            port,
        }))
    }

    #[test]
    fn paths_and_http_urls_are_read() {
        assert_eq!(parse("/api/v1/broadcasting/auth"), Some(Target::Path));
        assert_eq!(
            parse("https://API.example.com/x?y=1"),
            origin(true, "api.example.com", None)
        );
        assert_eq!(
            parse("https://api.example.com:443"),
            origin(true, "api.example.com", None)
        );
        assert_eq!(
            parse("http://127.0.0.1:8080/a"),
            origin(false, "127.0.0.1", Some(8080))
        );
        assert_eq!(
            parse("https://[::1]:9000/"),
            origin(true, "[::1]", Some(9000))
        );
    }

    #[test]
    fn anything_a_browser_could_read_otherwise_is_refused() {
        for hostile in [
            "",
            "//evil.example/auth",
            "/\\evil.example/auth",
            "/\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example\\@good.example/",
            "https://good.example@evil.example/",
            "https://evil.example:99999/",
            "https://evil.example:/",
            "https:///path",
            "https://ev il.example/",
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://files.example/",
            "relative/path",
            " /leading-space",
        ] {
            assert_eq!(parse(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn loopback_hosts_are_known() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.255.10.2",
            "[::1]",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.com",
            "localhost.example.com",
            "128.0.0.1",
            "127.evil.example",
            "127.0.0.1.evil.example",
            "127.0.0.256",
            "127.1",
            "127.0.0.1;",
            "127.0.0.1\n",
            "localhost:80",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host:?}");
        }
    }

    #[test]
    fn hosts_are_names_or_addresses_only() {
        for host in [
            "example.com",
            "a-b.example",
            "127.0.0.1",
            "[::1]",
            "[2001:db8::1]",
        ] {
            assert!(is_host(host), "{host}");
        }
        for host in [
            "",
            "ws.example;",
            "ws.example\nX-Injected: 1",
            "ws.example connect-src *",
            "a..b",
            ".example",
            "example.",
            "-a.example",
            "ws.example:6001",
            "[]",
            "[::1",
            "user@ws.example",
        ] {
            assert!(!is_host(host), "{host:?}");
        }
    }
}
