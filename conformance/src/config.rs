//! The command line.

use std::fmt;

/// Where the Pusher WebSocket server is, and the app key to connect with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WsTarget {
    pub host: String,
    pub port: u16,
    pub key: String,
}

impl WsTarget {
    pub fn url(&self) -> String {
        format!(
            "ws://{}:{}/app/{}?protocol=7&client=mesa-conformance&version=1.0",
            self.host, self.port, self.key
        )
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The backend's origin, e.g. `http://127.0.0.1:8080`.
    pub api: String,
    pub admin_email: String,
    pub admin_password: String,
    pub customer: Option<(String, String)>,
    /// None: read from the backend's `/config.json` if it serves one.
    pub ws: Option<WsTarget>,
    /// The app secret, to check channel auth signatures exactly.
    pub secret: Option<String>,
    /// `--no-websocket`: the backend runs without a Pusher server (Laravel's
    /// `log` broadcaster); every WebSocket clause is skipped, not failed.
    pub no_websocket: bool,
    /// A second admin's sign-in, to be refused the first one's own channel.
    pub admin2: Option<(String, String)>,
    /// Which skipped clauses still let the run pass.
    pub allow_skip: AllowSkip,
}

/// A skip is a clause that was not checked: it fails the run unless the
/// caller said it expected it (`--allow-skip`, `--allow-skip-clause`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AllowSkip {
    #[default]
    None,
    All,
    /// Clause names; one ending in `*` allows every clause it begins.
    Clauses(Vec<String>),
}

impl AllowSkip {
    pub fn allows(&self, clause: &str) -> bool {
        match self {
            AllowSkip::None => false,
            AllowSkip::All => true,
            AllowSkip::Clauses(names) => names.iter().any(|name| match name.strip_suffix('*') {
                Some(prefix) => clause.starts_with(prefix),
                None => clause == name,
            }),
        }
    }

