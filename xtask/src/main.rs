//! Mesa's task runner. `cargo xtask dev` and `cargo xtask test` are the two
//! commands of the README; each installs what is missing first.

mod bench;
mod cluster;
mod command;

mod laravel;
mod services;
mod size_report;
mod tasks;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
cargo xtask <task>

  dev     install what is missing, build the panel, run it on the dev server with demo data
  test    install what is missing, then run every test (native, browser components, end-to-end);
          --only STAGE,… or --skip STAGE,… for a part (native, component, size, e2e, v1, cdn,
          sockudo, laravel, cluster, laravel-cluster, storm); each stage's time is printed at
          the end
  setup   only install what is missing
  dist [--base /mesa/] [--config FILE] [--out DIR]
          the release build for that base path (default /) into DIR (default dist/), FILE as its
          config.json, and from that very build DIR/_headers (CSP with the loader's hash, SRI'd
          assets, cache rules) plus deploy/nginx.conf and deploy/Caddyfile
  size    build the release panel and print its transfer size (raw, gzip, brotli);
          --why also lists the largest contributors by crate and item (twiggy);
          --check fails above the ceiling the test command holds the first load to
  bench [--quick] [--together] [--only load|inbox|open|live]...
          build the release panel, serve it from the dev server with 10,000 tickets and print
          figures (not a test): live messages into Mesa's thread and a pusher-js + vanilla-DOM
          page (in turn; --together: at the same time), cold load, sign-in, the inbox scrolled
          end to end, a 5,000-message thread opened
  conformance --api URL --admin EMAIL --password PW [--customer EMAIL --customer-password PW]
              [--admin2 EMAIL --admin2-password PW] [--ws-host H --ws-port P --key KEY]
              [--secret SECRET] [--allow-skip | --allow-skip-clause NAME...]
          check a running backend against the backend contract, clause by clause; a skipped
          clause fails the run unless allowed
  laravel [--port P] [--pusher-port P]
          the panel on the Laravel reference app (integrations/laravel) with a fresh demo desk,
          and sockudo as its Pusher server when installed
  laravel-conformance [--pusher-port P]
          the conformance checker against a throwaway Laravel app (with sockudo on P if given)
  cluster [dev server flags]
          Redis, two sockudo nodes with the Redis adapter behind a TCP balancer, and the panel on
          the dev server publishing through node 0; a control API kills and restarts nodes
  storm [--clients N] [--check]
          N native clients (default 1000) on a fresh cluster; node 1 is killed while customers
          write; prints reconnect times, peak reconnect and auth rates, catch-up requests, events
          lost, duplicated and delivered, CPU and memory of each node and the backend";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => tasks::dev(&args[1..]),
        Some("test") => tasks::test(&args[1..]),
        Some("setup") => tools::ensure(tools::Need::Everything),
        Some("size") => tasks::size(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("dist") => tasks::dist(&args[1..]),
        Some("conformance") => tasks::conformance(&args[1..]),
        Some("laravel") => laravel::laravel(&args[1..]),
        Some("cluster") => cluster::cluster(&args[1..]),
        Some("storm") => cluster::storm(&args[1..]),
        Some("laravel-conformance") => match &args[1..] {
            [] => laravel::laravel_conformance(None, |_| Ok(())),
            [flag, port] if flag == "--pusher-port" => port
                .parse()
                .map_err(|_| format!("--pusher-port: not a port: {port}"))
                .and_then(|port| laravel::laravel_conformance(Some(port), |_| Ok(()))),
            _ => Err("usage: cargo xtask laravel-conformance [--pusher-port P]".into()),
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error}");
            ExitCode::FAILURE
        }
    }
}
