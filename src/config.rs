//! Runtime configuration, read from `config.json` next to `index.html`.
//!
//! One build serves every environment: deployers edit `config.json`, never
//! rebuild. Field names follow the seed's environment variables
//! (`REVERB_APP_KEY`, `WS_HOST`, `WS_PORT`, `API_URL`, `AUTH_ENDPOINT`) so a
//! Laravel deployer recognises them. Paths and channel names default to the
//! backend contract; a deployment may override each of them.
//!
//! Validation is strict and names the offending field, because a typo in a
//! static file on a CDN is otherwise invisible until the panel misbehaves.

use serde_json::{Map, Value};

use crate::i18n::{fill, t, Locale, Text};
use crate::origin::{self, Origin, Target};

/// Placeholder that channel templates use for the ticket id.
pub const TICKET_ID_PLACEHOLDER: &str = "{id}";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// Base URL of the Laravel API without a trailing slash; empty = same origin.
    pub api_url: String,
    /// Where private and presence channels are authorized.
    pub auth_endpoint: String,
    pub reverb_app_key: String,
    /// WebSocket host; empty = the host that served the panel.
    pub ws_host: String,
    /// WebSocket port; `None` = the default port for the scheme (or the page's port on same origin).
    pub ws_port: Option<u16>,
    /// `None` = follow the page: `wss` on https, `ws` on http.
    pub ws_scheme: Option<WsScheme>,
    pub admin_api_prefix: String,
    pub api_prefix: String,
    pub channels: ChannelNames,
    pub default_locale: Locale,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WsScheme {
    Ws,
    Wss,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelNames {
    pub admin: String,
    /// Template containing `{id}`.
    pub ticket: String,
    /// Template containing `{id}`.
    pub ticket_presence: String,
    /// One admin's own channel (v2 mentions); template containing `{id}`.
    pub admin_private: String,
}

impl ChannelNames {
    pub fn ticket(&self, ticket_id: u64) -> String {
        self.ticket
            .replace(TICKET_ID_PLACEHOLDER, &ticket_id.to_string())
    }

    pub fn ticket_presence(&self, ticket_id: u64) -> String {
        self.ticket_presence
            .replace(TICKET_ID_PLACEHOLDER, &ticket_id.to_string())
    }

    pub fn admin_private(&self, admin_id: u64) -> String {
        self.admin_private
            .replace(TICKET_ID_PLACEHOLDER, &admin_id.to_string())
    }
}

/// Why the configuration could not be used. Every variant that concerns a
/// field carries its dotted path, so the error screen can name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `config.json` could not be fetched at all (network error or non-2xx status).
    Unreachable {
        status: Option<u16>,
    },
    /// The file is not JSON, or its top level is not an object.
    NotJson {
        detail: String,
    },
    Missing {
        field: &'static str,
    },
    Invalid {
        field: &'static str,
        expected: Expected,
    },
}

/// What a field should have held; shown to the deployer in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    HttpUrlOrEmpty,
    PathOrUrl,
    AppKey,
    BareHost,
    Port,
    WsScheme,
    Path,
    Object,
    String,
    ChannelName,
    ChannelTemplate,
    Locale,
    /// The bearer token goes there, so it must be the API's own origin.
    SameOriginAsApi,
    /// Plain http/ws from an https page (mixed content; loopback excepted).
    SecureOnHttpsPage,
}

impl Expected {
    fn text(self) -> Text {
        match self {
            Expected::HttpUrlOrEmpty => Text::ExpectHttpUrlOrEmpty,
            Expected::PathOrUrl => Text::ExpectPathOrUrl,
            Expected::AppKey => Text::ExpectAppKey,
            Expected::BareHost => Text::ExpectBareHost,
            Expected::Port => Text::ExpectPort,
            Expected::WsScheme => Text::ExpectWsScheme,
            Expected::Path => Text::ExpectPath,
            Expected::Object => Text::ExpectObject,
            Expected::String => Text::ExpectString,
            Expected::ChannelName => Text::ExpectChannelName,
            Expected::ChannelTemplate => Text::ExpectChannelTemplate,
            Expected::Locale => Text::ExpectLocale,
            Expected::SameOriginAsApi => Text::ExpectSameOriginAsApi,
            Expected::SecureOnHttpsPage => Text::ExpectSecureOnHttpsPage,
        }
    }
}

