//! Command-line options. Hand-parsed: a handful of flags do not justify a
//! parser crate in every build.

use std::env;
use std::net::SocketAddr;
use std::path::PathBuf;

pub use crate::breaks::Breaks;
pub use crate::broadcast_target::BroadcastTarget;

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
///
/// Ordered: each edition holds the one before it (`contract >= Contract::V2`
/// reads "has the v2 workspace").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Contract {
    V1,
    V2,
    /// Triage and time: priority, tags, snooze, saved views and their
    /// counts, lasting mentions, server-witnessed viewers.
    V3,
}

impl Contract {
    /// The v2 agent workspace (notes, canned replies, bulk …), in v2 and v3.
    pub fn has_workspace(self) -> bool {
        self >= Contract::V2
    }

    /// The v3 triage additions.
    pub fn has_triage(self) -> bool {
        self >= Contract::V3
    }
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

pub const USAGE: &str = "\
devserver: Mesa's reference backend (REST API of the contract, served panel)

USAGE: devserver [--addr HOST:PORT] [--static-dir DIR] [--db FILE|:memory:] [--seed demo|large|none]
                 [--uploads DIR] [--activity-timeout SECS] [--dev-faults] [--simulate]
                 [--contract v1|v2|v3] [--broadcast-to http://KEY:SECRET@HOST:PORT/apps/APP_ID]
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
  --contract    v3 (default): v2, plus triage and time: ticket priority and tags, snooze (a
                background task wakes tickets every second), sla (waiting_since, response_due_at,
                waiting=1, overdue=1, sort=response_due_at), merge (POST …/tickets/{id}/merge),
                saved views and their counts,
                lasting mentions (GET /admin/mentions), who is viewing or typing on a ticket;
                v2: the agent workspace (capabilities, internal notes and mentions, canned
                replies, customer context, bulk changes, Idempotency-Key, message type) and
                none of v3: its routes are 404s, its capabilities, summary fields and filters
                absent, no ticket.updated, mention.created without id;
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
                viewers-typing-ignored (ticket.viewers always says typing false),
                counts-disagree (views/counts: open counts snoozed tickets, mine is one off),
                snooze-never-wakes (neither the clock nor a customer's message wakes a ticket),
                tags-not-normalized (tags stored as sent, not trimmed or lower-cased),
                priority-to-customer (the customer API's tickets carry priority, tags,
                snoozed_until), mentions-of-others (GET /admin/mentions lists every admin's),
                views-editable-by-anyone (any admin may change or delete any saved view),
                note-stops-clock (an internal note answers the customer: waiting_since goes null),
                overdue-wrong (overdue=1 lists every waiting ticket, due or not),
                merge-leaks-to-customer (the customer API's tickets carry merged_into and the sla
                fields), merged-accepts-messages (a merged ticket still takes messages)
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
            contract: Contract::V3,
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
                        "v3" => Contract::V3,
                        other => return Err(format!("--contract: v1, v2 or v3, not {other:?}")),
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
                "--break" => {
                    let name = value()?;
                    options
                        .breaks
                        .set(&name)
                        .map_err(|e| format!("--break: {e}"))?;
                }
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
    use crate::breaks::BREAK_NAMES;

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
