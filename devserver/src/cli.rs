//! Command-line options. Hand-parsed: a handful of flags do not justify a
//! parser crate in every build.

use std::env;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    None,
    Demo,
    /// `--seed large --tickets N`: a big desk for performance work.
    Large {
        tickets: usize,
    },
}

/// Which edition of the backend contract to speak: `v1` answers 404 on every
/// v2 route and ignores v2 headers and filters, so the panel's v1 fallback
/// can be exercised against this server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contract {
    V1,
    V2,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub addr: SocketAddr,
    pub static_dir: PathBuf,
    pub db: PathBuf,
    pub seed: Seed,
    pub app_id: String,
    pub app_key: String,
    pub app_secret: String,
    /// Seconds of silence before the server pings a socket.
    pub activity_timeout: u64,
    /// Enables the `/__dev/` fault injection endpoints.
    pub dev_faults: bool,
    /// Where uploaded attachments are stored.
    pub uploads: PathBuf,
    /// Runs the customer simulator against this server.
    pub simulate: bool,
    /// The contract edition to answer as.
    pub contract: Contract,
    /// Publish broadcasts through an external Pusher server's HTTP API
    /// instead of the in-process hub (what Laravel's `pusher` driver does).
    pub broadcast_to: Option<BroadcastTarget>,
    /// Deliberate contract violations, to show the conformance checker failing.
    pub breaks: Breaks,
    /// The shape of list answers (Laravel's four paginators).
    pub paginator: crate::http::paginators::Paginator,
    /// Origins of a panel served elsewhere (a CDN) that may call the API.
    pub cors_origins: Vec<String>,
}

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

/// Which clauses of the contract to break on purpose (`--break NAME`, repeatable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Breaks {
    /// `message.sent` payloads lose their `ticket_id`.
    pub drop_ticket_id: bool,
    /// Ticket lists are answered without `meta`.
    pub paginator_meta: bool,
    /// Notes are also broadcast on the customer's own channel.
    pub note_to_customer: bool,
    /// Any admin may join any `private-admin.{id}`.
    pub admin_channel_any_admin: bool,
    /// Customers may join the ticket's presence channel, another customer's
    /// ticket channel and an admin's own channel.
    pub customer_auth_lenient: bool,
    /// Customers may write to another customer's ticket.
    pub customer_writes_any_ticket: bool,
    /// `private-admin.{id}` is refused to everyone, its own admin too, while
    /// mentions are still announced.
    pub admin_channel_refused: bool,
    /// The admin list's `status=closed` finds nothing.
    pub closed_filter_empty: bool,
    /// `/config.json` is not served (a deploy that forgot it).
    pub no_config_json: bool,
    /// Attachment URLs stay valid after the token they were issued for is
    /// revoked (the signature and expiry are still checked).
    pub attachment_urls_outlive_session: bool,
    /// `PUT …/viewing` always records `typing: false`.
    pub viewers_typing_ignored: bool,
}

/// The `--break` names, as the usage and errors list them.
const BREAK_NAMES: &str = "drop-ticket-id, paginator-meta, note-to-customer, admin-channel-any-admin, customer-auth-lenient, customer-writes-any-ticket, admin-channel-refused, closed-filter-empty, no-config-json, attachment-urls-outlive-session, viewers-typing-ignored";

pub const USAGE: &str = "\
devserver: Mesa's reference backend (REST API of the contract, served panel)

