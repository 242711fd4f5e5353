//! The clauses, in an order that lets later ones use what earlier ones made:
//! sign-in, reads, a ticket of our own (or one borrowed and put back),
//! writes with their broadcasts, channel auth, then the v2 and v3 capabilities.

mod auth;
mod broadcasting;
mod customer;
mod lists;
mod realtime;
mod tickets;
pub(crate) mod v2;
mod v3;
mod writes;

use serde_json::Value;

use crate::api::{Answer, Api};
use crate::clauses;
use crate::config::{Config, WsTarget};
use crate::report::Report;
use crate::shapes::Check;
use crate::ws::{Event, Socket};

use auth::{logout, sign_in, two_sign_ins};

const ADMIN: &str = "/api/v1/admin";
const TICKETS: &str = "/api/v1/admin/support/tickets";
const ADMIN_CHANNEL: &str = "private-support.admin";

fn ensure(condition: bool, why: impl FnOnce() -> String) -> Check {
    if condition {
        Ok(())
    } else {
        Err(why())
    }
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter()
        .filter_map(|r| r.get("id").and_then(Value::as_i64))
        .collect()
}

fn data(answer: &Answer) -> Result<&Value, String> {
    answer
        .json
        .get("data")
        .ok_or_else(|| format!("no data in {answer}"))
}

/// The id of the message an event carries, if it carries one.
fn message_id(event: &Event) -> Option<i64> {
    event.data.get("message")?.get("id")?.as_i64()
}

/// The customer we signed in as.
struct Customer {
    token: String,
    id: i64,
}

/// The ticket the write clauses work on, and how to leave it.
struct Work {
    id: i64,
    customer_id: i64,
    /// Created by this run: closed at the end. Otherwise borrowed: status
    /// and assignment are put back as they were.
    own: bool,
    status: String,
    assigned_to: Option<i64>,
}

struct Run<'a> {
    config: &'a Config,
    api: Api,
    report: Report,
    token: String,
    /// The same admin's second sign-in (the "phone" of `two_sign_ins`),
    /// still signed in: "attachment URLs die with the session" logs it out.
    spare_token: Option<String>,
    admin_id: i64,
    customer: Option<Customer>,
    ws: Option<WsTarget>,
    socket: Option<Socket>,
    /// A word no ticket holds yet: the replies carry it, search finds it.
    marker: String,
}

/// Runs every clause against the backend; `echo` prints each line as it is decided.
pub async fn run(config: &Config, echo: bool) -> Report {
    let mut report = Report::new(echo);
    let api = match Api::new(&config.api) {
        Ok(api) => api,
        Err(why) => {
            report.check(clauses::ADMIN_SIGN_IN, Err(why));
            return report;
        }
    };
    let Some((token, admin_id)) = sign_in(&api, config, &mut report).await else {
        return report;
    };
    let (token, spare_token) = two_sign_ins(&api, config, token, &mut report).await;
    let mut run = Run {
        config,
        api,
        report,
        token,
        spare_token,
        admin_id,
        customer: None,
        ws: config.ws.clone(),
        socket: None,
        marker: format!("mesaconf{:08x}", rand::random::<u32>()),
    };
    run.all().await;
    run.report
}

impl Run<'_> {
    async fn all(&mut self) {
        self.profile_and_lookups().await;
        self.lists().await;
        self.connect_websocket().await;
        let Some(work) = self.work_ticket().await else {
            let why = "no ticket to work on (no open ticket, and no --customer to create one)";
            self.report.skip(clauses::WRITE_CLAUSES, why);
            for clause in [clauses::FILTER_STATUS_OPEN, clauses::FILTER_STATUS_CLOSED] {
                self.report.skip(clause, why);
            }
            self.channel_auth(None).await;
            let capabilities = self.v2(None).await;
            self.v3(None, capabilities.as_ref()).await;
            self.end_spare_session().await;
            return;
        };
        self.status_filter(clauses::FILTER_STATUS_OPEN, "open", &work)
            .await;
        self.replies(&work).await;
        self.customer_side(&work).await;
        self.thread(&work).await;
        self.search(&work).await;
        self.read_mark(&work).await;
        self.assignment(&work).await;
        self.status(&work).await;
        self.channel_auth(Some(&work)).await;
        let capabilities = self.v2(Some(&work)).await;
        self.v3(Some(&work), capabilities.as_ref()).await;
        self.leave(&work).await;
        self.end_spare_session().await;
    }

    /// Logs out the second sign-in if no clause has: the checker leaves no
    /// session behind.
    async fn end_spare_session(&mut self) {
        if let Some(spare) = self.spare_token.take() {
            let _ = logout(&self.api, &spare).await;
        }
    }

    fn customer_token(&self) -> Option<&str> {
        self.customer.as_ref().map(|c| c.token.as_str())
    }

    async fn get(&self, path: &str) -> Result<Answer, String> {
        self.api.get(path, &self.token).await
    }
}
