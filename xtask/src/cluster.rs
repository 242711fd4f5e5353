//! Past one machine: two sockudo nodes over Redis behind a TCP balancer
//! (`storm cluster`, from the `storm` crate), the dev server publishing
//! through node 0's HTTP API, and what runs on it: `cargo xtask cluster`,
//! the `@cluster` journeys, and the reconnect storm.

use std::path::PathBuf;

use crate::command::{cmd, root, run, target_dir, Result};
use crate::services::{self, free_port, Service};
use crate::tools::{self, Need};

/// Node 0 carries the backend's publishing; the storm and the journeys kill node 1.
pub const PUBLISHING_NODE: usize = 0;

/// A running cluster: the supervisor (its Redis and nodes die with it) and its ports.
pub struct Cluster {
    _supervisor: Service,
    pub balancer: u16,
    pub control: u16,
    pub nodes: Vec<u16>,
}

impl Cluster {
    /// Where the backend publishes: node 0's HTTP API, as Laravel's
    /// `pusher` driver is pointed at one Reverb host.
    pub fn broadcast_to(&self) -> String {
        format!(
            "http://{}:{}@127.0.0.1:{}/apps/{}",
            services::APP_KEY,
            services::APP_SECRET,
            self.nodes[PUBLISHING_NODE],
            services::APP_ID
        )
    }
}

/// Builds the `storm` binary (the cluster supervisor and the storm).
fn storm_binary() -> Result<PathBuf> {
    run(cmd("cargo").args(["build", "--quiet", "-p", "storm"]))?;
    Ok(target_dir().join("debug/storm"))
}

/// Starts Redis, two sockudo nodes with the Redis adapter (no fallback to
/// local) and the balancer. Fails if a node cannot reach Redis or does not
/// subscribe on it. With `group` they are a process group of their own,
/// stopped as a whole when dropped (the test stages); without, they share
/// the terminal's, so a Ctrl-C reaches them all (`cargo xtask cluster`).
pub fn start(name: &str, group: bool) -> Result<Cluster> {
    let storm = storm_binary()?;
    let (redis, balancer, control) = (free_port()?, free_port()?, free_port()?);
    let nodes = vec![free_port()?, free_port()?];
    let dir = root().join("target/cluster").join(name);
    let redis_server = which("redis-server")?;
    let mut supervisor = Service::spawn(
        cmd(storm)
            .arg("cluster")
            .arg("--dir")
            .arg(&dir)
            .arg("--sockudo")
            .arg(services::sockudo_path())
            .arg("--redis-server")
            .arg(redis_server)
            .args(["--redis-port", &redis.to_string()])
            .args([
                "--nodes",
                &nodes
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ])
            .args(["--balancer-port", &balancer.to_string()])
            .args(["--control-port", &control.to_string()])
            .args(node_redis_override()),
        &dir.join("cluster.log"),
        group,
    )?;
    supervisor.wait_until_ready(control, "/nodes")?;
    println!(
        "xtask: cluster up: balancer 127.0.0.1:{balancer}, nodes {nodes:?}, control 127.0.0.1:{control} (logs in {})",
        dir.display()
    );
    Ok(Cluster {
        _supervisor: supervisor,
        balancer,
        control,
        nodes,
    })
}

/// `MESA_CLUSTER_NODE_REDIS_URL` gives the nodes another Redis URL than the
/// cluster's own: set to one where nothing listens, it shows that a node
/// without Redis fails the run instead of passing alone.
fn node_redis_override() -> Vec<String> {
    match std::env::var("MESA_CLUSTER_NODE_REDIS_URL") {
        Ok(url) if !url.is_empty() => vec!["--node-redis-url".into(), url],
        _ => Vec::new(),
    }
}

fn which(program: &str) -> Result<PathBuf> {
    std::env::split_paths(&crate::command::tool_path())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(format!(
            "{program} is not installed (cargo xtask setup installs it)"
        ))
}

