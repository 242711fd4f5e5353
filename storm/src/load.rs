//! The reconnect storm: a thousand native clients (Mesa's realtime core in
//! the native shell) on the two-node cluster, customers writing all along,
//! then one node killed. Each client does what the panel does: authorizes
//! each private and presence channel through the backend, and catches up
//! by REST when the panel's hooks do: the thread (after where its gap
//! opened, then the ticket) on every subscription of the ticket's channel
//! and after every reconnect, the inbox's first page on the admin channel's
//! first subscription and after every reconnect.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mesa::realtime::frame::socket_path;
use mesa::realtime::{ConnectionState, Event, Input};
use serde_json::{json, Value};

use crate::cluster::APP_KEY;
use crate::shell::{Endpoints, NativeShell, Tally};

pub const ADMINS: [&str; 5] = [
    "admin@mesa.test",
    "carlos@mesa.test",
    "lucia@mesa.test",
    "diego@mesa.test",
    "sofia@mesa.test",
];
const PASSWORD: &str = "password";
const ADMIN_CHANNEL: &str = "private-support.admin";
/// Channels each client authorizes on every socket: the admin channel, the
/// ticket's private channel and its presence channel.
const AUTHORIZED_CHANNELS: usize = 3;
/// The first retry after a drop waits a uniform [0, 1 s): the backoff's
/// base with full jitter (`src/realtime/backoff.rs`).
const FIRST_RETRY_SPREAD_MS: f64 = 1_000.0;
/// How long customers write before the kill, and how long after it the
/// processes' CPU is read.
const USAGE_SPAN: Duration = Duration::from_secs(3);
/// The window the peak rates are measured (and the auth bound checked) over:
/// a quarter of the first retry's spread, long enough that a process on a
/// busy machine handling a few timers late does not count as lock-step.
const PEAK_WINDOW: Duration = Duration::from_millis(250);
/// How late a client on this busy, shared machine may act on its retry
/// timer: the storm's clients, the servers and the backend share two cores.
const SCHEDULING_SLACK: Duration = Duration::from_millis(100);

#[derive(Clone, Debug)]
pub struct StormPlan {
    /// The backend, `http://127.0.0.1:PORT`.
    pub api: String,
    /// The balancer, `127.0.0.1:PORT`.
    pub sockets: String,
    /// The cluster's control API, `http://127.0.0.1:PORT`.
    pub control: String,
    pub backend_pid: Option<u32>,
    pub clients: usize,
    pub tickets: usize,
    pub customers: usize,
    /// One customer message every this often, all run long.
    pub write_every: Duration,
    /// The node killed (an index); the backend publishes through the other.
    pub kill_node: usize,
    /// Fail unless nothing is lost or duplicated and the auth peak is under the bound.
    pub check: bool,
}

/// What one client heard and did, shared with the storm's bookkeeping.
#[derive(Default)]
struct ClientLog {
    ticket: u64,
    state: Option<ConnectionState>,
    subscribed: HashSet<String>,
    settled: bool,
    /// Thread messages held (heard live on the ticket channel or caught up).
    held: BTreeSet<u64>,
    /// Live `message.sent` per channel, to spot one delivered twice.
    heard: HashMap<String, HashSet<u64>>,
    delivered: u64,
    duplicated: u64,
    /// The newest message held when the socket went: catch-up starts there.
    gap_from: Option<u64>,
    lost_socket_at: Option<Instant>,
    /// The new socket's `connection_established`, before its channels.
    connected_again_at: Option<Instant>,
    back_at: Option<Instant>,
}

#[derive(Default)]
struct Tallies {
    sockets: Mutex<Vec<Instant>>,
    auths: Mutex<Vec<Instant>>,
    catch_ups: Mutex<Vec<Instant>>,
}