USAGE: devserver [--addr HOST:PORT] [--static-dir DIR] [--db FILE|:memory:] [--seed demo|large|none]
                 [--uploads DIR] [--activity-timeout SECS] [--dev-faults] [--simulate]
                 [--contract v1|v2] [--broadcast-to http://KEY:SECRET@HOST:PORT/apps/APP_ID]
                 [--paginator SHAPE] [--break NAME]... [--cors-origin ORIGIN]...
       devserver simulate --help

  --addr        where to listen                       (default 127.0.0.1:8080)
  --static-dir  the built panel, served with SPA fallback (default dist)
  --db          SQLite file; :memory: for a throwaway run (default .devserver/mesa.sqlite)
  --seed demo   fill an empty database with the demo desk (5 admins, 40 customers, ~200 tickets)
  --seed large [--tickets N]   a big desk: N tickets (default 10000) and a 5000-message thread
  --simulate    customers open tickets and write, through the customer API, every few seconds
  --uploads     where attachments are stored          (default .devserver/uploads)
  --activity-timeout  seconds of silence before a socket is pinged (default 30)
  --dev-faults  enable /__dev/ fault injection: ws/drop, ws/refuse, rest/fail, latency, bulk/refuse,
                and benchmark fixtures: bench/thread {messages}, bench/messages {ticket_id, count}
                (POST with Content-Type: application/json only)
  --contract    v2 (default): the agent workspace (capabilities, internal notes and mentions,
                canned replies, customer context, bulk changes, Idempotency-Key, message type,
                who is viewing or typing on a ticket);
                v1: every v2 route is a 404, customer_id and Idempotency-Key are ignored,
                private-admin.{id} is refused and messages carry no type
  --broadcast-to  publish every broadcast through that Pusher server's HTTP API (as Laravel's pusher
                driver does) instead of this server's own WebSocket; its key and secret also sign
                channel auth here, and /config.json points the panel's WebSocket at HOST:PORT
  --paginator   how lists are answered, as Laravel would: resource (default: a Resource collection of
                paginate(), the contract's example), plain (paginate() as it is), simple
                (simplePaginate(): no total, no last_page), simple-resource (a Resource of simplePaginate())
  --break       violate one contract clause on purpose, to see the conformance checker fail:
                drop-ticket-id (message.sent without ticket_id), paginator-meta (lists without meta),
                note-to-customer (notes also broadcast on private-customer.{id}),
                admin-channel-any-admin (any admin may join any private-admin.{id}),
                customer-auth-lenient (a customer may join presence-support.ticket.{own}, another
                customer's private-support.ticket.{id} and private-admin.{id}),
                customer-writes-any-ticket (a customer may post to another customer's ticket),
                admin-channel-refused (private-admin.{id} refused even to its admin, mentions still
                announced), closed-filter-empty (status=closed lists nothing),
                no-config-json (/config.json is a 404),
                attachment-urls-outlive-session (a signed attachment URL still opens after the
                sign-out of the token it was issued for),
                viewers-typing-ignored (ticket.viewers always says typing false)
  --cors-origin  let a panel served from that origin (e.g. https://panel.example, a CDN) call the
                API cross-origin (CORS on /api/v1, Authorization, X-Socket-ID, Idempotency-Key);
                repeatable; without it no CORS headers are sent

Environment: REVERB_APP_ID, REVERB_APP_KEY, REVERB_APP_SECRET (default mesa, mesa-key, mesa-secret).";

impl Options {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut options = Options {
            addr: "127.0.0.1:8080".parse().expect("valid default address"),
            static_dir: PathBuf::from("dist"),
            db: PathBuf::from(".devserver/mesa.sqlite"),
            seed: Seed::None,
            app_id: env::var("REVERB_APP_ID").unwrap_or_else(|_| "mesa".into()),
            app_key: env::var("REVERB_APP_KEY").unwrap_or_else(|_| "mesa-key".into()),
            app_secret: env::var("REVERB_APP_SECRET").unwrap_or_else(|_| "mesa-secret".into()),
            activity_timeout: 30,
            dev_faults: false,
            uploads: PathBuf::from(".devserver/uploads"),
            simulate: false,
            contract: Contract::V2,
            broadcast_to: None,
            breaks: Breaks::default(),
            paginator: Default::default(),
            cors_origins: Vec::new(),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--addr" => {
                    let v = value()?;
                    options.addr = v
                        .parse()
                        .map_err(|_| format!("--addr: not an address: {v}"))?;
                }
                "--static-dir" => options.static_dir = PathBuf::from(value()?),
                "--db" => options.db = PathBuf::from(value()?),
                "--seed" => {
                    options.seed = match value()?.as_str() {
                        "demo" => Seed::Demo,
                        "large" => Seed::Large { tickets: 10_000 },
                        "none" => Seed::None,
                        other => {
                            return Err(format!(
                                "--seed: unknown data set {other:?} (demo, large, none)"
                            ))
                        }
                    }
                }
                "--activity-timeout" => {
                    let v = value()?;
                    options.activity_timeout = v
                        .parse()
                        .ok()
                        .filter(|s| (1..=3600).contains(s))
                        .ok_or_else(|| {
                            format!("--activity-timeout: seconds from 1 to 3600, not {v}")
                        })?;
                }
                "--tickets" => {
                    let v = value()?;
                    let tickets = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=1_000_000).contains(n))
                        .ok_or_else(|| format!("--tickets: a count from 1 to 1000000, not {v}"))?;
                    match &mut options.seed {
                        Seed::Large { tickets: n } => *n = tickets,
                        _ => return Err("--tickets goes after --seed large".into()),
                    }
                }
                "--simulate" => options.simulate = true,
                "--uploads" => options.uploads = PathBuf::from(value()?),
                "--dev-faults" => options.dev_faults = true,
                "--contract" => {
                    options.contract = match value()?.as_str() {
                        "v1" => Contract::V1,
                        "v2" => Contract::V2,
                        other => return Err(format!("--contract: v1 or v2, not {other:?}")),
                    }
                }
                "--broadcast-to" => {
                    let target = BroadcastTarget::parse(&value()?)?;
                    // Channel auth is signed here and checked there: one app,
                    // one key and secret.
                    options.app_id = target.app_id.clone();
                    options.app_key = target.key.clone();
                    options.app_secret = target.secret.clone();
                    options.broadcast_to = Some(target);
                }
                "--paginator" => {
                    let name = value()?;
                    options.paginator = crate::http::paginators::Paginator::parse(&name)
                        .ok_or_else(|| {
                            format!(
                                "--paginator: one of {}, not {name:?}",
                                crate::http::paginators::Paginator::NAMES
                            )
                        })?;
                }
                "--break" => match value()?.as_str() {
                    "drop-ticket-id" => options.breaks.drop_ticket_id = true,
                    "paginator-meta" => options.breaks.paginator_meta = true,
                    "note-to-customer" => options.breaks.note_to_customer = true,
                    "admin-channel-any-admin" => options.breaks.admin_channel_any_admin = true,
                    "customer-auth-lenient" => options.breaks.customer_auth_lenient = true,
                    "customer-writes-any-ticket" => {
                        options.breaks.customer_writes_any_ticket = true
                    }
                    "admin-channel-refused" => options.breaks.admin_channel_refused = true,
                    "closed-filter-empty" => options.breaks.closed_filter_empty = true,
                    "no-config-json" => options.breaks.no_config_json = true,
                    "attachment-urls-outlive-session" => {
                        options.breaks.attachment_urls_outlive_session = true
                    }
                    "viewers-typing-ignored" => options.breaks.viewers_typing_ignored = true,
                    other => {
                        return Err(format!("--break: unknown clause {other:?} ({BREAK_NAMES})"))
                    }
                },
                "--cors-origin" => options
                    .cors_origins
                    .push(crate::http::cors::parse_origin(&value()?)?),
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        Ok(options)
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

    #[test]
    fn broadcast_to_sets_the_app_credentials() {
        let options = Options::from_args(
            ["--broadcast-to", "http://kk:ss@127.0.0.1:6001/apps/id1"]
                .iter()
                .map(|s| s.to_string()),
        )
        .expect("valid");
        assert_eq!(
            (
                options.app_id.as_str(),
                options.app_key.as_str(),
                options.app_secret.as_str()
            ),
            ("id1", "kk", "ss")
        );
        assert!(options.broadcast_to.is_some());
    }

    #[test]
    fn breaks_are_named() {
        let options = Options::from_args(
            ["--break", "drop-ticket-id", "--break", "paginator-meta"]
                .iter()
                .map(|s| s.to_string()),
        )
        .expect("valid");
        assert!(options.breaks.drop_ticket_id && options.breaks.paginator_meta);
        for name in BREAK_NAMES.split(", ") {
            let options = Options::from_args(["--break".to_string(), name.to_string()])
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_ne!(options.breaks, Breaks::default(), "{name} breaks nothing");
        }
        assert!(Options::from_args(["--break".to_string(), "nope".to_string()]).is_err());
    }
}