impl ConfigError {
    /// The sentence shown on the error screen.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            ConfigError::Unreachable {
                status: Some(status),
            } => fill(
                t(locale, Text::ConfigUnreachable),
                &[("status", &status.to_string())],
            ),
            ConfigError::Unreachable { status: None } => {
                t(locale, Text::ConfigUnreachableNetwork).to_string()
            }
            ConfigError::NotJson { detail } => {
                fill(t(locale, Text::ConfigNotJson), &[("detail", detail)])
            }
            ConfigError::Missing { field } => {
                fill(t(locale, Text::ConfigMissing), &[("field", field)])
            }
            ConfigError::Invalid { field, expected } => fill(
                t(locale, Text::ConfigInvalid),
                &[("field", field), ("expected", t(locale, expected.text()))],
            ),
        }
    }
}

impl RuntimeConfig {
    /// Parses and validates the text of `config.json`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ConfigError::NotJson {
            detail: e.to_string(),
        })?;
        let Value::Object(root) = value else {
            return Err(ConfigError::NotJson {
                detail: "the top level must be an object".into(),
            });
        };
        let fields = Fields(&root);

        let api_url = fields.optional_str("api_url", "")?;
        if !api_url.is_empty() && !is_http_url(&api_url) {
            return Err(invalid("api_url", Expected::HttpUrlOrEmpty));
        }

        let auth_endpoint = fields.optional_str("auth_endpoint", "/api/v1/broadcasting/auth")?;
        match (origin::parse(&auth_endpoint), origin::parse(&api_url)) {
            (None, _) => return Err(invalid("auth_endpoint", Expected::PathOrUrl)),
            (Some(Target::Absolute(auth)), Some(Target::Absolute(api))) if auth != api => {
                return Err(invalid("auth_endpoint", Expected::SameOriginAsApi))
            }
            _ => {}
        }

        let reverb_app_key = fields.required_str("reverb_app_key")?;
        if reverb_app_key.is_empty() || !reverb_app_key.chars().all(is_key_char) {
            return Err(invalid("reverb_app_key", Expected::AppKey));
        }

        let ws_host = fields.optional_str("ws_host", "")?;
        if !ws_host.is_empty() && !is_bare_host(&ws_host) {
            return Err(invalid("ws_host", Expected::BareHost));
        }

        let ws_port = match root.get("ws_port") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(p @ 1..=65535) => Some(p as u16),
                _ => return Err(invalid("ws_port", Expected::Port)),
            },
            Some(_) => return Err(invalid("ws_port", Expected::Port)),
        };

        let ws_scheme = match fields.optional_str("ws_scheme", "")?.as_str() {
            "" => None,
            "ws" => Some(WsScheme::Ws),
            "wss" => Some(WsScheme::Wss),
            _ => return Err(invalid("ws_scheme", Expected::WsScheme)),
        };

        let admin_api_prefix = fields.path("admin_api_prefix", "/api/v1/admin")?;
        let api_prefix = fields.path("api_prefix", "/api/v1")?;
        let channels = ChannelNames::parse(&root)?;

        let default_locale = match fields.optional_str("default_locale", "es")?.as_str() {
            "es" => Locale::Es,
            "en" => Locale::En,
            _ => return Err(invalid("default_locale", Expected::Locale)),
        };

        Ok(Self {
            api_url: api_url.trim_end_matches('/').to_string(),
            auth_endpoint,
            reverb_app_key,
            ws_host,
            ws_port,
            ws_scheme,
            admin_api_prefix,
            api_prefix,
            channels,
            default_locale,
        })
    }

    /// The rules that depend on the page that loaded the panel: the token
    /// only goes to the API's origin (the page's, when `api_url` is empty),
    /// and an https page uses no plain http or ws except to loopback hosts.
    pub fn check_page(&self, page: &PageOrigin) -> Result<(), ConfigError> {
        let page_origin = Origin {
            secure: page.https,
            host: page.hostname.to_ascii_lowercase(),
            port: page
                .port
                .filter(|p| *p != if page.https { 443 } else { 80 }),
        };
        let api = match origin::parse(&self.api_url) {
            Some(Target::Absolute(api)) => api,
            _ => page_origin.clone(),
        };
        if let Some(Target::Absolute(auth)) = origin::parse(&self.auth_endpoint) {
            if auth != api {
                return Err(invalid("auth_endpoint", Expected::SameOriginAsApi));
            }
        }
        if !page.https {
            return Ok(());
        }
        if !api.secure && !api.is_loopback() {
            return Err(invalid("api_url", Expected::SecureOnHttpsPage));
        }
        let ws_host = if self.ws_host.is_empty() {
            &page.hostname
        } else {
            &self.ws_host
        };
        if self.ws_scheme == Some(WsScheme::Ws) && !origin::is_loopback_host(ws_host) {
            return Err(invalid("ws_scheme", Expected::SecureOnHttpsPage));
        }
        Ok(())
    }

    /// Absolute or origin-relative URL of an admin API path such as `/auth/login`.
    pub fn admin_url(&self, path: &str) -> String {
        format!("{}{}{}", self.api_url, self.admin_api_prefix, path)
    }

    /// URL of a shared API path such as `/support/reasons`.
    pub fn api_url_for(&self, path: &str) -> String {
        format!("{}{}{}", self.api_url, self.api_prefix, path)
    }

    /// URL of the channel authorization endpoint.
    pub fn auth_url(&self) -> String {
        if matches!(
            origin::parse(&self.auth_endpoint),
            Some(Target::Absolute(_))
        ) {
            self.auth_endpoint.clone()
        } else {
            format!("{}{}", self.api_url, self.auth_endpoint)
        }
    }
}