impl Tally for Tallies {
    fn socket_opening(&self) {
        lock(&self.sockets).push(Instant::now());
    }
    fn auth_requested(&self) {
        lock(&self.auths).push(Instant::now());
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A sent customer message: its ticket and id.
#[derive(Clone, Copy)]
struct Sent {
    ticket: u64,
    id: u64,
}

pub async fn run(plan: StormPlan) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let tokens = sign_in_admins(&http, &plan.api).await?;
    let (customers, tickets) = open_tickets(&http, &plan).await?;
    let tallies = Arc::new(Tallies::default());
    let logs: Vec<Arc<Mutex<ClientLog>>> = (0..plan.clients)
        .map(|i| {
            Arc::new(Mutex::new(ClientLog {
                ticket: tickets[i % tickets.len()].0,
                ..Default::default()
            }))
        })
        .collect();

    println!(
        "storm: {} clients on {} tickets, connecting through {}",
        plan.clients,
        tickets.len(),
        plan.sockets
    );
    let connecting = Instant::now();
    let mut tasks = Vec::new();
    // A different jitter each run, as each panel seeds its own at random.
    let seed_base = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ u64::from(std::process::id());
    for (i, log) in logs.iter().enumerate() {
        let endpoints = Arc::new(Endpoints {
            socket_url: format!("ws://{}{}", plan.sockets, socket_path(APP_KEY, "storm")),
            auth_url: format!("{}/api/v1/broadcasting/auth", plan.api),
            token: tokens[i % tokens.len()].clone(),
        });
        let seed = splitmix(seed_base.wrapping_add(i as u64));
        tasks.push(tokio::spawn(client(
            seed,
            endpoints,
            http.clone(),
            Arc::clone(&tallies),
            Arc::clone(log),
            plan.api.clone(),
        )));
        // Sockets open at a steady 200 a second: the start is not what is measured.
        if i % 10 == 9 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let settled = wait_until(Duration::from_secs(180), || {
        logs.iter().all(|log| lock(log).settled)
    })
    .await;
    if !settled {
        let missing = logs.iter().filter(|log| !lock(log).settled).count();
        return Err(format!(
            "{missing} of {} clients never had all their channels",
            plan.clients
        ));
    }
    println!(
        "storm: all {} clients subscribed in {:.1} s",
        plan.clients,
        connecting.elapsed().as_secs_f64()
    );

    let (before, balancer_pid) = nodes(&http, &plan.control).await?;
    let node_pids: Vec<Option<u32>> = before
        .iter()
        .map(|n| n["pid"].as_u64().map(|p| p as u32))
        .collect();
    let on_killed_node = before
        .get(plan.kill_node)
        .and_then(|n| n["open"].as_u64())
        .unwrap_or(0) as usize;
    let mut watched: Vec<(String, Option<u32>)> = node_pids
        .iter()
        .enumerate()
        .map(|(i, pid)| (format!("node {i}"), *pid))
        .collect();
    watched.push(("backend".to_string(), plan.backend_pid));
    watched.push(("the balancer".to_string(), balancer_pid));
    // The clients share the machine with the servers: their own load says
    // how much of the times below is theirs.
    watched.push((
        "the clients (this process)".to_string(),
        Some(std::process::id()),
    ));
    let usage = Arc::new(Mutex::new(Usage::new(&watched)));
    let sampler = tokio::spawn(sample_usage(Arc::clone(&usage)));

    let sent = Arc::new(Mutex::new(Vec::<Sent>::new()));
    let writing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let writer = tokio::spawn(write_messages(
        http.clone(),
        plan.api.clone(),
        customers,
        tickets.clone(),
        plan.write_every,
        Arc::clone(&sent),
        Arc::clone(&writing),
    ));
    wait_for(USAGE_SPAN).await;

    let kill_at = Instant::now();
    let killed = http
        .post(format!("{}/nodes/{}/kill", plan.control, plan.kill_node))
        .send()
        .await
        .map_err(|e| format!("control: {e}"))?;
    if !killed.status().is_success() {
        return Err(format!(
            "control: killing node {} answered {}",
            plan.kill_node,
            killed.status()
        ));
    }
    println!(
        "storm: node {} killed with {on_killed_node} sockets on it; customers keep writing",
        plan.kill_node
    );
    // Back = every client that lost its socket has every channel again.
    let everyone_back = || {
        let lost = logs
            .iter()
            .filter(|l| lock(l).lost_socket_at.is_some())
            .count();
        lost >= on_killed_node
            && logs.iter().all(|log| {
                let log = lock(log);
                log.lost_socket_at.is_none() || log.back_at.is_some()
            })
    };
    let back = wait_until(Duration::from_secs(120), everyone_back).await;
    let recovered_at = Instant::now();
    // Customers write on, and the CPU after the kill is read over as long
    // a span as the one before it.
    wait_for(USAGE_SPAN.saturating_sub(recovered_at.duration_since(kill_at))).await;
    wait_for(Duration::from_secs(1)).await;
    writing.store(false, std::sync::atomic::Ordering::SeqCst);
    let _ = writer.await;

    // Every message reaches every thread that follows it, live or caught up.
    let sent = lock(&sent).clone();
    let expected = |ticket: u64| -> Vec<u64> {
        sent.iter()
            .filter(|s| s.ticket == ticket)
            .map(|s| s.id)
            .collect()
    };
    let quiet = wait_until(Duration::from_secs(30), || {
        logs.iter().all(|log| {
            let log = lock(log);
            expected(log.ticket).iter().all(|id| log.held.contains(id))
        })
    })
    .await;
    sampler.abort();
    for task in &tasks {
        task.abort();
    }

    let report = Report::of(
        &plan,
        &logs,
        &tallies,
        &sent,
        kill_at,
        on_killed_node,
        &lock(&usage),
    );
    println!("{}", report.table);
    if !back {
        return Err("not every client came back within 120 s".into());
    }
    if plan.check {
        report.check(quiet)?;
    }
    Ok(())
}

async fn client(
    seed: u64,
    endpoints: Arc<Endpoints>,
    http: reqwest::Client,
    tallies: Arc<Tallies>,
    log: Arc<Mutex<ClientLog>>,
    api: String,
) {
    let ticket = lock(&log).ticket;
    let ticket_channel = format!("private-support.ticket.{ticket}");
    let presence_channel = format!("presence-support.ticket.{ticket}");
    let rest = Rest {
        http: http.clone(),
        tickets: format!("{api}/api/v1/admin/support/tickets"),
        token: endpoints.token.clone(),
        tallies: Arc::clone(&tallies),
    };
    let mut admin_channel_heard = false;
    let mut shell = NativeShell::new(seed, endpoints, http, tallies);
    let handle = shell.handle();
    handle.dispatch(Input::Connect);
    for channel in [ADMIN_CHANNEL, &ticket_channel, &presence_channel] {
        handle.dispatch(Input::Subscribe(channel.to_string()));
    }
    loop {
        for event in shell.next_events().await {
            match event {
                Event::StateChanged(state) => {
                    let mut log = lock(&log);
                    if log.state == Some(ConnectionState::Connected)
                        && state != ConnectionState::Connected
                    {
                        // Where the thread's gap opens, as the panel's `hearing(false)`.
                        log.gap_from = log.held.last().copied();
                        log.subscribed.clear();
                        if log.settled {
                            log.lost_socket_at = Some(Instant::now());
                        }
                    }
                    if state == ConnectionState::Connected
                        && log.lost_socket_at.is_some()
                        && log.connected_again_at.is_none()
                    {
                        log.connected_again_at = Some(Instant::now());
                    }
                    log.state = Some(state);
                }
                Event::SubscriptionSucceeded { channel } => {
                    let from = {
                        let mut log = lock(&log);
                        log.subscribed.insert(channel.clone());
                        if log.subscribed.len() == AUTHORIZED_CHANNELS {
                            log.settled = true;
                        }
                        catch_up_from(&log)
                    };
                    // The panel's `on_subscribed`: the thread on every rise of
                    // its channel, the inbox on the admin channel's first.
                    if channel == ticket_channel {
                        tokio::spawn(rest.clone().thread_catch_up(ticket, from, Arc::clone(&log)));
                    } else if channel == ADMIN_CHANNEL && !admin_channel_heard {
                        admin_channel_heard = true;
                        tokio::spawn(rest.clone().inbox_refresh());
                    }
                }
                Event::ChannelEvent {
                    channel,
                    event,
                    data,
                    ..
                } if event == "message.sent" => {
                    let Some(id) = data["message"]["id"].as_u64() else {
                        continue;
                    };
                    let mut log = lock(&log);
                    log.delivered += 1;
                    if !log.heard.entry(channel.clone()).or_default().insert(id) {
                        log.duplicated += 1;
                    }
                    if channel == ticket_channel {
                        log.held.insert(id);
                    }
                }
                // The panel's `on_catch_up`: the open thread and the inbox.
                Event::Resubscribed => {
                    let from = {
                        let mut log = lock(&log);
                        if log.lost_socket_at.is_some() && log.back_at.is_none() {
                            log.back_at = Some(Instant::now());
                        }
                        catch_up_from(&log)
                    };
                    tokio::spawn(rest.clone().thread_catch_up(ticket, from, Arc::clone(&log)));
                    tokio::spawn(rest.clone().inbox_refresh());
                }
                _ => {}
            }
        }
    }
}

/// Where a thread catch-up starts: where the gap opened, as the panel's
/// `catch_up_from`, or after the newest message held.
fn catch_up_from(log: &ClientLog) -> u64 {
    log.gap_from.or(log.held.last().copied()).unwrap_or(0)
}

/// The admin API as the panel calls it to catch up; every request counted.
#[derive(Clone)]
struct Rest {
    http: reqwest::Client,
    /// `…/api/v1/admin/support/tickets`
    tickets: String,
    token: String,
    tallies: Arc<Tallies>,
}

impl Rest {
    async fn get(&self, url: &str) -> Result<Value, String> {
        lock(&self.tallies.catch_ups).push(Instant::now());
        get_json(&self.http, &self.token, url).await
    }

    /// The panel's thread catch-up: the messages after `after`, page by
    /// page, then the ticket itself (`refresh_summary`).
    async fn thread_catch_up(self, ticket: u64, mut after: u64, log: Arc<Mutex<ClientLog>>) {
        loop {
            let url = format!("{}/{ticket}/messages?after_id={after}", self.tickets);
            let Ok(page) = self.get(&url).await else {
                return;
            };
            let ids: Vec<u64> = page["data"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| m["id"].as_u64())
                .collect();
            after = ids.iter().copied().fold(after, u64::max);
            lock(&log).held.extend(ids.iter().copied());
            let more = page["meta"]["has_more"].as_bool() == Some(true) && !ids.is_empty();
            if !more {
                break;
            }
        }
        let _ = self.get(&format!("{}/{ticket}", self.tickets)).await;
    }

    /// The inbox's loaded pages again: the first, for a client that never scrolls.
    async fn inbox_refresh(self) {
        let _ = self.get(&format!("{}?page=1", self.tickets)).await;
    }
}

async fn get_json(http: &reqwest::Client, token: &str, url: &str) -> Result<Value, String> {
    let response = http
        .get(url)
        .bearer_auth(token)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("GET {url}: {status}"));
    }
    serde_json::from_str(&body).map_err(|e| format!("GET {url}: not JSON: {e}"))
}

