//! Two sockudo nodes meeting over Redis, behind the TCP balancer, with a
//! control API for the journeys and the storm: which node is where, kill a
//! node, start it again, and where the balancer sends new sockets.
//!
//! The nodes run sockudo's Redis adapter with `ADAPTER_FALLBACK_TO_LOCAL`
//! off: by default a node that cannot reach Redis quietly runs alone, and a
//! cluster test would then pass on one node. Here it fails to start, and
//! once both are up, Redis itself is asked whether every node holds a
//! subscription on it, so a run on lone nodes cannot pass unnoticed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use crate::balancer::{Balancer, Policy};

/// The Pusher app the backend and the panel share (as `services.rs` in xtask).
pub const APP_ID: &str = "mesa";
pub const APP_KEY: &str = "mesa-key";
pub const APP_SECRET: &str = "mesa-secret";

/// How long a process may take to come up on this slow, shared machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
pub struct Plan {
    pub dir: PathBuf,
    pub sockudo: PathBuf,
    pub redis_server: PathBuf,
    pub redis_port: u16,
    pub node_ports: Vec<u16>,
    pub balancer_port: u16,
    pub control_port: u16,
    /// The Redis URL the nodes are given; normally `redis://127.0.0.1:{redis_port}`.
    /// A wrong one shows that a node without Redis stops the cluster.
    pub node_redis_url: Option<String>,
}

impl Plan {
    fn redis_url(&self) -> String {
        self.node_redis_url
            .clone()
            .unwrap_or_else(|| format!("redis://127.0.0.1:{}/0", self.redis_port))
    }
}

struct Node {
    port: u16,
    child: Option<Child>,
}

struct Cluster {
    plan: Plan,
    nodes: Mutex<Vec<Node>>,
    balancer: Arc<Balancer>,
    http: reqwest::Client,
}

/// Starts Redis, the nodes and the balancer, proves the nodes meet over
/// Redis, then serves the control API until the process is stopped.
pub async fn run(plan: Plan) -> Result<(), String> {
    std::fs::create_dir_all(&plan.dir)
        .map_err(|e| format!("cannot create {}: {e}", plan.dir.display()))?;
    let _redis = start_redis(&plan).await?;
    let cluster = Arc::new(Cluster {
        balancer: Balancer::new(
            plan.node_ports
                .iter()
                .map(|port| SocketAddr::from(([127, 0, 0, 1], *port)))
                .collect(),
        ),
        nodes: Mutex::new(
            plan.node_ports
                .iter()
                .map(|&port| Node { port, child: None })
                .collect(),
        ),
        http: reqwest::Client::new(),
        plan: plan.clone(),
    });
    for index in 0..plan.node_ports.len() {
        cluster.start_node(index).await?;
    }
    every_node_subscribed_on_redis(plan.redis_port, plan.node_ports.len()).await?;

    let balancer = TcpListener::bind(("127.0.0.1", plan.balancer_port))
        .await
        .map_err(|e| format!("balancer: cannot listen on {}: {e}", plan.balancer_port))?;
    tokio::spawn(Arc::clone(&cluster.balancer).serve(balancer));

    let control = TcpListener::bind(("127.0.0.1", plan.control_port))
        .await
        .map_err(|e| format!("control: cannot listen on {}: {e}", plan.control_port))?;
    let app = Router::new()
        .route("/nodes", get(nodes))
        .route("/nodes/{index}/kill", post(kill))
        .route("/nodes/{index}/start", post(start))
        .route("/balancer/prefer/{index}", post(prefer))
        .route("/balancer/round-robin", post(round_robin))
        .with_state(Arc::clone(&cluster));
    println!(
        "cluster: redis on {}, nodes on {:?} (Redis adapter, no local fallback), balancer on {}, control on {}",
        plan.redis_port, plan.node_ports, plan.balancer_port, plan.control_port
    );
    // Ctrl-C in a terminal, or SIGTERM from xtask: the nodes and Redis go too.
    let stopped = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    let result = axum::serve(control, app)
        .with_graceful_shutdown(stopped)
        .await
        .map_err(|e| format!("control: {e}"));
    cluster.stop_all().await;
    result
}