/// Where the panel was loaded from; the WebSocket defaults to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOrigin {
    pub https: bool,
    pub hostname: String,
    pub port: Option<u16>,
}

impl RuntimeConfig {
    /// The Pusher WebSocket URL: `ws[s]://host[:port]{path}`, where `path` is
    /// the protocol's `/app/{key}?protocol=7…`.
    pub fn websocket_url(&self, page: &PageOrigin, path: &str) -> String {
        let scheme = match self.ws_scheme {
            Some(WsScheme::Wss) => "wss",
            Some(WsScheme::Ws) => "ws",
            None if page.https => "wss",
            None => "ws",
        };
        let (host, port) = if self.ws_host.is_empty() {
            (page.hostname.as_str(), self.ws_port.or(page.port))
        } else {
            (self.ws_host.as_str(), self.ws_port)
        };
        let default_port = if scheme == "wss" { 443 } else { 80 };
        match port.filter(|p| *p != default_port) {
            Some(port) => format!("{scheme}://{host}:{port}{path}"),
            None => format!("{scheme}://{host}{path}"),
        }
    }
}

impl ChannelNames {
    fn parse(root: &Map<String, Value>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let channels = match root.get("channels") {
            None | Some(Value::Null) => return Ok(defaults),
            Some(Value::Object(map)) => map,
            Some(_) => return Err(invalid("channels", Expected::Object)),
        };
        let name = |key: &str, field: &'static str, default: String, templated: bool| {
            let value = match channels.get(key) {
                None | Some(Value::Null) => return Ok(default),
                Some(Value::String(s)) => s.trim().to_string(),
                Some(_) => return Err(invalid(field, Expected::String)),
            };
            if value.is_empty() || value.contains(char::is_whitespace) {
                return Err(invalid(field, Expected::ChannelName));
            }
            if templated && !value.contains(TICKET_ID_PLACEHOLDER) {
                return Err(invalid(field, Expected::ChannelTemplate));
            }
            Ok(value)
        };
        Ok(Self {
            admin: name("admin", "channels.admin", defaults.admin, false)?,
            ticket: name("ticket", "channels.ticket", defaults.ticket, true)?,
            ticket_presence: name(
                "ticket_presence",
                "channels.ticket_presence",
                defaults.ticket_presence,
                true,
            )?,
            admin_private: name(
                "admin_private",
                "channels.admin_private",
                defaults.admin_private,
                true,
            )?,
        })
    }
}

impl Default for ChannelNames {
    fn default() -> Self {
        Self {
            admin: "private-support.admin".into(),
            ticket: "private-support.ticket.{id}".into(),
            ticket_presence: "presence-support.ticket.{id}".into(),
            admin_private: "private-admin.{id}".into(),
        }
    }
}