    fn add(&mut self, clause: String) {
        match self {
            AllowSkip::None => *self = AllowSkip::Clauses(vec![clause]),
            AllowSkip::All => {}
            AllowSkip::Clauses(names) => names.push(clause),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum ArgsError {
    Help,
    MissingValue(String),
    Missing(&'static str),
    Invalid { flag: &'static str, why: String },
    Unknown(String),
}

pub const USAGE: &str = "\
conformance: checks a running backend against Mesa's backend contract

USAGE: conformance --api URL --admin EMAIL --password PW
                   [--customer EMAIL [--customer-password PW]]
                   [--admin2 EMAIL --admin2-password PW]
                   [--ws-host HOST --ws-port PORT --key KEY | --no-websocket] [--secret SECRET]
                   [--allow-skip | --allow-skip-clause NAME...]

  --api        the backend's origin, plain HTTP, e.g. http://127.0.0.1:8000
  --admin, --password            an admin's sign-in
  --customer, --customer-password  a customer's sign-in (POST /api/v1/auth/login); without it
               the customer-side clauses are skipped. The password defaults to --password.
  --ws-host, --ws-port, --key    the Pusher (Reverb) WebSocket server and app key; by default
               read from the backend's /config.json, else the WebSocket clauses are skipped
  --no-websocket  the backend has no Pusher server: skip the WebSocket clauses (by default a
               /config.json that names one makes them count)
  --admin2, --admin2-password    a second admin's sign-in (both needed): checks that they are
               refused the first admin's private-admin.{id}; without them that clause is skipped
  --secret     the app secret: channel auth signatures are then checked exactly
  --allow-skip   skipped clauses do not fail the run
  --allow-skip-clause NAME   this clause may be skipped (repeatable; a NAME ending in * allows
               every clause that begins with it, e.g. 'v2 *' against a v1 backend)

Prints one line per clause (PASS, FAIL, SKIP) and `N passed, M failed[, K skipped]`
last; exits 1 if any clause failed or was skipped without being allowed to, 2 on bad
arguments. A clause of a v2 capability the backend announces is never skipped: it fails.";

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::Help => write!(f, "{USAGE}"),
            ArgsError::MissingValue(flag) => write!(f, "{flag} needs a value\n\n{USAGE}"),
            ArgsError::Missing(flag) => write!(f, "{flag} is required\n\n{USAGE}"),
            ArgsError::Invalid { flag, why } => write!(f, "{flag}: {why}"),
            ArgsError::Unknown(flag) => write!(f, "unknown option {flag:?}\n\n{USAGE}"),
        }
    }
}

impl Config {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, ArgsError> {
        let (mut api, mut admin, mut password) = (None, None, None);
        let (mut customer, mut customer_password) = (None, None);
        let (mut ws_host, mut ws_port, mut key, mut secret) = (None, None, None, None);
        let mut no_websocket = false;
        let (mut admin2, mut admin2_password) = (None, None);
        let mut allow_skip = AllowSkip::None;
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .ok_or_else(|| ArgsError::MissingValue(flag.clone()))
            };
            match flag.as_str() {
                "--api" => api = Some(value()?),
                "--admin" => admin = Some(value()?),
                "--password" => password = Some(value()?),
                "--customer" => customer = Some(value()?),
                "--customer-password" => customer_password = Some(value()?),
                "--ws-host" => ws_host = Some(value()?),
                "--ws-port" => {
                    let v = value()?;
                    ws_port = Some(v.parse::<u16>().ok().filter(|p| *p > 0).ok_or(
                        ArgsError::Invalid {
                            flag: "--ws-port",
                            why: format!("a port from 1 to 65535, not {v:?}"),
                        },
                    )?);
                }
                "--key" => key = Some(value()?),
                "--secret" => secret = Some(value()?),
                "--no-websocket" => no_websocket = true,
                "--admin2" => admin2 = Some(value()?),
                "--admin2-password" => admin2_password = Some(value()?),
                "--allow-skip" => allow_skip = AllowSkip::All,
                "--allow-skip-clause" => {
                    let clause = value()?;
                    allow_skip.add(clause);
                }
                "-h" | "--help" => return Err(ArgsError::Help),
                other => return Err(ArgsError::Unknown(other.to_string())),
            }
        }
        let api = api.ok_or(ArgsError::Missing("--api"))?;
        // Built without TLS (no certificate store to trust, nothing to
        // download): point it at the backend's plain HTTP port.
        if !api.starts_with("http://") {
            return Err(ArgsError::Invalid {
                flag: "--api",
                why: format!("an http:// URL (TLS is not supported), not {api:?}"),
            });
        }
        let admin_password = password.ok_or(ArgsError::Missing("--password"))?;
        let ws = match (ws_host, ws_port, key) {
            (Some(_), Some(_), Some(_)) if no_websocket => {
                return Err(ArgsError::Invalid {
                    flag: "--no-websocket",
                    why: "--no-websocket goes without --ws-host, --ws-port and --key".into(),
                })
            }
            (Some(host), Some(port), Some(key)) => Some(WsTarget { host, port, key }),
            (None, None, None) => None,
            _ if no_websocket => {
                return Err(ArgsError::Invalid {
                    flag: "--no-websocket",
                    why: "--no-websocket goes without --ws-host, --ws-port and --key".into(),
                })
            }
            _ => {
                return Err(ArgsError::Invalid {
                    flag: "--ws-host",
                    why: "--ws-host, --ws-port and --key go together".into(),
                })
            }
        };
        let admin_email = admin.ok_or(ArgsError::Missing("--admin"))?;
        let admin2 = second_admin(admin2, admin2_password, &admin_email)?;
        Ok(Config {
            api: api.trim_end_matches('/').to_string(),
            admin_email,
            customer: customer.map(|email| {
                (
                    email,
                    customer_password.unwrap_or_else(|| admin_password.clone()),
                )
            }),
            admin_password,
            ws,
            secret,
            no_websocket,
            admin2,
            allow_skip,
        })
    }
}

/// `--admin2` and `--admin2-password` go together, and name another admin:
/// no password is guessed, since a wrong one would only show up as a
/// failed sign-in far from its cause.
fn second_admin(
    email: Option<String>,
    password: Option<String>,
    first: &str,
) -> Result<Option<(String, String)>, ArgsError> {
    match (email, password) {
        (None, None) => Ok(None),
        (Some(email), Some(_)) if email.eq_ignore_ascii_case(first) => Err(ArgsError::Invalid {
            flag: "--admin2",
            why: format!("{email} is --admin; a second admin is needed"),
        }),
        (Some(email), Some(password)) => Ok(Some((email, password))),
        _ => Err(ArgsError::Invalid {
            flag: "--admin2",
            why: "--admin2 and --admin2-password go together".into(),
        }),
    }
}