async fn post_json(
    http: &reqwest::Client,
    token: Option<&str>,
    url: &str,
    body: Value,
) -> Result<Value, String> {
    let mut request = http
        .post(url)
        .header("Accept", "application/json")
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("POST {url}: {status}: {text:.200}"));
    }
    serde_json::from_str(&text).map_err(|e| format!("POST {url}: not JSON: {e}"))
}

/// One token per demo admin; the clients share them, as tabs of one admin do.
async fn sign_in_admins(http: &reqwest::Client, api: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    for email in ADMINS {
        let answer = post_json(
            http,
            None,
            &format!("{api}/api/v1/admin/auth/login"),
            json!({ "email": email, "password": PASSWORD }),
        )
        .await?;
        let token = answer["token"]
            .as_str()
            .ok_or(format!("admin sign-in of {email}: no token in the answer"))?;
        tokens.push(token.to_string());
    }
    Ok(tokens)
}

/// Signs customers in and opens the tickets the clients follow: (ticket, customer token).
async fn open_tickets(
    http: &reqwest::Client,
    plan: &StormPlan,
) -> Result<(Vec<String>, Vec<(u64, usize)>), String> {
    let mut customers = Vec::new();
    for n in 1..=plan.customers {
        let answer = post_json(
            http,
            None,
            &format!("{}/api/v1/auth/login", plan.api),
            json!({ "email": format!("cliente{n}@mesa.test"), "password": PASSWORD }),
        )
        .await?;
        let token = answer["token"]
            .as_str()
            .ok_or(format!("customer sign-in {n}: no token in the answer"))?;
        customers.push(token.to_string());
    }
    let mut tickets = Vec::new();
    for t in 0..plan.tickets {
        let owner = t % customers.len();
        let answer = post_json(
            http,
            Some(&customers[owner]),
            &format!("{}/api/v1/support/tickets", plan.api),
            json!({ "reason_id": 1, "subject": format!("Tormenta {t}"), "message": "Inicio" }),
        )
        .await?;
        let id = answer["data"]["id"]
            .as_u64()
            .ok_or("opening a ticket: no data.id in the answer")?;
        tickets.push((id, owner));
    }
    Ok((customers, tickets))
}