/// `cargo xtask cluster [dev server flags]`: the panel on the dev server,
/// which publishes through node 0; the panel's socket goes where
/// `config.json` says (node 0), the balancer is there for other clients.
pub fn cluster(extra: &[String]) -> Result {
    tools::ensure(Need::Everything)?;
    crate::tasks::build_panel()?;
    run(cmd("cargo").args(["build", "--quiet", "-p", "devserver"]))?;
    let cluster = start("dev", false)?;
    let port = free_port()?;
    let mut args = vec!["--broadcast-to".to_string(), cluster.broadcast_to()];
    args.extend_from_slice(extra);
    let mut devserver = services::devserver(port, &args)?;
    println!(
        "xtask: the panel at http://127.0.0.1:{port}/ ; cluster control at http://127.0.0.1:{} \
         (GET /nodes, POST /nodes/I/kill, POST /nodes/I/start); Ctrl-C stops all",
        cluster.control
    );
    devserver.wait()?;
    Ok(())
}

/// The `cluster` stage: the `@cluster` journeys with the panels placed on
/// either node and the dev server publishing through node 0.
pub fn journeys() -> Result {
    let cluster = start("e2e", true)?;
    let port = free_port()?;
    let _devserver = services::devserver(port, &["--broadcast-to".into(), cluster.broadcast_to()])?;
    run(&mut cluster_journeys(&cluster, port))
}

/// The `laravel-cluster` stage: the Laravel app publishing through node 0,
/// the conformance checker (its WebSocket clauses on the cluster), then the
/// same journeys.
pub fn laravel_journeys() -> Result {
    let cluster = start("laravel", true)?;
    crate::laravel::laravel_conformance_on_running_pusher(
        cluster.nodes[PUBLISHING_NODE],
        |laravel_port| run(&mut cluster_journeys(&cluster, laravel_port)),
    )
}

/// Playwright's `@cluster` journeys against the backend on `port`.
fn cluster_journeys(cluster: &Cluster, port: u16) -> std::process::Command {
    let nodes = cluster
        .nodes
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut command = crate::tasks::playwright(&["--grep", "@cluster"]);
    command
        .env("MESA_E2E_PORT", port.to_string())
        .env("MESA_E2E_EXTERNAL", "1")
        .env("MESA_E2E_PUSHER_PORT", cluster.balancer.to_string())
        .env("MESA_E2E_CLUSTER_NODES", nodes)
        .env(
            "MESA_E2E_CLUSTER_CONTROL",
            format!("http://127.0.0.1:{}", cluster.control),
        );
    command
}

/// The small storm of the test command: checked, not just printed.
pub const TEST_STORM_CLIENTS: usize = 200;

/// `cargo xtask storm [--clients N] [--check]`: N native clients on a fresh
/// cluster and dev server, node 1 killed while customers write.
pub fn storm(args: &[String]) -> Result {
    let mut clients = 1_000;
    let mut check = false;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--clients" => {
                clients = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--clients needs a count above zero")?
            }
            "--check" => check = true,
            other => {
                return Err(format!(
                    "storm: unknown argument {other:?}; usage: cargo xtask storm [--clients N] [--check]"
                ))
            }
        }
    }
    tools::ensure(Need::Everything)?;
    run_storm(clients, check)
}

/// The storm on its own cluster and dev server (the built devserver, so the
/// backend's figures are those of the binary the journeys use).
pub fn run_storm(clients: usize, check: bool) -> Result {
    run(cmd("cargo").args(["build", "--quiet", "-p", "devserver"]))?;
    let cluster = start("storm", true)?;
    let port = free_port()?;
    let devserver = services::devserver(port, &["--broadcast-to".into(), cluster.broadcast_to()])?;
    let mut storm = cmd(target_dir().join("debug/storm"));
    storm
        .arg("run")
        .args(["--api", &format!("http://127.0.0.1:{port}")])
        .args(["--sockets", &format!("127.0.0.1:{}", cluster.balancer)])
        .args([
            "--control",
            &format!("http://127.0.0.1:{}", cluster.control),
        ])
        .args(["--backend-pid", &devserver.pid().to_string()])
        .args(["--clients", &clients.to_string()])
        .args(["--kill-node", &(1 - PUBLISHING_NODE).to_string()]);
    if check {
        storm.arg("--check");
    }
    run(&mut storm)
}

/// The `storm` stage.
pub fn storm_stage() -> Result {
    run_storm(TEST_STORM_CLIENTS, true)
}