impl Cluster {
    async fn start_node(&self, index: usize) -> Result<(), String> {
        let mut nodes = self.nodes.lock().await;
        let Some(node) = nodes.get_mut(index) else {
            return Err(format!("no node {index}"));
        };
        if let Some(child) = node.child.as_mut() {
            if matches!(child.try_wait(), Ok(None)) {
                return Ok(());
            }
        }
        let config = write_node_config(&self.plan, index, node.port)?;
        let log = self.plan.dir.join(format!("node{index}.log"));
        let out = std::fs::File::create(&log)
            .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(&self.plan.sockudo)
            .arg("--config")
            .arg(&config)
            .env("ADAPTER_DRIVER", "redis")
            .env("REDIS_URL", self.plan.redis_url())
            .env("ADAPTER_FALLBACK_TO_LOCAL", "false")
            .env("RATE_LIMITER_ENABLED", "false")
            .stdin(std::process::Stdio::null())
            .stdout(out)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.plan.sockudo.display()))?;
        node.child = Some(child);
        let port = node.port;
        let started = Instant::now();
        let up = format!("http://127.0.0.1:{port}/up/{APP_ID}");
        while started.elapsed() < START_TIMEOUT {
            if let Some(Ok(Some(status))) = node.child.as_mut().map(Child::try_wait) {
                return Err(format!(
                    "node {index} (port {port}) stopped at start-up ({status}); see {}",
                    log.display()
                ));
            }
            if let Ok(answer) = self.http.get(&up).send().await {
                if answer.status().is_success() {
                    return Ok(());
                }
            }
            // Polling a process we do not control: nothing tells us it is up.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!(
            "node {index} did not answer {up} within {}s; see {}",
            START_TIMEOUT.as_secs(),
            log.display()
        ))
    }

    /// SIGKILL, as a crashed machine: no close frames, sockets reset.
    async fn kill_node(&self, index: usize) -> Result<(), String> {
        let mut nodes = self.nodes.lock().await;
        let node = nodes.get_mut(index).ok_or(format!("no node {index}"))?;
        if let Some(mut child) = node.child.take() {
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
        Ok(())
    }

    async fn stop_all(&self) {
        for node in self.nodes.lock().await.iter_mut() {
            if let Some(mut child) = node.child.take() {
                let _ = child.start_kill();
                let _ = child.wait().await;
            }
        }
    }
}

fn write_node_config(plan: &Plan, index: usize, port: u16) -> Result<PathBuf, String> {
    let redis = plan.redis_url();
    let text = json!({
        "host": "127.0.0.1",
        "port": port,
        "adapter": {
            "driver": "redis",
            "fallback_to_local": false,
            "redis": {
                "prefix": "mesa_cluster",
                "redis_pub_options": { "url": redis },
                "redis_sub_options": { "url": redis },
            },
        },
        // Shared over Redis too: sockudo refuses a clustered node whose
        // idempotency cache is its own (it could not deduplicate across nodes).
        "cache": { "driver": "redis", "redis": { "prefix": "mesa_cluster_cache" } },
        "metrics": { "enabled": false },
        "rate_limiter": { "enabled": false },
        "app_manager": {
            "driver": "memory",
            "array": { "apps": [{
                "id": APP_ID, "key": APP_KEY, "secret": APP_SECRET,
                "enabled": true, "enable_client_messages": true,
                // The storm puts a thousand sockets on one node once the other dies.
                "max_connections": 5000,
            }] },
        },
    });
    let path = plan.dir.join(format!("node{index}.json"));
    std::fs::write(&path, text.to_string())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Redis as a child of this process, nothing persisted.
async fn start_redis(plan: &Plan) -> Result<Child, String> {
    let log = plan.dir.join("redis.log");
    let out =
        std::fs::File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let mut child = Command::new(&plan.redis_server)
        .args(["--port", &plan.redis_port.to_string()])
        .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(&plan.dir)
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", plan.redis_server.display()))?;
    let started = Instant::now();
    while started.elapsed() < START_TIMEOUT {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "redis stopped at start-up ({status}); see {}",
                log.display()
            ));
        }
        if let Ok(Reply::Status(pong)) = redis_command(plan.redis_port, &["PING"]).await {
            if pong == "PONG" {
                return Ok(child);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("redis did not answer PING; see {}", log.display()))
}

/// Every node subscribes to the adapter's channels on Redis; a node that
/// fell back to running alone does not. `CLIENT LIST` names each client's
/// subscriptions (`sub=`, `psub=`, `ssub=`).
async fn every_node_subscribed_on_redis(port: u16, nodes: usize) -> Result<(), String> {
    let started = Instant::now();
    let mut subscribers = 0;
    while started.elapsed() < Duration::from_secs(10) {
        let Reply::Bulk(list) = redis_command(port, &["CLIENT", "LIST"]).await? else {
            return Err("redis: CLIENT LIST answered something else than a text".into());
        };
        subscribers = count_subscribed_clients(&list);
        if subscribers >= nodes {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!(
        "only {subscribers} Redis clients hold a subscription, fewer than the {nodes} nodes: \
         the nodes are not meeting over Redis"
    ))
}

/// Clients in a `CLIENT LIST` answer with at least one subscription.
pub fn count_subscribed_clients(list: &str) -> usize {
    list.lines()
        .filter(|line| {
            line.split_whitespace().any(|field| {
                field.split_once('=').is_some_and(|(name, count)| {
                    matches!(name, "sub" | "psub" | "ssub") && count.parse::<u64>().unwrap_or(0) > 0
                })
            })
        })
        .count()
}

#[derive(Debug, PartialEq)]
pub enum Reply {
    Status(String),
    Bulk(String),
    Other,
}

/// One command on a fresh connection, RESP as Redis documents it; only the
/// replies this module needs are read (simple strings, bulk strings).
async fn redis_command(port: u16, args: &[&str]) -> Result<Reply, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("redis on {port}: {e}"))?;
    let mut request = format!("*{}\r\n", args.len());
    for arg in args {
        request.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("redis: {e}"))?;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(reply) = parse_reply(&answer)? {
            return Ok(reply);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let read = tokio::time::timeout(left, stream.read(&mut buffer))
            .await
            .map_err(|_| "redis: no whole answer within 5 s".to_string())?
            .map_err(|e| format!("redis: {e}"))?;
        if read == 0 {
            return Err("redis closed the connection mid-answer".into());
        }
        answer.extend_from_slice(&buffer[..read]);
    }
}