/// Customers write in turn, one message every `every`, until told to stop.
async fn write_messages(
    http: reqwest::Client,
    api: String,
    customers: Vec<String>,
    tickets: Vec<(u64, usize)>,
    every: Duration,
    sent: Arc<Mutex<Vec<Sent>>>,
    writing: Arc<std::sync::atomic::AtomicBool>,
) {
    let mut pace = tokio::time::interval(every);
    let mut n = 0usize;
    while writing.load(std::sync::atomic::Ordering::SeqCst) {
        pace.tick().await;
        let (ticket, owner) = tickets[n % tickets.len()];
        n += 1;
        let answer = post_json(
            &http,
            Some(&customers[owner]),
            &format!("{api}/api/v1/support/tickets/{ticket}/messages"),
            json!({ "message": format!("Mensaje {n}") }),
        )
        .await;
        match answer.ok().and_then(|a| a["data"]["id"].as_u64()) {
            Some(id) => lock(&sent).push(Sent { ticket, id }),
            None => eprintln!("storm: a customer message was refused"),
        }
    }
}

/// The nodes as the control API sees them, and the balancer's process id.
async fn nodes(http: &reqwest::Client, control: &str) -> Result<(Vec<Value>, Option<u32>), String> {
    let answer: Value = http
        .get(format!("{control}/nodes"))
        .send()
        .await
        .map_err(|e| format!("control: {e}"))?
        .json()
        .await
        .map_err(|e| format!("control: {e}"))?;
    let balancer_pid = answer["balancer_pid"].as_u64().map(|p| p as u32);
    Ok((
        answer["nodes"].as_array().cloned().unwrap_or_default(),
        balancer_pid,
    ))
}

