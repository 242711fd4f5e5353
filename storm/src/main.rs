//! `storm cluster …` runs the two-node cluster until stopped; `storm run …`
//! is the reconnect storm against a running cluster and backend. `cargo
//! xtask cluster` and `cargo xtask storm` start these with the right ports.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use storm::cluster::{self, Plan};
use storm::load::{self, StormPlan};

const USAGE: &str = "\
storm cluster --dir DIR --sockudo PATH --redis-server PATH --redis-port P --nodes P,P
              --balancer-port P --control-port P [--node-redis-url URL]
storm run --api URL --sockets HOST:PORT --control URL [--backend-pid PID] [--clients N]
          [--tickets N] [--customers N] [--write-every-ms MS] [--kill-node I] [--check]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("cluster") => match cluster_plan(&args[1..]) {
            Ok(plan) => cluster::run(plan).await,
            Err(e) => Err(e),
        },
        Some("run") => match storm_plan(&args[1..]) {
            Ok(plan) => load::run(plan).await,
            Err(e) => Err(e),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("storm: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `--flag value` pairs; `--check` stands alone.
fn flags(args: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if !flag.starts_with("--") {
            return Err(format!("unexpected {flag:?}\n{USAGE}"));
        }
        if flag == "--check" {
            pairs.push((flag.clone(), String::new()));
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        pairs.push((flag.clone(), value.clone()));
    }
    Ok(pairs)
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: not a number: {value:?}"))
}

fn cluster_plan(args: &[String]) -> Result<Plan, String> {
    let mut plan = Plan {
        dir: PathBuf::from("target/cluster"),
        sockudo: PathBuf::from("sockudo"),
        redis_server: PathBuf::from("redis-server"),
        redis_port: 0,
        node_ports: Vec::new(),
        balancer_port: 0,
        control_port: 0,
        node_redis_url: None,
    };
    for (flag, value) in flags(args)? {
        match flag.as_str() {
            "--dir" => plan.dir = PathBuf::from(value),
            "--sockudo" => plan.sockudo = PathBuf::from(value),
            "--redis-server" => plan.redis_server = PathBuf::from(value),
            "--redis-port" => plan.redis_port = number(&flag, &value)?,
            "--nodes" => {
                plan.node_ports = value
                    .split(',')
                    .map(|p| number(&flag, p))
                    .collect::<Result<_, _>>()?
            }
            "--balancer-port" => plan.balancer_port = number(&flag, &value)?,
            "--control-port" => plan.control_port = number(&flag, &value)?,
            "--node-redis-url" => plan.node_redis_url = Some(value),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    if plan.redis_port == 0
        || plan.node_ports.len() < 2
        || plan.balancer_port == 0
        || plan.control_port == 0
    {
        return Err(format!(
            "the ports are all needed, and two nodes or more\n{USAGE}"
        ));
    }
    Ok(plan)
}

fn storm_plan(args: &[String]) -> Result<StormPlan, String> {
    let mut plan = StormPlan {
        api: String::new(),
        sockets: String::new(),
        control: String::new(),
        backend_pid: None,
        clients: 1_000,
        tickets: 20,
        customers: 10,
        write_every: Duration::from_millis(200),
        kill_node: 1,
        check: false,
    };
    for (flag, value) in flags(args)? {
        match flag.as_str() {
            "--api" => plan.api = value.trim_end_matches('/').to_string(),
            "--sockets" => plan.sockets = value,
            "--control" => plan.control = value.trim_end_matches('/').to_string(),
            "--backend-pid" => plan.backend_pid = Some(number(&flag, &value)?),
            "--clients" => plan.clients = number(&flag, &value)?,
            "--tickets" => plan.tickets = number(&flag, &value)?,
            "--customers" => plan.customers = number(&flag, &value)?,
            "--write-every-ms" => plan.write_every = Duration::from_millis(number(&flag, &value)?),
            "--kill-node" => plan.kill_node = number(&flag, &value)?,
            "--check" => plan.check = true,
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    if plan.api.is_empty() || plan.sockets.is_empty() || plan.control.is_empty() {
        return Err(format!(
            "--api, --sockets and --control are needed\n{USAGE}"
        ));
    }
    if plan.clients == 0 || plan.tickets == 0 || plan.customers == 0 || plan.write_every.is_zero() {
        return Err(
            "--clients, --tickets, --customers and --write-every-ms must be above zero".into(),
        );
    }
    Ok(plan)
}
