//! Command-line options. Hand-parsed: a handful of flags do not justify a
//! parser crate in every build.

use std::env;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    None,
    Demo,
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
}

pub const USAGE: &str = "\
devserver: Mesa's reference backend (REST API of the contract, served panel)

USAGE: devserver [--addr HOST:PORT] [--static-dir DIR] [--db FILE|:memory:] [--seed demo|none]

  --addr        where to listen                       (default 127.0.0.1:8080)
  --static-dir  the built panel, served with SPA fallback (default dist)
  --db          SQLite file; :memory: for a throwaway run (default .devserver/mesa.sqlite)
  --seed demo   fill an empty database with the demo desk

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
                        "none" => Seed::None,
                        other => {
                            return Err(format!("--seed: unknown data set {other:?} (demo, none)"))
                        }
                    }
                }
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        Ok(options)
    }
}