/// Polls `done` until it holds or `limit` passes; true if it held.
async fn wait_until(limit: Duration, done: impl Fn() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    done()
}

/// The storm's own pacing (customers writing before and after the kill),
/// not a wait for a condition.
async fn wait_for(span: Duration) {
    tokio::time::sleep(span).await;
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1
}

/// CPU time and resident memory of the processes that serve the storm,
/// read from `/proc` every 250 ms.
struct Usage {
    processes: Vec<Watched>,
}

struct Watched {
    name: String,
    pid: Option<u32>,
    /// (when, CPU seconds so far), while the process lives.
    cpu: Vec<(Instant, f64)>,
    peak_rss_kb: u64,
}

impl Usage {
    fn new(watched: &[(String, Option<u32>)]) -> Self {
        Usage {
            processes: watched
                .iter()
                .map(|(name, pid)| Watched {
                    name: name.clone(),
                    pid: *pid,
                    cpu: Vec::new(),
                    peak_rss_kb: 0,
                })
                .collect(),
        }
    }

    fn sample(&mut self) {
        let now = Instant::now();
        for process in &mut self.processes {
            let Some(pid) = process.pid else { continue };
            if let Some(seconds) = cpu_seconds(pid) {
                process.cpu.push((now, seconds));
            }
            if let Some(rss) = rss_kb(pid) {
                process.peak_rss_kb = process.peak_rss_kb.max(rss);
            }
        }
    }
}

impl Watched {
    /// The share of one core the process used from `from` to `to`, from the
    /// samples nearest inside; None when it was not alive all along.
    fn cpu_share(&self, from: Instant, to: Instant) -> Option<f64> {
        let first = self.cpu.iter().find(|(t, _)| *t >= from)?;
        let last = self.cpu.iter().rev().find(|(t, _)| *t <= to)?;
        let span = last.0.checked_duration_since(first.0)?.as_secs_f64();
        // A process that stopped answering well before `to` died on the way.
        let alive_to_the_end = to.duration_since(last.0) < Duration::from_millis(600);
        (span > 0.5 && alive_to_the_end).then(|| (last.1 - first.1) / span)
    }
}