/// Typed access to the top-level fields, turning wrong types into named errors.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn required_str(&self, field: &'static str) -> Result<String, ConfigError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Err(ConfigError::Missing { field }),
            Some(Value::String(s)) => Ok(s.trim().to_string()),
            Some(_) => Err(invalid(field, Expected::String)),
        }
    }

    fn optional_str(&self, field: &'static str, default: &str) -> Result<String, ConfigError> {
        match self.required_str(field) {
            Err(ConfigError::Missing { .. }) => Ok(default.to_string()),
            other => other,
        }
    }

    fn path(&self, field: &'static str, default: &str) -> Result<String, ConfigError> {
        let value = self.optional_str(field, default)?;
        if !is_path(&value) {
            return Err(invalid(field, Expected::Path));
        }
        Ok(value.trim_end_matches('/').to_string())
    }
}

fn invalid(field: &'static str, expected: Expected) -> ConfigError {
    ConfigError::Invalid { field, expected }
}

fn is_http_url(s: &str) -> bool {
    matches!(origin::parse(s), Some(Target::Absolute(_)))
}

/// An origin-relative path; `//host` or `/\host` is a different origin and is refused.
fn is_path(s: &str) -> bool {
    origin::parse(s) == Some(Target::Path)
}

fn is_bare_host(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_graphic() && c != '/' && c != '?' && c != '#'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(err: ConfigError) -> &'static str {
        match err {
            ConfigError::Missing { field } | ConfigError::Invalid { field, .. } => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_file_takes_contract_defaults() {
        let config = RuntimeConfig::parse(r#"{"reverb_app_key":"mesa-key"}"#).unwrap();
        assert_eq!(config.api_url, "");
        assert_eq!(config.auth_endpoint, "/api/v1/broadcasting/auth");
        assert_eq!(config.ws_host, "");
        assert_eq!(config.ws_port, None);
        assert_eq!(config.ws_scheme, None);
        assert_eq!(config.default_locale, Locale::Es);
        assert_eq!(config.admin_url("/auth/login"), "/api/v1/admin/auth/login");
        assert_eq!(config.auth_url(), "/api/v1/broadcasting/auth");
        assert_eq!(config.channels.ticket(456), "private-support.ticket.456");
        assert_eq!(
            config.channels.ticket_presence(7),
            "presence-support.ticket.7"
        );
        assert_eq!(config.channels.admin, "private-support.admin");
        assert_eq!(config.channels.admin_private(3), "private-admin.3");
    }

    #[test]
    fn full_production_file_is_read_as_written() {
        let config = RuntimeConfig::parse(
            r#"{
              "api_url": "https://appmobile.example.com/",
              "auth_endpoint": "/api/v1/broadcasting/auth",
              "reverb_app_key": "hgmel6i1yqVbGQx1K8SxAXLVOeSupVaV",
              "ws_host": "ws.example.com",
              "ws_port": 443,
              "ws_scheme": "wss",
              "admin_api_prefix": "/api/v2/staff/",
              "channels": {"admin": "private-helpdesk", "ticket": "private-t.{id}"},
              "default_locale": "en",
              "some_future_field": true
            }"#,
        )
        .unwrap();
        assert_eq!(config.api_url, "https://appmobile.example.com");
        assert_eq!(config.ws_port, Some(443));
        assert_eq!(config.ws_scheme, Some(WsScheme::Wss));
        assert_eq!(config.default_locale, Locale::En);
        assert_eq!(
            config.admin_url("/auth/me"),
            "https://appmobile.example.com/api/v2/staff/auth/me"
        );
        assert_eq!(
            config.auth_url(),
            "https://appmobile.example.com/api/v1/broadcasting/auth"
        );
        assert_eq!(config.channels.admin, "private-helpdesk");
        assert_eq!(config.channels.ticket(3), "private-t.3");
        assert_eq!(
            config.channels.ticket_presence(3),
            "presence-support.ticket.3"
        );
    }

    #[test]
    fn absolute_auth_endpoint_on_the_api_origin_is_kept() {
        let config = RuntimeConfig::parse(
            r#"{"reverb_app_key":"k","api_url":"https://a.example/backend","auth_endpoint":"https://a.example/broadcasting/auth"}"#,
        )
        .unwrap();
        assert_eq!(config.auth_url(), "https://a.example/broadcasting/auth");
    }

    #[test]
    fn not_json_and_not_an_object_are_refused() {
        assert!(matches!(
            RuntimeConfig::parse("<html>404</html>"),
            Err(ConfigError::NotJson { .. })
        ));
        assert!(matches!(
            RuntimeConfig::parse("[1,2]"),
            Err(ConfigError::NotJson { .. })
        ));
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: &[(&str, &str)] = &[
            (r#"{}"#, "reverb_app_key"),
            (r#"{"reverb_app_key": ""}"#, "reverb_app_key"),
            (r#"{"reverb_app_key": 5}"#, "reverb_app_key"),
            (r#"{"reverb_app_key": "a b"}"#, "reverb_app_key"),
            (r#"{"reverb_app_key":"k","api_url":"ftp://x"}"#, "api_url"),
            (
                r#"{"reverb_app_key":"k","api_url":"example.com"}"#,
                "api_url",
            ),
            (r#"{"reverb_app_key":"k","api_url":42}"#, "api_url"),
            (
                r#"{"reverb_app_key":"k","auth_endpoint":"broadcasting/auth"}"#,
                "auth_endpoint",
            ),
            (
                r#"{"reverb_app_key":"k","ws_host":"wss://ws.example.com"}"#,
                "ws_host",
            ),
            (
                r#"{"reverb_app_key":"k","ws_host":"ws.example.com:443"}"#,
                "ws_host",
            ),
            (r#"{"reverb_app_key":"k","ws_port":0}"#, "ws_port"),
            (r#"{"reverb_app_key":"k","ws_port":70000}"#, "ws_port"),
            (r#"{"reverb_app_key":"k","ws_port":"443"}"#, "ws_port"),
            (r#"{"reverb_app_key":"k","ws_port":44.5}"#, "ws_port"),
            (r#"{"reverb_app_key":"k","ws_scheme":"http"}"#, "ws_scheme"),
            (
                r#"{"reverb_app_key":"k","admin_api_prefix":"api"}"#,
                "admin_api_prefix",
            ),
            (
                r#"{"reverb_app_key":"k","api_prefix":"//evil.example"}"#,
                "api_prefix",
            ),
            (r#"{"reverb_app_key":"k","channels":[]}"#, "channels"),
            (
                r#"{"reverb_app_key":"k","channels":{"admin":""}}"#,
                "channels.admin",
            ),
            (
                r#"{"reverb_app_key":"k","channels":{"admin":1}}"#,
                "channels.admin",
            ),
            (
                r#"{"reverb_app_key":"k","channels":{"ticket":"private-ticket"}}"#,
                "channels.ticket",
            ),
            (
                r#"{"reverb_app_key":"k","channels":{"ticket_presence":"presence x.{id}"}}"#,
                "channels.ticket_presence",
            ),
            (
                r#"{"reverb_app_key":"k","default_locale":"fr"}"#,
                "default_locale",
            ),
        ];
        for (text, field) in cases {
            let err = RuntimeConfig::parse(text).expect_err(text);
            assert_eq!(field_of(err), *field, "for {text}");
        }
    }

    #[test]
    fn the_token_never_leaves_for_another_origin() {
        for (text, field, expected) in [
            (
                r#"{"reverb_app_key":"k","auth_endpoint":"/\\evil.example/auth"}"#,
                "auth_endpoint",
                Expected::PathOrUrl,
            ),
            (
                r#"{"reverb_app_key":"k","auth_endpoint":"/\t/evil.example/auth"}"#,
                "auth_endpoint",
                Expected::PathOrUrl,
            ),
            (
                r#"{"reverb_app_key":"k","api_url":"https://api.example.com","auth_endpoint":"https://evil.example/auth"}"#,
                "auth_endpoint",
                Expected::SameOriginAsApi,
            ),
            (
                r#"{"reverb_app_key":"k","api_prefix":"/\\evil.example"}"#,
                "api_prefix",
                Expected::Path,
            ),
        ] {
            assert_eq!(
                RuntimeConfig::parse(text),
                Err(ConfigError::Invalid { field, expected }),
                "{text}"
            );
        }
        let same = RuntimeConfig::parse(
            r#"{"reverb_app_key":"k","api_url":"https://api.example.com","auth_endpoint":"https://API.example.com:443/broadcasting/auth"}"#,
        );
        assert!(same.is_ok(), "same origin, written differently: {same:?}");
    }

    #[test]
    fn an_https_page_uses_no_plain_http_or_ws_but_to_localhost() {
        let https_page = PageOrigin {
            https: true,
            hostname: "panel.example.com".into(),
            port: None,
        };
        let check = |text: &str| RuntimeConfig::parse(text).unwrap().check_page(&https_page);
        assert_eq!(
            check(r#"{"reverb_app_key":"k","api_url":"http://api.example.com"}"#),
            Err(invalid("api_url", Expected::SecureOnHttpsPage))
        );
        assert_eq!(
            check(r#"{"reverb_app_key":"k","ws_scheme":"ws","ws_host":"ws.example.com"}"#),
            Err(invalid("ws_scheme", Expected::SecureOnHttpsPage))
        );
        assert_eq!(
            check(r#"{"reverb_app_key":"k","auth_endpoint":"https://evil.example/auth"}"#),
            Err(invalid("auth_endpoint", Expected::SameOriginAsApi)),
            "with the API on the page's origin, so is the auth endpoint"
        );
        assert_eq!(
            check(r#"{"reverb_app_key":"k","api_url":"https://api.example.com"}"#),
            Ok(())
        );
        assert_eq!(
            check(
                r#"{"reverb_app_key":"k","api_url":"http://localhost:8000","ws_scheme":"ws","ws_host":"localhost"}"#
            ),
            Ok(())
        );
        assert_eq!(
            check(r#"{"reverb_app_key":"k","auth_endpoint":"https://panel.example.com/auth"}"#),
            Ok(())
        );
        let http_page = PageOrigin {
            https: false,
            hostname: "127.0.0.1".into(),
            port: Some(8080),
        };
        let config =
            RuntimeConfig::parse(r#"{"reverb_app_key":"k","api_url":"http://127.0.0.1:9000"}"#)
                .unwrap();
        assert_eq!(config.check_page(&http_page), Ok(()));
    }

    #[test]
    fn error_messages_name_the_field_in_both_languages() {
        let err = RuntimeConfig::parse(r#"{"reverb_app_key":"k","ws_port":"x"}"#).unwrap_err();
        assert_eq!(
            err.message(Locale::En),
            "The field \"ws_port\" in config.json is not valid: it must be a port number from 1 to 65535."
        );
        assert!(err.message(Locale::Es).contains("«ws_port»"));
        let missing = RuntimeConfig::parse("{}").unwrap_err();
        assert!(missing.message(Locale::Es).contains("reverb_app_key"));
        assert!(ConfigError::Unreachable { status: Some(404) }
            .message(Locale::En)
            .contains("404"));
    }

    #[test]
    fn websocket_url_follows_the_page_unless_configured() {
        let page = PageOrigin {
            https: false,
            hostname: "127.0.0.1".into(),
            port: Some(8080),
        };
        let same_origin = RuntimeConfig::parse(r#"{"reverb_app_key":"k"}"#).unwrap();
        assert_eq!(
            same_origin.websocket_url(&page, "/app/k?protocol=7"),
            "ws://127.0.0.1:8080/app/k?protocol=7"
        );
        let https_page = PageOrigin {
            https: true,
            hostname: "panel.example.com".into(),
            port: None,
        };
        assert_eq!(
            same_origin.websocket_url(&https_page, "/app/k"),
            "wss://panel.example.com/app/k"
        );
        let reverb = RuntimeConfig::parse(
            r#"{"reverb_app_key":"k","ws_host":"ws.example.com","ws_port":443,"ws_scheme":"wss"}"#,
        )
        .unwrap();
        assert_eq!(
            reverb.websocket_url(&page, "/app/k"),
            "wss://ws.example.com/app/k"
        );
        let custom = RuntimeConfig::parse(
            r#"{"reverb_app_key":"k","ws_host":"ws.example.com","ws_port":6001}"#,
        )
        .unwrap();
        assert_eq!(
            custom.websocket_url(&https_page, "/app/k"),
            "wss://ws.example.com:6001/app/k"
        );
    }

    #[test]
    fn null_means_default() {
        let config = RuntimeConfig::parse(
            r#"{"reverb_app_key":"k","ws_port":null,"api_url":null,"channels":null}"#,
        )
        .unwrap();
        assert_eq!(config.ws_port, None);
        assert_eq!(config.api_url, "");
        assert_eq!(config.channels, ChannelNames::default());
    }
}