/// Host and port of an `http[s]://host[:port]/…` URL.
pub fn host_and_port(url: &str) -> Option<(String, u16)> {
    let (rest, default_port) = if let Some(rest) = url.strip_prefix("http://") {
        (rest, 80)
    } else {
        (url.strip_prefix("https://")?, 443)
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() => Some((host.to_string(), port.parse().ok()?)),
        Some(_) => None,
        None if !authority.is_empty() => Some((authority.to_string(), default_port)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clauses;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_the_documented_flags() {
        let config = Config::from_args(args(&[
            "--api",
            "http://127.0.0.1:8080/",
            "--admin",
            "a@x",
            "--password",
            "pw",
            "--customer",
            "c@x",
            "--ws-host",
            "127.0.0.1",
            "--ws-port",
            "6001",
            "--key",
            "k",
        ]))
        .expect("valid");
        assert_eq!(config.api, "http://127.0.0.1:8080");
        assert_eq!(config.customer, Some(("c@x".into(), "pw".into())));
        assert_eq!(config.ws.map(|w| w.port), Some(6001));
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        assert_eq!(
            Config::from_args(args(&["--admin", "a", "--password", "p"])).unwrap_err(),
            ArgsError::Missing("--api")
        );
        assert!(Config::from_args(args(&[
            "--api",
            "ftp://x",
            "--admin",
            "a",
            "--password",
            "p"
        ]))
        .is_err());
        assert!(Config::from_args(args(&[
            "--api",
            "http://x",
            "--admin",
            "a",
            "--password",
            "p",
            "--ws-host",
            "h"
        ]))
        .is_err());
        assert!(Config::from_args(args(&["--api"])).is_err());
        assert!(Config::from_args(args(&[
            "--api",
            "http://x",
            "--admin",
            "a",
            "--password",
            "p",
            "--no-websocket",
            "--ws-host",
            "h"
        ]))
        .is_err());
    }

    #[test]
    fn a_second_admin_needs_both_flags() {
        let base = ["--api", "http://x", "--admin", "a@x", "--password", "p"];
        let with = |extra: &[&str]| Config::from_args(args(&[&base[..], extra].concat()));
        assert_eq!(with(&[]).expect("valid").admin2, None);
        assert_eq!(
            with(&["--admin2", "b@x", "--admin2-password", "q"])
                .expect("valid")
                .admin2,
            Some(("b@x".into(), "q".into()))
        );
        assert!(with(&["--admin2", "b@x"]).is_err());
        assert!(with(&["--admin2-password", "q"]).is_err());
        assert!(with(&["--admin2", "A@x", "--admin2-password", "q"]).is_err());
    }

    #[test]
    fn skips_are_allowed_only_when_asked() {
        let base = ["--api", "http://x", "--admin", "a@x", "--password", "p"];
        let allow = |extra: &[&str]| {
            Config::from_args(args(&[&base[..], extra].concat()))
                .expect("valid")
                .allow_skip
        };
        assert!(!allow(&[]).allows(clauses::V2_NOTES));
        assert!(allow(&["--allow-skip"]).allows("anything"));
        let some = allow(&[
            "--allow-skip-clause",
            clauses::FILTER_REASON_ID,
            "--allow-skip-clause",
            "v2 *",
        ]);
        assert!(some.allows(clauses::FILTER_REASON_ID));
        assert!(some.allows(clauses::V2_MENTION_CREATED));
        assert!(!some.allows("filter reason_id 2"));
        assert!(!some.allows(clauses::WEBSOCKET_CONNECTION));
    }

    #[test]
    fn host_and_port_of_urls() {
        assert_eq!(
            host_and_port("http://127.0.0.1:8080"),
            Some(("127.0.0.1".into(), 8080))
        );
        assert_eq!(
            host_and_port("https://x.test/api"),
            Some(("x.test".into(), 443))
        );
        assert_eq!(host_and_port("http://:1"), None);
        assert_eq!(host_and_port("nope"), None);
    }
}