async fn sample_usage(usage: Arc<Mutex<Usage>>) {
    loop {
        lock(&usage).sample();
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// utime + stime of `/proc/PID/stat`, in seconds (USER_HZ is 100 on Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after it are plain.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// The most events in any window of `window` (a sliding window over sorted times).
fn peak_in_window(times: &[Instant], window: Duration) -> usize {
    let mut peak = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].duration_since(times[start]) >= window {
            start += 1;
        }
        peak = peak.max(end + 1 - start);
    }
    peak
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The most auth requests one [`PEAK_WINDOW`] may hold after `dropped`
/// clients lost their socket. Each first retry is uniform over the backoff's
/// first second; a client whose retry fell up to [`SCHEDULING_SLACK`] before
/// the window may still ask inside it, late on a busy machine. So the
/// clients asking in one window are a binomial with mean
/// λ = n·(window + slack)/1 s; the bound takes λ at five standard deviations
/// (plus five for small n), which chance alone essentially never crosses,
/// times the channels each authorizes. Clients retrying in lock-step (no
/// jitter) put all n in one window.
pub fn auth_bound_per_window(dropped: usize) -> f64 {
    let span = PEAK_WINDOW + SCHEDULING_SLACK;
    let lambda = dropped as f64 * span.as_secs_f64() * 1_000.0 / FIRST_RETRY_SPREAD_MS;
    AUTHORIZED_CHANNELS as f64 * (lambda + 5.0 * lambda.sqrt() + 5.0)
}

struct Report {
    table: String,
    lost: usize,
    duplicated: u64,
    peak_auth_window: usize,
    auth_bound: f64,
    dropped: usize,
}

impl Report {
    #[allow(clippy::too_many_arguments)]
    fn of(
        plan: &StormPlan,
        logs: &[Arc<Mutex<ClientLog>>],
        tallies: &Tallies,
        sent: &[Sent],
        kill_at: Instant,
        on_killed_node: usize,
        usage: &Usage,
    ) -> Report {
        let mut back_s: Vec<f64> = Vec::new();
        let mut connected_s: Vec<f64> = Vec::new();
        let (mut lost, mut duplicated, mut delivered, mut dropped) = (0usize, 0u64, 0u64, 0usize);
        for log in logs {
            let log = lock(log);
            if let (Some(_), Some(back_at)) = (log.lost_socket_at, log.back_at) {
                back_s.push(back_at.duration_since(kill_at).as_secs_f64());
            }
            if let Some(connected_at) = log.connected_again_at {
                connected_s.push(connected_at.duration_since(kill_at).as_secs_f64());
            }
            if log.lost_socket_at.is_some() {
                dropped += 1;
            }
            lost += sent
                .iter()
                .filter(|s| s.ticket == log.ticket && !log.held.contains(&s.id))
                .count();
            duplicated += log.duplicated;
            delivered += log.delivered;
        }
        back_s.sort_by(f64::total_cmp);
        connected_s.sort_by(f64::total_cmp);
        let spread = |times: &[f64]| {
            format!(
                "{:.2} s / {:.2} s / {:.2} s",
                percentile(times, 50.0),
                percentile(times, 99.0),
                times.last().copied().unwrap_or(0.0)
            )
        };
        let after = |times: &Mutex<Vec<Instant>>| -> Vec<Instant> {
            let mut times: Vec<Instant> = lock(times)
                .iter()
                .copied()
                .filter(|t| *t >= kill_at)
                .collect();
            times.sort();
            times
        };
        let (sockets, auths, catch_ups) = (
            after(&tallies.sockets),
            after(&tallies.auths),
            after(&tallies.catch_ups),
        );
        let per_second = |times: &[Instant]| {
            (
                peak_in_window(times, Duration::from_secs(1)),
                peak_in_window(times, PEAK_WINDOW),
            )
        };
        let (reconnects_1s, reconnects_window) = per_second(&sockets);
        let (auth_1s, auth_window) = per_second(&auths);
        let window_ms = PEAK_WINDOW.as_millis();
        let auth_bound = auth_bound_per_window(dropped);
        let mut table = String::new();
        let row = |t: &mut String, what: &str, value: String| {
            let _ = writeln!(t, "| {what} | {value} |");
        };
        let _ = writeln!(
            table,
            "\n| storm: {} clients, node {} killed | |",
            plan.clients, plan.kill_node
        );
        let _ = writeln!(table, "|---|---|");
        row(
            &mut table,
            "sockets on the killed node",
            format!("{on_killed_node} (clients that lost theirs: {dropped})"),
        );
        row(
            &mut table,
            "socket again (connection_established) after the kill: p50 / p99 / max",
            spread(&connected_s),
        );
        row(
            &mut table,
            "back after the kill (all channels again): p50 / p99 / max",
            spread(&back_s),
        );
        row(
            &mut table,
            &format!("peak reconnects (sockets opened), per 1 s / per {window_ms} ms"),
            format!("{reconnects_1s} / {reconnects_window}"),
        );
        row(
            &mut table,
            &format!("peak auth requests at the backend, per 1 s / per {window_ms} ms"),
            format!("{auth_1s} / {auth_window}"),
        );
        row(
            &mut table,
            &format!("auth bound from the backoff, per {window_ms} ms"),
            format!("{auth_bound:.0}"),
        );
        row(
            &mut table,
            "auth requests after the kill",
            auths.len().to_string(),
        );
        row(
            &mut table,
            "catch-up requests (thread pages, ticket, inbox)",
            catch_ups.len().to_string(),
        );
        row(
            &mut table,
            "customer messages sent during the run",
            sent.len().to_string(),
        );
        row(
            &mut table,
            "events delivered live (message.sent, all channels)",
            delivered.to_string(),
        );
        row(
            &mut table,
            "thread messages lost (not held after catch-up)",
            lost.to_string(),
        );
        row(
            &mut table,
            "events duplicated (same message twice on a channel)",
            duplicated.to_string(),
        );
        let share = |cpu: Option<f64>| match cpu {
            Some(cpu) => format!("{:.0}%", cpu * 100.0),
            None => "gone".to_string(),
        };
        for process in &usage.processes {
            let value = match process.pid {
                None => "not watched".to_string(),
                Some(_) => format!(
                    "{} / {} / {:.0} MB",
                    share(process.cpu_share(kill_at - USAGE_SPAN, kill_at)),
                    share(process.cpu_share(kill_at, kill_at + USAGE_SPAN)),
                    process.peak_rss_kb as f64 / 1024.0
                ),
            };
            row(
                &mut table,
                &format!(
                    "{}: CPU (of one core) the {} s before the kill / the {} s after / peak RSS",
                    process.name,
                    USAGE_SPAN.as_secs(),
                    USAGE_SPAN.as_secs()
                ),
                value,
            );
        }
        Report {
            table,
            lost,
            duplicated,
            peak_auth_window: auth_window,
            auth_bound,
            dropped,
        }
    }

    fn check(&self, quiet: bool) -> Result<(), String> {
        let mut failures = Vec::new();
        if self.dropped == 0 {
            failures.push("no client lost its socket: the kill proved nothing".to_string());
        }
        if !quiet || self.lost > 0 {
            failures.push(format!("{} thread messages lost", self.lost));
        }
        if self.duplicated > 0 {
            failures.push(format!("{} events duplicated", self.duplicated));
        }
        if self.peak_auth_window as f64 > self.auth_bound {
            failures.push(format!(
                "{} auth requests in one {} ms window, over the {:.0} the backoff's jitter allows for {} dropped clients",
                self.peak_auth_window, PEAK_WINDOW.as_millis(), self.auth_bound, self.dropped
            ));
        }
        if failures.is_empty() {
            println!(
                "storm: nothing lost or duplicated; auth peak {} per {} ms, under {:.0}",
                self.peak_auth_window,
                PEAK_WINDOW.as_millis(),
                self.auth_bound
            );
            Ok(())
        } else {
            Err(failures.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_counts_the_busiest_window() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let times = [at(0), at(10), at(20), at(500), at(550), at(590), at(599)];
        assert_eq!(peak_in_window(&times, Duration::from_millis(100)), 4);
        assert_eq!(peak_in_window(&[], Duration::from_millis(100)), 0);
    }

    #[test]
    fn the_bound_sits_between_a_spread_and_a_lock_step() {
        // 100 clients: about 25 a window when spread, all 100 in lock-step.
        let bound = auth_bound_per_window(100);
        assert!(bound > 3.0 * 25.0 * 1.5);
        assert!(bound < 3.0 * 100.0 * 0.75);
    }

    #[test]
    fn percentiles_of_a_few() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&sorted, 50.0), 2.0);
        assert_eq!(percentile(&sorted, 99.0), 4.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }
}
