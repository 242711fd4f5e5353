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
}

pub const USAGE: &str = "\
devserver: Mesa's reference backend (REST API of the contract, served panel)

USAGE: devserver [--addr HOST:PORT] [--static-dir DIR] [--db FILE|:memory:] [--seed demo|large|none]
                 [--uploads DIR] [--activity-timeout SECS] [--dev-faults] [--simulate]
                 [--contract v1|v2]
       devserver simulate --help

  --addr        where to listen                       (default 127.0.0.1:8080)
  --static-dir  the built panel, served with SPA fallback (default dist)
  --db          SQLite file; :memory: for a throwaway run (default .devserver/mesa.sqlite)
  --seed demo   fill an empty database with the demo desk (5 admins, 40 customers, ~200 tickets)
  --seed large [--tickets N]   a big desk: N tickets (default 10000) and a 5000-message thread
  --simulate    customers open tickets and write, through the customer API, every few seconds
  --uploads     where attachments are stored          (default .devserver/uploads)
  --activity-timeout  seconds of silence before a socket is pinged (default 30)
  --dev-faults  enable /__dev/ fault injection: ws/drop, ws/refuse, rest/fail, latency, bulk/refuse
                (POST with Content-Type: application/json only)
  --contract    v2 (default): the agent workspace (capabilities, internal notes and mentions,
                canned replies, customer context, bulk changes, Idempotency-Key, message type);
                v1: every v2 route is a 404, customer_id and Idempotency-Key are ignored,
                private-admin.{id} is refused and messages carry no type

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
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        Ok(options)
    }
}