/// `Ok(None)` while the answer is incomplete.
pub fn parse_reply(bytes: &[u8]) -> Result<Option<Reply>, String> {
    let Some(line_end) = bytes.windows(2).position(|w| w == b"\r\n") else {
        return Ok(None);
    };
    let line = String::from_utf8_lossy(&bytes[1..line_end]).into_owned();
    match bytes.first() {
        Some(b'+') => Ok(Some(Reply::Status(line))),
        Some(b'-') => Err(format!("redis refused: {line}")),
        Some(b'$') => {
            let length: usize = line
                .parse()
                .map_err(|_| format!("redis: bad bulk length {line:?}"))?;
            let start = line_end + 2;
            if bytes.len() < start + length {
                return Ok(None);
            }
            Ok(Some(Reply::Bulk(
                String::from_utf8_lossy(&bytes[start..start + length]).into_owned(),
            )))
        }
        Some(_) => Ok(Some(Reply::Other)),
        None => Ok(None),
    }
}

type Shared = State<Arc<Cluster>>;

async fn nodes(State(cluster): Shared) -> Json<Value> {
    let mut nodes = cluster.nodes.lock().await;
    let list: Vec<Value> = nodes
        .iter_mut()
        .enumerate()
        .map(|(index, node)| {
            let alive = node
                .child
                .as_mut()
                .is_some_and(|c| matches!(c.try_wait(), Ok(None)));
            json!({
                "port": node.port,
                "pid": node.child.as_ref().and_then(Child::id).filter(|_| alive),
                "alive": alive,
                "open": cluster.balancer.open_connections(index),
            })
        })
        .collect();
    Json(json!({
        "nodes": list,
        "balancer": cluster.plan.balancer_port,
        "redis": cluster.plan.redis_port,
        "policy": format!("{:?}", cluster.balancer.policy()),
        // The balancer runs in this process.
        "balancer_pid": std::process::id(),
    }))
}

fn answer(result: Result<(), String>) -> (StatusCode, Json<Value>) {
    match result {
        Ok(()) => (StatusCode::OK, Json(json!({ "ok": true }))),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": error })),
        ),
    }
}

async fn kill(State(cluster): Shared, UrlPath(index): UrlPath<usize>) -> (StatusCode, Json<Value>) {
    answer(cluster.kill_node(index).await)
}

async fn start(
    State(cluster): Shared,
    UrlPath(index): UrlPath<usize>,
) -> (StatusCode, Json<Value>) {
    answer(cluster.start_node(index).await)
}

async fn prefer(
    State(cluster): Shared,
    UrlPath(index): UrlPath<usize>,
) -> (StatusCode, Json<Value>) {
    if index >= cluster.plan.node_ports.len() {
        return answer(Err(format!("no node {index}")));
    }
    cluster.balancer.set_policy(Policy::Prefer(index));
    answer(Ok(()))
}

async fn round_robin(State(cluster): Shared) -> (StatusCode, Json<Value>) {
    cluster.balancer.set_policy(Policy::RoundRobin);
    answer(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscribed_clients_are_counted_from_client_list() {
        let list = "id=3 addr=127.0.0.1:5 name= db=0 sub=0 psub=0 ssub=0 cmd=publish\n\
                    id=4 addr=127.0.0.1:6 name= db=0 sub=2 psub=0 ssub=0 cmd=subscribe\n\
                    id=5 addr=127.0.0.1:7 name= db=0 sub=0 psub=1 cmd=psubscribe\n";
        assert_eq!(count_subscribed_clients(list), 2);
        assert_eq!(count_subscribed_clients("garbage sub=x"), 0);
    }

    #[test]
    fn replies_are_read_whole_or_waited_for() {
        assert_eq!(
            parse_reply(b"+PONG\r\n"),
            Ok(Some(Reply::Status("PONG".into())))
        );
        assert_eq!(parse_reply(b"$5\r\nhel"), Ok(None));
        assert_eq!(
            parse_reply(b"$5\r\nhello\r\n"),
            Ok(Some(Reply::Bulk("hello".into())))
        );
        assert!(parse_reply(b"-ERR nope\r\n").is_err());
        assert!(parse_reply(b"$x\r\n").is_err());
    }
}
