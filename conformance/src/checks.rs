//! The clauses, in an order that lets later ones use what earlier ones made:
//! sign-in, reads, a ticket of our own (or one borrowed and put back),
//! writes with their broadcasts, channel auth, then the v2 capabilities.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::api::{Answer, Api, Body};
use crate::config::{host_and_port, Config, WsTarget};
use crate::report::{Outcome, Report};
use crate::shapes::{self, short, Check};
use crate::ws::{Event, Socket, EVENT_WAIT};

const ADMIN: &str = "/api/v1/admin";
const TICKETS: &str = "/api/v1/admin/support/tickets";
const ADMIN_CHANNEL: &str = "private-support.admin";

/// How many pages of 100 `count` follows before it gives up on a list
/// whose paginator has no total.
const MAX_COUNTED_PAGES: i64 = 100;

const CUSTOMER_PRESENCE: &str = "broadcasting auth: customer refused presence-support.ticket.{id}";
const CUSTOMER_OTHER_TICKET: &str =
    "broadcasting auth: customer refused another customer's private-support.ticket.{id}";
const CUSTOMER_ADMIN_PRIVATE: &str = "broadcasting auth: customer refused private-admin.{id}";
const ATTACHMENT_SESSION: &str = "attachment URLs die with the session";

/// A 1×1 PNG, for the multipart reply.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The v2 capabilities, in the contract's order.
const CAPABILITIES: [&str; 6] = [
    "idempotency",
    "notes",
    "canned_replies",
    "customers",
    "bulk",
    "mentions",
];

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

/// The seed's channels for a customer and their ticket.
fn customer_channels(work: &Work) -> [String; 2] {
    [
        format!("private-support.ticket.{}", work.id),
        format!("private-customer.{}", work.customer_id),
    ]
}

/// Waits for `message.sent` of `marker_id` on `channel`, then fails if an
/// event that `forbidden` matches came on that channel before it.
async fn heard_without(
    socket: &mut Socket,
    channel: &str,
    marker_id: i64,
    forbidden: impl Fn(&Event) -> bool,
) -> Check {
    let marker = socket
        .wait_for(EVENT_WAIT, |e| {
            e.event == "message.sent" && e.channel == channel && message_id(e) == Some(marker_id)
        })
        .await?;
    ensure(marker.is_some(), || {
        format!("message.sent of the reply sent after the note never came on {channel} within 5 s, so silence proves nothing")
    })?;
    let leaked = socket
        .wait_for(Duration::ZERO, |e| e.channel == channel && forbidden(e))
        .await?;
    match leaked {
        Some(e) => Err(format!("{} with the note on {channel}", e.event)),
        None => Ok(()),
    }
}

/// Counts a list's rows, for a paginator without a total: `fetch` gets page
/// 1, 2, … until one says none follows; more than `MAX_COUNTED_PAGES` fails.
async fn count_by_pages<F, Fut>(query: &str, mut fetch: F) -> Result<i64, String>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = Result<shapes::Page, String>>,
{
    let mut counted = 0;
    for number in 1..=MAX_COUNTED_PAGES {
        let page = fetch(number)
            .await
            .map_err(|e| format!("counting {query} by pages, page {number}: {e}"))?;
        ensure(page.current_page == number, || {
            format!(
                "counting {query} by pages: page={number} answered current_page {}",
                page.current_page
            )
        })?;
        ensure(!page.has_more || !page.rows.is_empty(), || {
            format!("counting {query} by pages: page {number} is empty but says more follow")
        })?;
        counted += page.rows.len() as i64;
        if !page.has_more {
            return Ok(counted);
        }
    }
    Err(format!(
        "counting {query} by pages: more than {MAX_COUNTED_PAGES} pages and still more follow (the paginator gives no total)"
    ))
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
            report.check("admin sign-in", Err(why));
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

async fn sign_in(api: &Api, config: &Config, report: &mut Report) -> Option<(String, i64)> {
    let path = format!("{ADMIN}/auth/login");
    let body = json!({ "email": config.admin_email, "password": config.admin_password });
    let answer = api
        .call(Method::POST, &path, None, &[], Body::Json(body))
        .await;
    let signed_in = answer.and_then(|a| {
        a.expect(200)?;
        let token = shapes::string(&a.json, "token", "answer")?.to_string();
        ensure(!token.is_empty(), || "the token is empty".into())?;
        let admin = shapes::object(&a.json, "admin", "answer")?;
        shapes::admin(admin, "admin")?;
        let id = shapes::int(admin, "id", "admin")?;
        Ok((token, id))
    });
    let (token, id) = match signed_in {
        Ok(ok) => {
            report.check("admin sign-in", Ok(()));
            ok
        }
        Err(why) => {
            report.check("admin sign-in", Err(why));
            report.skip("every other clause", "admin sign-in failed");
            return None;
        }
    };
    let bad = json!({ "email": config.admin_email, "password": format!("{}-wrong", config.admin_password) });
    let answer = api
        .call(Method::POST, &path, None, &[], Body::Json(bad))
        .await;
    report.check(
        "admin sign-in: 422 on bad password",
        answer.and_then(|a| {
            a.expect(422)?;
            shapes::string(&a.json, "message", "answer")?;
            shapes::object(&a.json, "errors", "answer")?;
            Ok(())
        }),
    );
    Some((token, id))
}

/// The same admin signed in on two devices (a laptop and a phone) holds two
/// tokens: both open the profile, and logging out with the first ends only
/// that one. A backend with one token per user fails here, and its second
/// sign-in has also ended the checker's own session: then the checker signs
/// in again, so that one failure does not turn every later clause into a 401.
/// Two sign-ins more than `sign_in`'s, all four within a per-email login
/// throttle of five a minute. Answers the token to go on with and the
/// phone's, if it is still signed in: a second session of the same admin for
/// "attachment URLs die with the session", without a fifth sign-in.
async fn two_sign_ins(
    api: &Api,
    config: &Config,
    token: String,
    report: &mut Report,
) -> (String, Option<String>) {
    const CLAUSE: &str = "two sign-ins coexist: logout ends only its own token";
    let mut second = None;
    let result = async {
        let laptop = admin_token(api, config, "conformance laptop").await?;
        let phone = admin_token(api, config, "conformance phone").await?;
        second = Some(phone.clone());
        ensure(laptop != phone, || {
            "both sign-ins got the same token".into()
        })?;
        for (device, token) in [("laptop", &laptop), ("phone", &phone)] {
            let seen = profile_status(api, token).await?;
            ensure(seen == 200, || {
                format!("after both sign-ins, the {device}'s token gets {seen} from auth/me")
            })?;
        }
        api.call(
            Method::POST,
            &format!("{ADMIN}/auth/logout"),
            Some(&laptop),
            &[],
            Body::None,
        )
        .await?
        .expect(204)
        .map_err(|why| format!("logout with the laptop's token: {why}"))?;
        let seen = profile_status(api, &phone).await?;
        ensure(seen == 200, || {
            format!("after the laptop logged out, the phone's token gets {seen}, not 200")
        })?;
        let seen = profile_status(api, &laptop).await?;
        ensure(seen == 401, || {
            format!("the laptop's token still gets {seen} after its logout, not 401")
        })
    }
    .await;
    report.check(CLAUSE, result);
    let spare = match second {
        Some(phone) if phone != token && profile_status(api, &phone).await == Ok(200) => {
            Some(phone)
        }
        _ => None,
    };
    if profile_status(api, &token).await == Ok(200) {
        return (token, spare);
    }
    let token = admin_token(api, config, "conformance")
        .await
        .unwrap_or(token);
    (token, spare)
}

/// Logs a token out; the answer must be 204.
async fn logout(api: &Api, token: &str) -> Result<(), String> {
    api.call(
        Method::POST,
        &format!("{ADMIN}/auth/logout"),
        Some(token),
        &[],
        Body::None,
    )
    .await?
    .expect(204)
    .map(|_| ())
}

/// What `auth/me` answers to this token.
async fn profile_status(api: &Api, token: &str) -> Result<u16, String> {
    Ok(api.get(&format!("{ADMIN}/auth/me"), token).await?.status)
}

/// A new token for the configured admin, the sign-in naming its device.
async fn admin_token(api: &Api, config: &Config, device: &str) -> Result<String, String> {
    let body = json!({
        "email": config.admin_email, "password": config.admin_password, "device_name": device,
    });
    let answer = api
        .call(
            Method::POST,
            &format!("{ADMIN}/auth/login"),
            None,
            &[],
            Body::Json(body),
        )
        .await?;
    answer
        .expect(200)
        .map_err(|why| format!("sign-in as the {device}: {why}"))?;
    Ok(shapes::string(&answer.json, "token", "answer")?.to_string())
}

impl Run<'_> {
    async fn all(&mut self) {
        self.profile_and_lookups().await;
        self.lists().await;
        self.connect_websocket().await;
        let Some(work) = self.work_ticket().await else {
            let why = "no ticket to work on (no open ticket, and no --customer to create one)";
            self.report.skip("write clauses", why);
            for status in ["open", "closed"] {
                self.report.skip(format!("filter status={status}"), why);
            }
            self.channel_auth(None).await;
            self.v2(None).await;
            self.end_spare_session().await;
            return;
        };
        self.status_filter("open", &work).await;
        self.replies(&work).await;
        self.customer_side(&work).await;
        self.thread(&work).await;
        self.search(&work).await;
        self.read_mark(&work).await;
        self.assignment(&work).await;
        self.status(&work).await;
        self.channel_auth(Some(&work)).await;
        self.v2(Some(&work)).await;
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

    async fn profile_and_lookups(&mut self) {
        let me = self.get(&format!("{ADMIN}/auth/me")).await;
        let admin_id = self.admin_id;
        self.report.check(
            "auth/me",
            me.and_then(|a| {
                a.expect(200)?;
                let admin = shapes::object(&a.json, "data", "answer")?;
                shapes::admin(admin, "data")?;
                let id = shapes::int(admin, "id", "data")?;
                ensure(id == admin_id, || {
                    format!("data.id is {id}, sign-in said {admin_id}")
                })
            }),
        );
        let anonymous = self
            .api
            .call(
                Method::GET,
                &format!("{ADMIN}/auth/me"),
                None,
                &[],
                Body::None,
            )
            .await;
        self.report.check(
            "401 without a token",
            anonymous.and_then(|a| {
                a.expect(401)?;
                let message = shapes::string(&a.json, "message", "answer")?;
                ensure(message == "Unauthenticated.", || {
                    format!("message is {message:?}, not \"Unauthenticated.\"")
                })
            }),
        );
        let reasons = self.get("/api/v1/support/reasons").await;
        self.report.check(
            "reasons",
            reasons.and_then(|a| {
                a.expect(200)?;
                let list = shapes::array(&a.json, "data", "answer")?;
                ensure(!list.is_empty(), || "no reasons".into())?;
                for (i, reason) in list.iter().enumerate() {
                    shapes::int(reason, "id", &format!("data[{i}]"))?;
                    shapes::string(reason, "name", &format!("data[{i}]"))?;
                }
                Ok(())
            }),
        );
        let admins = self.get(&format!("{ADMIN}/support/admins")).await;
        self.report.check(
            "admin list",
            admins.and_then(|a| {
                a.expect(200)?;
                let list = shapes::array(&a.json, "data", "answer")?;
                for (i, admin) in list.iter().enumerate() {
                    shapes::admin(admin, &format!("data[{i}]"))?;
                }
                ensure(ids(list).contains(&admin_id), || {
                    format!("the signed-in admin {admin_id} is not listed")
                })
            }),
        );
    }

    /// A page of the admin ticket list, read by `shapes::page` whichever of
    /// Laravel's paginators wrote it.
    async fn list(&self, query: &str) -> Result<shapes::Page, String> {
        let answer = self.get(&format!("{TICKETS}?{query}")).await?;
        answer.expect(200)?;
        shapes::page(&answer.json)
    }

    /// Rows of a list query that must all have `assigned_to == wanted`; their count.
    async fn assigned_rows(&self, query: String, wanted: Option<i64>) -> Result<usize, String> {
        let rows = self.list(&query).await?.rows;
        match rows
            .iter()
            .find(|r| r.get("assigned_to").and_then(Value::as_i64) != wanted)
        {
            Some(row) => Err(format!(
                "a row has assigned_to {}",
                short(row.get("assigned_to").unwrap_or(&Value::Null))
            )),
            None => Ok(rows.len()),
        }
    }

    /// How many tickets a list query holds: the paginator's `total`, or,
    /// from a simple paginator, the rows counted page by page.
    async fn total(&self, query: &str) -> Result<i64, String> {
        let first = self.list(query).await?;
        match first.total {
            Some(total) => Ok(total),
            None => self.count(query).await,
        }
    }

    /// Counts a list's rows by following its pages (`per_page=100`).
    async fn count(&self, query: &str) -> Result<i64, String> {
        count_by_pages(query, |number| {
            let query = format!("{query}&per_page=100&page={number}");
            async move { self.list(&query).await }
        })
        .await
    }

    async fn lists(&mut self) {
        let first = self.list("").await;
        self.report.check_noting(
            "paginator shape",
            first.as_ref().map_err(Clone::clone).and_then(|first| {
                let page = first.current_page;
                let per_page = first.per_page;
                let rows = first.rows.len() as i64;
                ensure(page == 1, || format!("current_page is {page}, not 1"))?;
                ensure(per_page > 0 && rows <= per_page, || {
                    format!("{rows} rows for per_page {per_page}")
                })?;
                if let (Some(total), Some(last)) = (first.total, first.last_page) {
                    let expected_last = ((total + per_page - 1) / per_page.max(1)).max(1);
                    ensure(last == expected_last, || {
                        format!("last_page is {last}; total {total} / per_page {per_page} makes {expected_last}")
                    })?;
                } else {
                    // simplePaginate() fetches one row more than a page to
                    // know whether another follows.
                    ensure(!(first.has_more && rows < per_page), || {
                        format!("{rows} rows for per_page {per_page}, yet a next page is announced")
                    })?;
                }
                Ok(first.shape.to_string())
            }),
        );
        let (page1, page2) = (
            self.list("per_page=5").await,
            self.list("per_page=5&page=2").await,
        );
        self.report.check(
            "paginator page 2",
            page1.and_then(|one| {
                let two = page2?;
                let page = two.current_page;
                ensure(page == 2, || format!("current_page is {page}, not 2"))?;
                ensure(two.shape == one.shape, || {
                    format!("page 1 is {}, page 2 {}", one.shape, two.shape)
                })?;
                ensure(one.has_more != two.rows.is_empty(), || {
                    format!(
                        "page 1 says {} follows, page 2 holds {} rows",
                        if one.has_more { "more" } else { "nothing" },
                        two.rows.len()
                    )
                })?;
                let overlap: Vec<i64> = ids(&two.rows)
                    .into_iter()
                    .filter(|id| ids(&one.rows).contains(id))
                    .collect();
                ensure(overlap.is_empty(), || {
                    format!("pages 1 and 2 both hold {overlap:?}")
                })
            }),
        );
        self.report.check(
            "ticket summary shape",
            first.as_ref().map_err(Clone::clone).and_then(|first| {
                let rows = &first.rows;
                ensure(!rows.is_empty(), || "the ticket list is empty".into())?;
                for (i, row) in rows.iter().enumerate() {
                    shapes::summary(row, &format!("data[{i}]"))?;
                }
                Ok(())
            }),
        );

        // status=open and status=closed are checked on the work ticket, while
        // it is in that status (`status_filter`): on a desk with none, an
        // empty list would pass anything.
        let all = self.total("status=all").await;
        let (open, closed) = (
            self.total("status=open").await,
            self.total("status=closed").await,
        );
        self.report.check(
            "filter status=all",
            all.clone().and_then(|all| {
                let (open, closed) = (open?, closed?);
                ensure(all == open + closed, || {
                    format!("status=all has {all} tickets, open {open} + closed {closed}")
                })
            }),
        );

        let me = self.admin_id;
        let result = self
            .assigned_rows("status=all&assigned=me&per_page=100".into(), Some(me))
            .await;
        self.report.check("filter assigned=me", result.map(|_| ()));
        let result = self
            .assigned_rows("status=all&assigned=unassigned&per_page=100".into(), None)
            .await;
        self.report
            .check("filter assigned=unassigned", result.map(|_| ()));
        let any = self.total("status=all&assigned=any").await;
        self.report.check(
            "filter assigned=any",
            any.and_then(|any| {
                let all = all?;
                ensure(any == all, || {
                    format!("assigned=any has {any} tickets, status=all {all}")
                })
            }),
        );
        // Someone else's tickets if any are assigned, else our own.
        let other = self
            .list("status=all&per_page=100")
            .await
            .ok()
            .and_then(|page| {
                page.rows
                    .iter()
                    .filter_map(|r| r.get("assigned_to").and_then(Value::as_i64))
                    .find(|id| *id != me)
            })
            .unwrap_or(me);
        let result = self
            .assigned_rows(
                format!("status=all&assigned={other}&per_page=100"),
                Some(other),
            )
            .await;
        self.report.check(
            "filter assigned={id}",
            result.and_then(|n| {
                ensure(n > 0 || other == me, || {
                    format!("no tickets for admin {other}, who has some")
                })
            }),
        );

        let reason = first.as_ref().ok().and_then(|first| {
            first.rows.iter().find_map(|r| {
                r.get("reason")
                    .and_then(|r| r.get("id"))
                    .and_then(Value::as_i64)
            })
        });
        match reason {
            None => self
                .report
                .skip("filter reason_id", "no ticket with a reason to filter by"),
            Some(reason) => {
                let result = self
                    .list(&format!("status=all&reason_id={reason}&per_page=100"))
                    .await;
                self.report.check(
                    "filter reason_id",
                    result.and_then(|shapes::Page { rows, .. }| {
                        ensure(!rows.is_empty(), || {
                            format!("nothing for reason_id={reason}")
                        })?;
                        match rows.iter().find(|r| {
                            r.get("reason")
                                .and_then(|r| r.get("id"))
                                .and_then(Value::as_i64)
                                != Some(reason)
                        }) {
                            Some(row) => Err(format!("a row has another reason: {}", short(row))),
                            None => Ok(()),
                        }
                    }),
                );
            }
        }

        for (sort, field, descending) in [
            ("-last_message_at", "last_message_at", true),
            ("last_message_at", "last_message_at", false),
            ("-created_at", "created_at", true),
        ] {
            let result = self
                .list(&format!("status=all&sort={sort}&per_page=100"))
                .await;
            self.report.check(
                format!("sort={sort}"),
                result.and_then(|shapes::Page { rows, .. }| {
                    let values: Vec<&str> = rows
                        .iter()
                        .filter_map(|r| r.get(field).and_then(Value::as_str))
                        .collect();
                    for pair in values.windows(2) {
                        let ordered = if descending {
                            pair[0] >= pair[1]
                        } else {
                            pair[0] <= pair[1]
                        };
                        ensure(ordered, || format!("{field} {} then {}", pair[0], pair[1]))?;
                    }
                    Ok(())
                }),
            );
        }

        let five = self.list("status=all&per_page=5").await;
        let over = self
            .get(&format!("{TICKETS}?status=all&per_page=101"))
            .await;
        self.report.check(
            "per_page max 100",
            five.and_then(|five| {
                let (per_page, rows) = (five.per_page, five.rows.len());
                ensure(per_page == 5 && rows <= 5, || {
                    format!("per_page=5 gave per_page {per_page} and {rows} rows")
                })?;
                // Refusing (422) or capping at 100 both keep the limit.
                let over = over?;
                if over.status == 422 {
                    return Ok(());
                }
                over.expect(200).map_err(|e| format!("per_page=101: {e}"))?;
                let over = shapes::page(&over.json).map_err(|e| format!("per_page=101: {e}"))?;
                let (rows, per_page) = (over.rows.len(), over.per_page);
                ensure(rows <= 100 && per_page <= 100, || {
                    format!("per_page=101 answered {rows} rows, per_page {per_page}")
                })
            }),
        );
    }

    /// Where the WebSocket is: the flags, else the backend's `/config.json`
    /// (the dev server and a deployed panel serve one).
    async fn ws_target(&self) -> Option<WsTarget> {
        if let Some(ws) = &self.ws {
            return Some(ws.clone());
        }
        let config = self
            .api
            .call(Method::GET, "/config.json", None, &[], Body::None)
            .await
            .ok()?;
        let key = config.json.get("reverb_app_key")?.as_str()?.to_string();
        let (api_host, api_port) = host_and_port(&self.api.base)?;
        let host = config
            .json
            .get("ws_host")
            .and_then(Value::as_str)
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .unwrap_or(api_host);
        let port = config
            .json
            .get("ws_port")
            .and_then(Value::as_u64)
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(api_port);
        Some(WsTarget { host, port, key })
    }

    async fn connect_websocket(&mut self) {
        if self.config.no_websocket {
            self.report
                .skip("websocket connection", "--no-websocket: no Pusher server");
            return;
        }
        let Some(target) = self.ws_target().await else {
            self.report.skip(
                "websocket connection",
                "no --ws-host/--ws-port/--key and no /config.json to read them from",
            );
            return;
        };
        self.ws = Some(target.clone());
        let socket = Socket::connect(&target.url()).await;
        let socket = match socket {
            Ok(socket) => socket,
            Err(why) => {
                self.report.check("websocket connection", Err(why));
                return;
            }
        };
        let id_ok = matches!(socket.socket_id.split_once('.'), Some((a, b))
            if !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()));
        self.report.check(
            "websocket connection",
            ensure(id_ok, || {
                format!(
                    "socket_id {:?} is not of the form 123.456",
                    socket.socket_id
                )
            }),
        );
        let mut socket = socket;
        let result = socket
            .subscribe(&self.api, &self.token, ADMIN_CHANNEL)
            .await;
        let subscribed = result.is_ok();
        self.report.check("subscribe private-support.admin", result);
        if subscribed {
            self.socket = Some(socket);
        }
    }

    /// Skips a WebSocket clause when there is no socket; else waits for an
    /// event and checks it.
    async fn expect_event(
        &mut self,
        clause: &str,
        matches: impl Fn(&Event) -> bool,
        check: impl Fn(&Event) -> Check,
    ) {
        let Some(socket) = self.socket.as_mut() else {
            self.report.skip(clause, "no subscribed WebSocket");
            return;
        };
        let result = match socket.wait_for(EVENT_WAIT, matches).await {
            Ok(Some(event)) => {
                // Laravel sends `data` as a JSON string; a client decodes it.
                if !event.raw_data.is_string() {
                    Err(format!(
                        "data is not a JSON string: {}",
                        short(&event.raw_data)
                    ))
                } else {
                    check(&event)
                }
            }
            Ok(None) => Err("no such event within 5 s".into()),
            Err(why) => Err(why),
        };
        self.report.check(clause, result);
    }

    /// `filter status={status}` while the work ticket is in that status: the
    /// list must hold it (it has this run's newest messages, so it is on the
    /// first page by last activity) and nothing of another status.
    async fn status_filter(&mut self, status: &str, work: &Work) {
        let result = self
            .list(&format!(
                "status={status}&sort=-last_message_at&per_page=100"
            ))
            .await;
        self.report.check(
            format!("filter status={status}"),
            result.and_then(|shapes::Page { rows, .. }| {
                ensure(!rows.is_empty(), || {
                    format!("the list is empty, but ticket {} is {status}", work.id)
                })?;
                if let Some(row) = rows
                    .iter()
                    .find(|r| r.get("status").and_then(Value::as_str) != Some(status))
                {
                    return Err(format!("a row is not {status}: {}", short(row)));
                }
                ensure(ids(&rows).contains(&work.id), || {
                    format!("ticket {}, which is {status}, is not listed", work.id)
                })
            }),
        );
    }

    async fn work_ticket(&mut self) -> Option<Work> {
        let Some((email, password)) = self.config.customer.clone() else {
            self.report.skip("customer sign-in", "needs --customer");
            self.report
                .skip("customer creates a ticket", "needs --customer");
            self.report.skip(
                "ticket.created on private-support.admin",
                "needs --customer",
            );
            return self.borrowed_ticket().await;
        };
        let answer = self
            .api
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                &[],
                Body::Json(json!({ "email": email, "password": password })),
            )
            .await;
        let customer = answer.and_then(|a| {
            a.expect(200)?;
            let token = shapes::string(&a.json, "token", "answer")?.to_string();
            let customer = shapes::object(&a.json, "customer", "answer")?;
            let id = shapes::int(customer, "id", "customer")?;
            Ok(Customer { token, id })
        });
        match customer {
            Ok(customer) => {
                self.report.check("customer sign-in", Ok(()));
                self.customer = Some(customer);
            }
            Err(why) => {
                self.report.check("customer sign-in", Err(why));
                self.report
                    .skip("customer creates a ticket", "customer sign-in failed");
                return self.borrowed_ticket().await;
            }
        }
        let reason = self
            .get("/api/v1/support/reasons")
            .await
            .ok()
            .and_then(|a| a.json.get("data")?.get(0)?.get("id")?.as_i64())
            .unwrap_or(1);
        let subject = format!("Conformance {}", self.marker);
        let token = self.customer_token().unwrap_or_default().to_string();
        let answer = self
            .api
            .json(Method::POST, "/api/v1/support/tickets", &token, json!({
                "reason_id": reason, "subject": subject, "message": format!("Primer mensaje {}", self.marker)
            }))
            .await;
        let created = answer.and_then(|a| {
            a.expect(201)?;
            let summary = data(&a)?;
            shapes::summary(summary, "data")?;
            let status = summary.get("status").and_then(Value::as_str);
            ensure(status == Some("open"), || {
                format!("a new ticket is {status:?}")
            })?;
            ensure(
                summary.get("last_message").is_some_and(Value::is_object),
                || {
                    "the first message was not created with the ticket (last_message is null)"
                        .into()
                },
            )?;
            shapes::int(summary, "id", "data")
        });
        let id = match created {
            Ok(id) => {
                self.report.check("customer creates a ticket", Ok(()));
                id
            }
            Err(why) => {
                self.report.check("customer creates a ticket", Err(why));
                return self.borrowed_ticket().await;
            }
        };
        self.expect_event(
            "ticket.created on private-support.admin",
            |e| {
                e.event == "ticket.created"
                    && e.channel == ADMIN_CHANNEL
                    && e.data
                        .get("ticket")
                        .and_then(|t| t.get("id"))
                        .and_then(Value::as_i64)
                        == Some(id)
            },
            |e| shapes::summary(shapes::object(&e.data, "ticket", "data")?, "data.ticket"),
        )
        .await;
        let customer_id = self.customer.as_ref().map(|c| c.id).unwrap_or_default();
        let work = Work {
            id,
            customer_id,
            own: true,
            status: "open".into(),
            assigned_to: None,
        };
        self.subscribe_ticket(&work).await;
        Some(work)
    }

    /// The newest open ticket, put back as it was at the end.
    async fn borrowed_ticket(&mut self) -> Option<Work> {
        let rows = self.list("status=open&per_page=1").await.ok()?.rows;
        let row = rows.first()?;
        let work = Work {
            id: row.get("id")?.as_i64()?,
            customer_id: row.get("customer")?.get("id")?.as_i64()?,
            own: false,
            status: "open".into(),
            assigned_to: row.get("assigned_to").and_then(Value::as_i64),
        };
        self.subscribe_ticket(&work).await;
        Some(work)
    }

    async fn subscribe_ticket(&mut self, work: &Work) {
        let clause = "subscribe private-support.ticket.{id}";
        let Some(socket) = self.socket.as_mut() else {
            self.report.skip(clause, "no subscribed WebSocket");
            return;
        };
        let result = socket
            .subscribe(
                &self.api,
                &self.token,
                &format!("private-support.ticket.{}", work.id),
            )
            .await;
        let ok = result.is_ok();
        self.report.check(clause, result);
        if !ok {
            // Events would be missing for the wrong reason: stop listening.
            self.socket = None;
        }
    }

    fn messages_path(&self, work: &Work) -> String {
        format!("{TICKETS}/{}/messages", work.id)
    }

    /// Waits for `message.sent` of `message_id` on both channels.
    async fn message_sent_events(&mut self, work: &Work, message_id: i64, clauses: [&str; 2]) {
        let channels = [
            format!("private-support.ticket.{}", work.id),
            ADMIN_CHANNEL.to_string(),
        ];
        let ticket_id = work.id;
        for (clause, channel) in clauses.into_iter().zip(channels) {
            self.expect_event(
                clause,
                |e| {
                    e.event == "message.sent"
                        && e.channel == channel
                        && e.data
                            .get("message")
                            .and_then(|m| m.get("id"))
                            .and_then(Value::as_i64)
                            == Some(message_id)
                },
                |e| shapes::message_event(&e.data, ticket_id),
            )
            .await;
        }
    }

    async fn replies(&mut self, work: &Work) {
        let text = format!("Respuesta {}", self.marker);
        let answer = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": text }),
            )
            .await;
        let reply = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            ensure(message.get("is_from_admin") == Some(&json!(true)), || {
                "is_from_admin is not true".into()
            })?;
            ensure(
                message.get("sender").and_then(|s| s.get("type")) == Some(&json!("admin")),
                || "sender.type is not admin".into(),
            )?;
            ensure(
                message.get("message").and_then(Value::as_str) == Some(text.as_str()),
                || {
                    format!(
                        "message is {}, not the text sent",
                        short(message.get("message").unwrap_or(&Value::Null))
                    )
                },
            )?;
            shapes::int(message, "id", "data")
        });
        let reply_id = reply.as_ref().ok().copied();
        self.report.check("reply (JSON)", reply.map(|_| ()));
        match reply_id {
            Some(id) => {
                self.message_sent_events(
                    work,
                    id,
                    [
                        "message.sent on private-support.ticket.{id}",
                        "message.sent on private-support.admin",
                    ],
                )
                .await
            }
            None => {
                self.report.skip(
                    "message.sent on private-support.ticket.{id}",
                    "the reply failed",
                );
                self.report
                    .skip("message.sent on private-support.admin", "the reply failed");
            }
        }

        let part = reqwest::multipart::Part::bytes(PNG.to_vec())
            .file_name("conformance.png")
            .mime_str("image/png");
        let answer = match part {
            Ok(part) => {
                let form = reqwest::multipart::Form::new()
                    .text("message", format!("Adjunto {}", self.marker))
                    .part("attachments[]", part);
                self.api
                    .call(
                        Method::POST,
                        &self.messages_path(work),
                        Some(&self.token),
                        &[],
                        Body::Multipart(form),
                    )
                    .await
            }
            Err(e) => Err(format!("cannot build the form: {e}")),
        };
        let attachment = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            let attachments = shapes::array(message, "attachments", "data")?;
            let first = attachments.first().ok_or("no attachment in the answer")?;
            let mime = shapes::string(first, "mime_type", "attachment")?;
            ensure(mime == "image/png", || format!("mime_type is {mime:?}"))?;
            let size = shapes::int(first, "file_size", "attachment")?;
            ensure(size == PNG.len() as i64, || {
                format!("file_size is {size}, sent {}", PNG.len())
            })?;
            let url = shapes::string(first, "url", "attachment")?.to_string();
            Ok((url, shapes::int(message, "id", "data")?))
        });
        let sent = attachment.as_ref().ok().cloned();
        self.report
            .check("reply (multipart with PNG)", attachment.map(|_| ()));
        match sent {
            None => {
                self.report.skip(
                    "attachment url serves the file",
                    "the multipart reply failed",
                );
                self.report
                    .skip(ATTACHMENT_SESSION, "the multipart reply failed");
            }
            Some((url, message_id)) => {
                let fetched = self.api.fetch_bytes(&url).await;
                self.report.check(
                    "attachment url serves the file",
                    fetched.and_then(|(status, bytes)| {
                        ensure(status == 200, || {
                            format!("GET {url} without a token answered {status}")
                        })?;
                        ensure(bytes == PNG, || {
                            format!("{} bytes that are not the PNG sent", bytes.len())
                        })
                    }),
                );
                self.attachment_session(work, message_id, &url).await;
            }
        }

        let empty = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": "" }),
            )
            .await;
        self.report.check(
            "reply: 422 when empty",
            empty.and_then(|a| a.expect(422).map(|_| ())),
        );
    }

    /// An attachment URL is bound to the sign-in it was given to, so that on
    /// a shared computer a customer's file cannot be fetched again from the
    /// browser's history after sign-out. The admin's second sign-in fetches
    /// the message the way the panel refreshes a failed image
    /// (`after_id={id - 1}&limit=1`); its URL loads; that token logs out;
    /// the URL is refused with 403, while the URL given to the checker's own
    /// session (`own_url`, from the reply's answer) still loads.
    async fn attachment_session(&mut self, work: &Work, message_id: i64, own_url: &str) {
        let Some(spare) = self.spare_token.take() else {
            self.report.skip(
                ATTACHMENT_SESSION,
                "no second sign-in of the admin (see \"two sign-ins coexist\")",
            );
            return;
        };
        let path = format!(
            "{}?after_id={}&limit=1",
            self.messages_path(work),
            message_id - 1
        );
        let api = &self.api;
        let result = async {
            let answer = api.get(&path, &spare).await?;
            answer.expect(200).map_err(|why| format!("GET {path}: {why}"))?;
            let rows = shapes::array(&answer.json, "data", "answer")?;
            let message = rows
                .iter()
                .find(|m| m.get("id") == Some(&json!(message_id)))
                .ok_or_else(|| format!("GET {path} did not answer message {message_id}"))?;
            let attachments = shapes::array(message, "attachments", "data[0]")?;
            let first = attachments
                .first()
                .ok_or("the message has no attachment")?;
            let url = shapes::string(first, "url", "data[0].attachments[0]")?.to_string();
            let (status, _) = api.fetch_bytes(&url).await?;
            ensure(status == 200, || {
                format!("while the second sign-in lives, its URL {url} answered {status}")
            })?;
            logout(api, &spare)
                .await
                .map_err(|why| format!("logout of the second sign-in: {why}"))?;
            let (status, _) = api.fetch_bytes(&url).await?;
            ensure(status == 403, || {
                format!(
                    "after its token logged out, the second sign-in's URL {url} answered {status}, not 403"
                )
            })?;
            let (status, _) = api.fetch_bytes(own_url).await?;
            ensure(status == 200, || {
                format!(
                    "after another sign-in of the same admin logged out, this session's URL {own_url} answered {status}: URLs are bound to one sign-in, not to the admin"
                )
            })
        }
        .await;
        self.report.check(ATTACHMENT_SESSION, result);
    }

    async fn customer_side(&mut self, work: &Work) {
        let clauses = [
            "customer message",
            "message.sent from the customer on private-support.ticket.{id}",
            "message.sent from the customer on private-support.admin",
            "customer ticket list",
            "customer ticket detail",
            "customer: another customer's ticket is 404",
            "customer: a message to another customer's ticket is refused",
        ];
        let Some(token) = self.customer_token().map(str::to_string) else {
            for clause in clauses {
                self.report.skip(clause, "needs --customer");
            }
            return;
        };
        if !work.own {
            for clause in clauses {
                self.report
                    .skip(clause, "the customer's own ticket could not be created");
            }
            return;
        }
        let path = format!("/api/v1/support/tickets/{}/messages", work.id);
        let answer = self
            .api
            .json(
                Method::POST,
                &path,
                &token,
                json!({ "message": format!("Cliente {}", self.marker) }),
            )
            .await;
        let sent = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            ensure(message.get("is_from_admin") == Some(&json!(false)), || {
                "is_from_admin is not false".into()
            })?;
            shapes::int(message, "id", "data")
        });
        let sent_id = sent.as_ref().ok().copied();
        self.report.check(clauses[0], sent.map(|_| ()));
        match sent_id {
            Some(id) => {
                self.message_sent_events(work, id, [clauses[1], clauses[2]])
                    .await
            }
            None => {
                self.report
                    .skip(clauses[1], "the customer's message failed");
                self.report
                    .skip(clauses[2], "the customer's message failed");
            }
        }

        let customer_id = work.customer_id;
        let list = self.api.get("/api/v1/support/tickets", &token).await;
        self.report.check(
            clauses[3],
            list.and_then(|a| {
                a.expect(200)?;
                let rows = &shapes::page(&a.json)?.rows;
                for (i, row) in rows.iter().enumerate() {
                    shapes::summary(row, &format!("data[{i}]"))?;
                    let owner = row
                        .get("customer")
                        .and_then(|c| c.get("id"))
                        .and_then(Value::as_i64);
                    ensure(owner == Some(customer_id), || {
                        format!("data[{i}] belongs to customer {owner:?}")
                    })?;
                }
                ensure(ids(rows).contains(&work.id), || {
                    format!("ticket {} is not listed", work.id)
                })
            }),
        );
        let detail = self
            .api
            .get(&format!("/api/v1/support/tickets/{}", work.id), &token)
            .await;
        self.report.check(
            clauses[4],
            detail.and_then(|a| {
                a.expect(200)?;
                let ticket = data(&a)?;
                shapes::summary(ticket, "data")?;
                for (i, m) in shapes::array(ticket, "messages", "data")?
                    .iter()
                    .enumerate()
                {
                    shapes::message(m, &format!("data.messages[{i}]"))?;
                }
                Ok(())
            }),
        );
        let other = self.other_customers_ticket(customer_id, "all").await;
        match other {
            None => self
                .report
                .skip(clauses[5], "no other customer's ticket to try"),
            Some(other) => {
                let answer = self
                    .api
                    .get(&format!("/api/v1/support/tickets/{other}"), &token)
                    .await;
                self.report
                    .check(clauses[5], answer.and_then(|a| a.expect(404).map(|_| ())));
            }
        }
        self.write_to_another(&token, customer_id, clauses[6]).await;
    }

    /// A ticket of another customer than `customer_id`, by the admin list.
    async fn other_customers_ticket(&self, customer_id: i64, status: &str) -> Option<i64> {
        let rows = self
            .list(&format!("status={status}&per_page=100"))
            .await
            .ok()?
            .rows;
        rows.iter()
            .find(|r| {
                r.get("customer")
                    .and_then(|c| c.get("id"))
                    .and_then(Value::as_i64)
                    != Some(customer_id)
            })
            .and_then(|r| r.get("id").and_then(Value::as_i64))
    }

    /// The customer posts to another customer's open ticket (open, so a
    /// refusal cannot be the 422 of a closed one): it must be refused as
    /// the ticket's detail is, 404 (or 403), and nothing written.
    async fn write_to_another(&mut self, token: &str, customer_id: i64, clause: &str) {
        let Some(other) = self.other_customers_ticket(customer_id, "open").await else {
            self.report
                .skip(clause, "no other customer's open ticket to try");
            return;
        };
        let answer = self
            .api
            .json(
                Method::POST,
                &format!("/api/v1/support/tickets/{other}/messages"),
                token,
                json!({ "message": format!("Intruso {}", self.marker) }),
            )
            .await;
        self.report.check(
            clause,
            answer.and_then(|a| {
                ensure(a.status == 404 || a.status == 403, || {
                    format!("POST to ticket {other}: expected 404, got {a}")
                })
            }),
        );
    }

    /// Message ids must be strictly increasing (oldest first).
    fn ascending(messages: &[Value]) -> Check {
        let ids = ids(messages);
        ensure(ids.len() == messages.len(), || {
            "a message without an integer id".into()
        })?;
        ensure(ids.windows(2).all(|w| w[0] < w[1]), || {
            format!("not oldest first: {ids:?}")
        })
    }

    async fn page(&self, work: &Work, query: &str) -> Result<(Vec<Value>, bool), String> {
        let answer = self
            .get(&format!("{}?{query}", self.messages_path(work)))
            .await?;
        answer.expect(200)?;
        let list = shapes::array(&answer.json, "data", "answer")?.clone();
        for (i, m) in list.iter().enumerate() {
            shapes::message(m, &format!("data[{i}]"))?;
        }
        let meta = shapes::object(&answer.json, "meta", "answer")?;
        let has_more = shapes::boolean(meta, "has_more", "meta")?;
        Self::ascending(&list)?;
        Ok((list, has_more))
    }

    async fn thread(&mut self, work: &Work) {
        let detail = self.get(&format!("{TICKETS}/{}", work.id)).await;
        let messages = detail.and_then(|a| {
            a.expect(200)?;
            let ticket = data(&a)?;
            shapes::summary(ticket, "data")?;
            shapes::boolean(ticket, "has_more_messages", "data")?;
            let messages = shapes::array(ticket, "messages", "data")?;
            ensure(messages.len() <= 50, || {
                format!("{} messages, more than the newest 50", messages.len())
            })?;
            for (i, m) in messages.iter().enumerate() {
                shapes::message(m, &format!("data.messages[{i}]"))?;
            }
            Self::ascending(messages)?;
            Ok(ids(messages))
        });
        let thread = messages.as_ref().ok().cloned().unwrap_or_default();
        self.report
            .check("ticket detail shape", messages.map(|_| ()));
        if thread.len() < 3 {
            for clause in [
                "message paging limit",
                "message paging before_id",
                "message paging after_id",
            ] {
                self.report
                    .skip(clause, "the thread has fewer than 3 messages");
            }
            return;
        }
        let newest = thread[thread.len() - 1];
        let oldest = thread[0];
        let limited = self.page(work, "limit=2").await;
        let over = self
            .get(&format!("{}?limit=101", self.messages_path(work)))
            .await;
        self.report.check(
            "message paging limit",
            limited.and_then(|(list, has_more)| {
                let got = ids(&list);
                ensure(got.len() == 2 && got.last() == Some(&newest), || {
                    format!("limit=2 gave {got:?}, expected the newest two ending in {newest}")
                })?;
                ensure(has_more, || {
                    "meta.has_more is false with older messages left".into()
                })?;
                let over = over?;
                if over.status == 422 {
                    return Ok(());
                }
                over.expect(200).map_err(|e| format!("limit=101: {e}"))?;
                let n = shapes::array(&over.json, "data", "answer")?.len();
                ensure(n <= 100, || format!("limit=101 answered {n} messages"))
            }),
        );
        let before = self
            .page(work, &format!("before_id={newest}&limit=100"))
            .await;
        self.report.check(
            "message paging before_id",
            before.and_then(|(list, _)| {
                let got = ids(&list);
                ensure(!got.is_empty() && got.iter().all(|id| *id < newest), || {
                    format!("before_id={newest} gave {got:?}")
                })
            }),
        );
        let after = self
            .page(work, &format!("after_id={oldest}&limit=100"))
            .await;
        self.report.check(
            "message paging after_id",
            after.and_then(|(list, _)| {
                let got = ids(&list);
                ensure(
                    got.iter().all(|id| *id > oldest) && got.contains(&newest),
                    || {
                        format!(
                            "after_id={oldest} gave {got:?}, expected ids above it up to {newest}"
                        )
                    },
                )
            }),
        );
    }

    async fn search(&mut self, work: &Work) {
        // The marker is only in this run's messages (and subject): message
        // text is one of the contract's search fields.
        let result = self
            .list(&format!("status=all&search={}", self.marker))
            .await;
        let nothing = self
            .total(&format!("status=all&search=zz{}qq", self.marker))
            .await;
        self.report.check(
            "filter search",
            result.and_then(|shapes::Page { rows, .. }| {
                ensure(ids(&rows).contains(&work.id), || {
                    format!(
                        "search for a reply's text did not find ticket {}: {:?}",
                        work.id,
                        ids(&rows)
                    )
                })?;
                let nothing = nothing?;
                ensure(nothing == 0, || {
                    format!("a search for nothing found {nothing} tickets")
                })
            }),
        );
    }

    async fn read_mark(&mut self, work: &Work) {
        let answer = self
            .api
            .call(
                Method::POST,
                &format!("{TICKETS}/{}/read", work.id),
                Some(&self.token),
                &[],
                Body::None,
            )
            .await;
        let after = self.get(&format!("{TICKETS}/{}", work.id)).await;
        self.report.check(
            "read marks",
            answer.and_then(|a| {
                a.expect(204)?;
                let after = after?;
                let unread = shapes::int(data(&after)?, "unread_count", "data")?;
                ensure(unread == 0, || {
                    format!("unread_count is {unread} after marking read")
                })
            }),
        );
    }

    async fn patch(&self, work: &Work, body: Value) -> Result<Value, String> {
        let answer = self
            .api
            .json(
                Method::PATCH,
                &format!("{TICKETS}/{}", work.id),
                &self.token,
                body,
            )
            .await?;
        answer.expect(200)?;
        let summary = data(&answer)?.clone();
        shapes::summary(&summary, "data")?;
        Ok(summary)
    }

    async fn assignment(&mut self, work: &Work) {
        let me = self.admin_id;
        let assigned = self.patch(work, json!({ "assigned_to": me })).await;
        let ok = assigned
            .as_ref()
            .is_ok_and(|s| s.get("assigned_to").and_then(Value::as_i64) == Some(me));
        let unassigned = self.patch(work, json!({ "assigned_to": null })).await;
        self.report.check(
            "assignment PATCH",
            assigned.and_then(|s| {
                ensure(ok, || {
                    format!(
                        "assigned_to is {}, not {me}",
                        short(s.get("assigned_to").unwrap_or(&Value::Null))
                    )
                })?;
                let s = unassigned?;
                ensure(s.get("assigned_to") == Some(&Value::Null), || {
                    "assigned_to: null did not unassign".into()
                })
            }),
        );
        let ticket_id = work.id;
        self.expect_event(
            "ticket.status.changed on assignment",
            |e| {
                e.event == "ticket.status.changed"
                    && e.data.get("ticket_id").and_then(Value::as_i64) == Some(ticket_id)
                    && e.data.get("assigned_to").and_then(Value::as_i64) == Some(me)
            },
            |e| shapes::status_event(&e.data, ticket_id),
        )
        .await;
        if let Some(original) = work.assigned_to {
            if let Err(why) = self.patch(work, json!({ "assigned_to": original })).await {
                eprintln!(
                    "conformance: could not give ticket {} back to admin {original}: {why}",
                    work.id
                );
            }
        }
    }

    async fn status(&mut self, work: &Work) {
        let closed = self.patch(work, json!({ "status": "closed" })).await;
        let closed_ok = closed.is_ok();
        let ticket_id = work.id;
        let result = closed.and_then(|s| {
            ensure(s.get("status") == Some(&json!("closed")), || {
                format!(
                    "status is {}",
                    short(s.get("status").unwrap_or(&Value::Null))
                )
            })?;
            ensure(
                s.get("resolved_at").and_then(Value::as_str).is_some(),
                || "resolved_at is null on a closed ticket".into(),
            )
        });
        for channel in [
            format!("private-support.ticket.{ticket_id}"),
            ADMIN_CHANNEL.to_string(),
        ] {
            let clause = if channel == ADMIN_CHANNEL {
                "ticket.status.changed on private-support.admin"
            } else {
                "ticket.status.changed on private-support.ticket.{id}"
            };
            self.expect_event(
                clause,
                |e| {
                    e.event == "ticket.status.changed"
                        && e.channel == channel
                        && e.data.get("ticket_id").and_then(Value::as_i64) == Some(ticket_id)
                        && e.data.get("status").and_then(Value::as_str) == Some("closed")
                },
                |e| shapes::status_event(&e.data, ticket_id),
            )
            .await;
        }
        if closed_ok {
            self.status_filter("closed", work).await;
            let reply = self
                .api
                .json(
                    Method::POST,
                    &self.messages_path(work),
                    &self.token,
                    json!({ "message": "cerrado" }),
                )
                .await;
            self.report.check(
                "reply: 422 when closed",
                reply.and_then(|a| a.expect(422).map(|_| ())),
            );
            match self.customer_token().map(str::to_string) {
                Some(token) if work.own => {
                    let path = format!("/api/v1/support/tickets/{}/messages", work.id);
                    let sent = self
                        .api
                        .json(Method::POST, &path, &token, json!({ "message": "cerrado" }))
                        .await;
                    self.report.check(
                        "customer message: 422 when closed",
                        sent.and_then(|a| a.expect(422).map(|_| ())),
                    );
                }
                _ => self
                    .report
                    .skip("customer message: 422 when closed", "needs --customer"),
            }
        } else {
            self.report.skip("filter status=closed", "closing failed");
            self.report.skip("reply: 422 when closed", "closing failed");
            self.report
                .skip("customer message: 422 when closed", "closing failed");
        }
        let reopened = self.patch(work, json!({ "status": work.status })).await;
        let bad = self
            .api
            .json(
                Method::PATCH,
                &format!("{TICKETS}/{}", work.id),
                &self.token,
                json!({ "status": "archivado" }),
            )
            .await;
        self.report.check(
            "status PATCH",
            result.and_then(|_| {
                let s = reopened?;
                ensure(
                    s.get("status").and_then(Value::as_str) == Some(work.status.as_str()),
                    || "reopening did not reopen".into(),
                )?;
                bad?.expect(422)
                    .map(|_| ())
                    .map_err(|e| format!("status \"archivado\": {e}"))
            }),
        );
    }

    /// `POST /broadcasting/auth` as the given token, form-encoded or JSON.
    async fn authorize(
        &self,
        token: Option<&str>,
        channel: &str,
        as_json: bool,
    ) -> Result<Answer, String> {
        let socket_id = "1234.5678";
        let body = if as_json {
            Body::Json(json!({ "socket_id": socket_id, "channel_name": channel }))
        } else {
            Body::Form(vec![
                ("socket_id".into(), socket_id.into()),
                ("channel_name".into(), channel.into()),
            ])
        };
        self.api
            .call(Method::POST, "/api/v1/broadcasting/auth", token, &[], body)
            .await
    }

    /// `key:hex-signature`; exactly Pusher's HMAC when the secret is known.
    fn check_auth(&self, auth: &str, channel: &str, channel_data: Option<&str>) -> Check {
        let Some((key, signature)) = auth.split_once(':') else {
            return Err(format!("auth {auth:?} is not key:signature"));
        };
        if let Some(ws) = &self.ws {
            ensure(key == ws.key, || {
                format!("auth is signed for key {key:?}, not {:?}", ws.key)
            })?;
        }
        ensure(
            signature.len() == 64 && signature.bytes().all(|c| c.is_ascii_hexdigit()),
            || format!("signature {signature:?} is not 64 hex digits"),
        )?;
        if let Some(secret) = &self.config.secret {
            let payload = match channel_data {
                Some(data) => format!("1234.5678:{channel}:{data}"),
                None => format!("1234.5678:{channel}"),
            };
            let mut mac =
                Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(payload.as_bytes());
            let expected = hex::encode(mac.finalize().into_bytes());
            ensure(signature == expected, || {
                "the signature does not match the app secret".into()
            })?;
        }
        Ok(())
    }

    async fn channel_auth(&mut self, work: Option<&Work>) {
        let token = self.token.clone();
        let private = self.authorize(Some(&token), ADMIN_CHANNEL, false).await;
        let result = private.and_then(|a| {
            a.expect(200)?;
            self.check_auth(
                shapes::string(&a.json, "auth", "answer")?,
                ADMIN_CHANNEL,
                None,
            )
        });
        self.report
            .check("broadcasting auth: private channel", result);

        let presence = format!(
            "presence-support.ticket.{}",
            work.map(|w| w.id).unwrap_or(1)
        );
        let answer = self.authorize(Some(&token), &presence, false).await;
        let admin_id = self.admin_id;
        let result = answer.and_then(|a| {
            a.expect(200)?;
            let data = shapes::string(&a.json, "channel_data", "answer")?;
            let parsed: Value = serde_json::from_str(data)
                .map_err(|_| format!("channel_data is not JSON: {data:?}"))?;
            let user_id = parsed.get("user_id").cloned().unwrap_or(Value::Null);
            // A number works with Reverb but sockudo refuses the subscription.
            let same = user_id.as_str() == Some(admin_id.to_string().as_str());
            ensure(same, || {
                format!("channel_data.user_id is {user_id}, not the string \"{admin_id}\"")
            })?;
            shapes::string(
                shapes::object(&parsed, "user_info", "channel_data")?,
                "name",
                "channel_data.user_info",
            )?;
            self.check_auth(
                shapes::string(&a.json, "auth", "answer")?,
                &presence,
                Some(data),
            )
        });
        self.report
            .check("broadcasting auth: presence channel", result);

        let json_body = self.authorize(Some(&token), ADMIN_CHANNEL, true).await;
        self.report.check(
            "broadcasting auth: JSON body",
            json_body.and_then(|a| {
                a.expect(200)?;
                shapes::string(&a.json, "auth", "answer").map(|_| ())
            }),
        );
        // Laravel refuses a channel that no rule in routes/channels.php matches.
        let nowhere = self
            .authorize(Some(&token), "private-mesa-conformance.nowhere", false)
            .await;
        self.report.check(
            "broadcasting auth: 403 for a channel without a rule",
            nowhere.and_then(|a| a.expect(403).map(|_| ())),
        );
        let anonymous = self.authorize(None, ADMIN_CHANNEL, false).await;
        self.report.check(
            "broadcasting auth: 401 without a token",
            anonymous.and_then(|a| {
                // The contract allows 403 too for a missing token.
                ensure(a.status == 401 || a.status == 403, || {
                    format!("expected 401, got {a}")
                })
            }),
        );
        match self.customer.as_ref().map(|c| (c.token.clone(), c.id)) {
            None => {
                for clause in [
                    "broadcasting auth: customer refused private-support.admin",
                    "broadcasting auth: customer refused another customer's channel",
                    CUSTOMER_PRESENCE,
                    CUSTOMER_OTHER_TICKET,
                    CUSTOMER_ADMIN_PRIVATE,
                ] {
                    self.report.skip(clause, "needs --customer");
                }
            }
            Some((token, id)) => {
                self.customer_refusals(&token, id, work).await;
                let admin = self.authorize(Some(&token), ADMIN_CHANNEL, false).await;
                self.report.check(
                    "broadcasting auth: customer refused private-support.admin",
                    admin.and_then(|a| a.expect(403).map(|_| ())),
                );
                let other = self
                    .authorize(Some(&token), &format!("private-customer.{}", id + 1), false)
                    .await;
                let own = self
                    .authorize(Some(&token), &format!("private-customer.{id}"), false)
                    .await;
                self.report.check(
                    "broadcasting auth: customer refused another customer's channel",
                    other.and_then(|a| {
                        a.expect(403)?;
                        own?.expect(200)
                            .map(|_| ())
                            .map_err(|e| format!("their own channel: {e}"))
                    }),
                );
            }
        }
    }

    /// Channels the seed never gives a customer: the presence channel of
    /// their own ticket (admins only: it carries admin names), another
    /// customer's ticket, and an admin's own channel.
    async fn customer_refusals(&mut self, token: &str, customer_id: i64, work: Option<&Work>) {
        match work.filter(|w| w.own) {
            None => self.report.skip(
                CUSTOMER_PRESENCE,
                "the customer's own ticket could not be created",
            ),
            Some(work) => {
                let channel = format!("presence-support.ticket.{}", work.id);
                self.refused(token, &channel, CUSTOMER_PRESENCE).await;
            }
        }
        match self.other_customers_ticket(customer_id, "all").await {
            None => self
                .report
                .skip(CUSTOMER_OTHER_TICKET, "no other customer's ticket to try"),
            Some(other) => {
                let channel = format!("private-support.ticket.{other}");
                self.refused(token, &channel, CUSTOMER_OTHER_TICKET).await;
            }
        }
        let channel = format!("private-admin.{}", self.admin_id);
        self.refused(token, &channel, CUSTOMER_ADMIN_PRIVATE).await;
    }

    /// `clause` passes when `token` is refused `channel` with a 403.
    async fn refused(&mut self, token: &str, channel: &str, clause: &str) {
        let answer = self.authorize(Some(token), channel, false).await;
        self.report.check(
            clause,
            answer.and_then(|a| {
                a.expect(403)
                    .map(|_| ())
                    .map_err(|e| format!("{channel}: {e}"))
            }),
        );
    }

    async fn v2(&mut self, work: Option<&Work>) {
        let answer = self.get(&format!("{ADMIN}/capabilities")).await;
        let capabilities = match answer {
            Ok(a) if a.status == 404 => {
                self.report
                    .skip("v2 capabilities", "not offered (404: a v1 backend)");
                for capability in CAPABILITIES {
                    self.report.skip(format!("v2 {capability}"), "not offered");
                }
                return;
            }
            other => other.and_then(|a| {
                a.expect(200)?;
                let data = shapes::object(&a.json, "data", "answer")?;
                for (name, value) in data.as_object().into_iter().flatten() {
                    ensure(value.is_boolean(), || {
                        format!("data.{name} is not a boolean: {value}")
                    })?;
                }
                Ok(data.clone())
            }),
        };
        let capabilities = match capabilities {
            Ok(c) => {
                self.report.check("v2 capabilities", Ok(()));
                c
            }
            Err(why) => {
                self.report.check("v2 capabilities", Err(why));
                return;
            }
        };
        for capability in CAPABILITIES {
            let offered = capabilities.get(capability).and_then(Value::as_bool) == Some(true);
            if !offered {
                self.report
                    .skip(format!("v2 {capability}"), "not announced");
                continue;
            }
            // Announced is promised: a capability that cannot be checked
            // fails rather than being skipped.
            let Some(work) = work else {
                self.report.check(
                    format!("v2 {capability}"),
                    Err("announced, but there is no ticket to check it on".into()),
                );
                continue;
            };
            match capability {
                "idempotency" => self.idempotency(work).await,
                "notes" => self.notes(work).await,
                "canned_replies" => self.canned_replies().await,
                "customers" => self.customers(work).await,
                "bulk" => self.bulk(work).await,
                _ => self.mentions(work).await,
            }
        }
    }

    async fn idempotency(&mut self, work: &Work) {
        let key = format!("conformance-{}", self.marker);
        let text = format!("Idempotente {}", self.marker);
        let mut answers = Vec::new();
        for _ in 0..2 {
            answers.push(
                self.api
                    .call(
                        Method::POST,
                        &self.messages_path(work),
                        Some(&self.token),
                        &[("Idempotency-Key", key.as_str())],
                        Body::Json(json!({ "message": text })),
                    )
                    .await,
            );
        }
        let stored = self.page(work, "limit=100").await;
        let mut answers = answers.into_iter();
        let (first, second) = (answers.next(), answers.next());
        self.report.check(
            "v2 idempotency: same key twice → one message, same answer",
            (|| {
                let first = first.ok_or("no first answer")??;
                let second = second.ok_or("no second answer")??;
                first.expect(201)?;
                ensure(second.status == first.status, || {
                    format!("the repeat answered {second}")
                })?;
                let (a, b) = (data(&first)?, data(&second)?);
                ensure(
                    a.get("id") == b.get("id") && a.get("message") == b.get("message"),
                    || {
                        format!(
                            "the repeat answered another message: {} vs {}",
                            short(a),
                            short(b)
                        )
                    },
                )?;
                let (list, _) = stored?;
                let copies = list
                    .iter()
                    .filter(|m| m.get("message").and_then(Value::as_str) == Some(text.as_str()))
                    .count();
                ensure(copies == 1, || {
                    format!("{copies} messages stored for one key")
                })
            })(),
        );
    }

    async fn notes(&mut self, work: &Work) {
        let path = format!("{TICKETS}/{}/notes", work.id);
        // Listening as the customer before the note exists, so a leak is heard.
        let ears = self.customer_ears(work).await;
        let body = format!("Nota {}", self.marker);
        let answer = self
            .api
            .json(Method::POST, &path, &self.token, json!({ "body": body }))
            .await;
        let note = answer.and_then(|a| {
            a.expect(201)?;
            let m = data(&a)?;
            shapes::message(m, "data")?;
            ensure(m.get("type") == Some(&json!("note")), || {
                "type is not \"note\"".into()
            })?;
            ensure(m.get("is_from_admin") == Some(&json!(true)), || {
                "is_from_admin is not true".into()
            })?;
            shapes::int(m, "id", "data")
        });
        let note_id = note.as_ref().ok().copied();
        let empty = self
            .api
            .json(Method::POST, &path, &self.token, json!({ "body": "" }))
            .await;
        self.report.check(
            "v2 notes: create, 422 when empty",
            note.and_then(|_| empty?.expect(422).map(|_| ())),
        );
        let Some(note_id) = note_id else { return };
        let ticket_id = work.id;
        self.expect_event(
            "v2 notes: note.added on private-support.admin",
            |e| {
                e.event == "note.added"
                    && e.data
                        .get("message")
                        .and_then(|m| m.get("id"))
                        .and_then(Value::as_i64)
                        == Some(note_id)
            },
            |e| shapes::message_event(&e.data, ticket_id),
        )
        .await;
        self.note_unheard(work, ears, note_id, &body).await;
        match self.customer_token().map(str::to_string) {
            Some(token) if work.own => {
                let detail = self
                    .api
                    .get(&format!("/api/v1/support/tickets/{}", work.id), &token)
                    .await;
                self.report.check(
                    "v2 notes: never on customer endpoints",
                    detail.and_then(|a| {
                        a.expect(200)?;
                        let messages = shapes::array(data(&a)?, "messages", "data")?;
                        ensure(!ids(messages).contains(&note_id), || {
                            "the customer's ticket shows the note".into()
                        })
                    }),
                );
            }
            _ => self
                .report
                .skip("v2 notes: never on customer endpoints", "needs --customer"),
        }
    }

    /// A socket signed in as the customer, subscribed to both channels the
    /// seed gives them for this ticket; Err(clause outcome) when there is
    /// none to listen with.
    async fn customer_ears(&mut self, work: &Work) -> Result<Socket, Outcome> {
        let skip = |why: &str| Err(Outcome::Skip(why.into()));
        let Some(target) = self.ws.clone().filter(|_| self.socket.is_some()) else {
            return skip("no subscribed WebSocket");
        };
        let Some(token) = self.customer_token().map(str::to_string) else {
            return skip("needs --customer");
        };
        if !work.own {
            return skip("the customer's own ticket could not be created");
        }
        let fail = |why: String| Outcome::Fail(format!("as the customer: {why}"));
        let mut socket = Socket::connect(&target.url()).await.map_err(fail)?;
        for channel in customer_channels(work) {
            socket
                .subscribe(&self.api, &token, &channel)
                .await
                .map_err(fail)?;
        }
        Ok(socket)
    }

    /// The privacy rule, heard as the customer: after the note, an admin
    /// reply, which the seed sends to both customer channels. Events on a
    /// channel arrive in order, so once the reply is heard on a channel the
    /// note would have been heard before it there.
    async fn note_unheard(
        &mut self,
        work: &Work,
        ears: Result<Socket, Outcome>,
        note_id: i64,
        body: &str,
    ) {
        let clauses = [
            "v2 notes: never broadcast to the ticket's channel",
            "v2 notes: never broadcast to private-customer.{id}",
        ];
        let mut socket = match ears {
            Ok(socket) => socket,
            Err(outcome) => {
                for clause in clauses {
                    self.report.record(clause, outcome.clone());
                }
                return;
            }
        };
        let after = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": format!("Tras la nota {}", self.marker) }),
            )
            .await
            .and_then(|a| {
                a.expect(201)?;
                shapes::int(data(&a)?, "id", "data")
            });
        for (clause, channel) in clauses.into_iter().zip(customer_channels(work)) {
            let result = match &after {
                Err(why) => Err(format!("the reply sent after the note: {why}")),
                Ok(reply_id) => {
                    heard_without(&mut socket, &channel, *reply_id, |e| {
                        message_id(e) == Some(note_id) || e.raw_data.to_string().contains(body)
                    })
                    .await
                }
            };
            self.report.check(clause, result);
        }
    }

    async fn canned_replies(&mut self) {
        let base = format!("{ADMIN}/support/canned-replies");
        let list = self.get(&base).await;
        self.report.check(
            "v2 canned_replies: list",
            list.and_then(|a| {
                a.expect(200)?;
                for (i, c) in shapes::array(&a.json, "data", "answer")?.iter().enumerate() {
                    let ctx = format!("data[{i}]");
                    shapes::int(c, "id", &ctx)?;
                    for field in ["title", "shortcut", "body"] {
                        shapes::string(c, field, &ctx)?;
                    }
                    shapes::boolean(c, "shared", &ctx)?;
                }
                Ok(())
            }),
        );
        let shortcut = format!("conf-{}", &self.marker[8..]);
        let body = json!({ "title": "Conformance", "shortcut": shortcut, "body": "Hola {{customer.first_name}}", "shared": false });
        let created = self
            .api
            .json(Method::POST, &base, &self.token, body.clone())
            .await;
        let id = created.and_then(|a| {
            a.expect(201)?;
            shapes::int(data(&a)?, "id", "data")
        });
        let result = match id {
            Err(why) => Err(why),
            Ok(id) => {
                let duplicate = self.api.json(Method::POST, &base, &self.token, body).await;
                let edited = self
                    .api
                    .json(
                        Method::PATCH,
                        &format!("{base}/{id}"),
                        &self.token,
                        json!({ "title": "Conformance 2" }),
                    )
                    .await;
                let deleted = self
                    .api
                    .call(
                        Method::DELETE,
                        &format!("{base}/{id}"),
                        Some(&self.token),
                        &[],
                        Body::None,
                    )
                    .await;
                (|| {
                    duplicate?
                        .expect(422)
                        .map_err(|e| format!("a duplicate shortcut: {e}"))?;
                    let edited = edited?;
                    edited.expect(200)?;
                    ensure(
                        data(&edited)?.get("title") == Some(&json!("Conformance 2")),
                        || "the title did not change".into(),
                    )?;
                    deleted?.expect(204).map(|_| ())
                })()
            }
        };
        self.report.check(
            "v2 canned_replies: create, 422 on a duplicate shortcut, edit, delete",
            result,
        );
    }

    async fn customers(&mut self, work: &Work) {
        let answer = self
            .get(&format!("{ADMIN}/support/customers/{}", work.customer_id))
            .await;
        self.report.check(
            "v2 customers: customer context",
            answer.and_then(|a| {
                a.expect(200)?;
                let c = data(&a)?;
                ensure(
                    c.get("id").and_then(Value::as_i64) == Some(work.customer_id),
                    || "another customer".into(),
                )?;
                shapes::string(c, "name", "data")?;
                shapes::string(c, "email", "data")?;
                shapes::timestamp(c, "created_at", "data")?;
                shapes::int(c, "tickets_count", "data")?;
                shapes::int(c, "open_tickets_count", "data").map(|_| ())
            }),
        );
        let filtered = self
            .list(&format!(
                "status=all&customer_id={}&per_page=100",
                work.customer_id
            ))
            .await;
        self.report.check(
            "v2 customers: filter customer_id",
            filtered.and_then(|shapes::Page { rows, .. }| {
                ensure(ids(&rows).contains(&work.id), || {
                    format!("ticket {} is missing", work.id)
                })?;
                match rows.iter().find(|r| {
                    r.get("customer")
                        .and_then(|c| c.get("id"))
                        .and_then(Value::as_i64)
                        != Some(work.customer_id)
                }) {
                    Some(row) => Err(format!("another customer's ticket: {}", short(row))),
                    None => Ok(()),
                }
            }),
        );
    }

    async fn bulk(&mut self, work: &Work) {
        let closed = self
            .api
            .json(
                Method::PATCH,
                TICKETS,
                &self.token,
                json!({ "ids": [work.id], "status": "closed" }),
            )
            .await;
        let reopened = self
            .api
            .json(
                Method::PATCH,
                TICKETS,
                &self.token,
                json!({ "ids": [work.id], "status": work.status }),
            )
            .await;
        self.report.check(
            "v2 bulk: change and answer each ticket",
            closed.and_then(|a| {
                a.expect(200)?;
                let changed = shapes::array(&a.json, "data", "answer")?;
                let row = changed.first().ok_or("data is empty")?;
                shapes::summary(row, "data[0]")?;
                ensure(row.get("status") == Some(&json!("closed")), || {
                    "the ticket was not closed".into()
                })?;
                // PHP writes an empty map as [].
                let errors = a.json.get("errors");
                ensure(
                    errors
                        .is_some_and(|e| e.is_object() || e.as_array().is_some_and(Vec::is_empty)),
                    || format!("errors is {}", short(errors.unwrap_or(&Value::Null))),
                )?;
                reopened?.expect(200).map(|_| ())
            }),
        );
    }

    async fn mentions(&mut self, work: &Work) {
        let me = self.admin_id;
        let token = self.token.clone();
        self.admin_channel_is_private().await;
        let channel = format!("private-admin.{me}");
        // None: no socket to subscribe with, which is not the backend's doing.
        let subscribed = match self.socket.as_mut() {
            Some(socket) => Some(socket.subscribe(&self.api, &token, &channel).await),
            None => None,
        };
        let path = format!("{TICKETS}/{}/notes", work.id);
        let note = self
            .api
            .json(
                Method::POST,
                &path,
                &token,
                json!({ "body": "Mención", "mentions": [me] }),
            )
            .await;
        let note_id = note.and_then(|a| {
            a.expect(201)?;
            shapes::int(data(&a)?, "id", "data")
        });
        let note_id = match note_id {
            Ok(id) => id,
            Err(why) => {
                self.report.check("v2 mentions: mention.created", Err(why));
                return;
            }
        };
        match subscribed {
            None => {
                self.report
                    .skip("v2 mentions: mention.created", "no subscribed WebSocket");
                return;
            }
            // The backend announces mentions: its admin may not be refused
            // the channel they arrive on.
            Some(Err(why)) => {
                self.report.check(
                    "v2 mentions: mention.created",
                    Err(format!("mentions are announced, but {why}")),
                );
                return;
            }
            Some(Ok(())) => {}
        }
        let ticket_id = work.id;
        self.expect_event(
            "v2 mentions: mention.created",
            |e| e.event == "mention.created" && e.channel == channel,
            |e| {
                let id = shapes::int(&e.data, "ticket_id", "data")?;
                ensure(id == ticket_id, || format!("ticket_id {id}"))?;
                let m = shapes::object(&e.data, "message", "data")?;
                ensure(m.get("id").and_then(Value::as_i64) == Some(note_id), || {
                    "another message".into()
                })?;
                let by = shapes::object(&e.data, "by", "data")?;
                shapes::int(by, "id", "data.by")?;
                shapes::string(by, "name", "data.by").map(|_| ())
            },
        )
        .await;
    }

    /// `private-admin.{id}` lets its admin in and keeps another admin out:
    /// only a second signed-in admin can show the latter, since the backend
    /// tells admins apart by token.
    async fn admin_channel_is_private(&mut self) {
        let clause = "v2 mentions: private-admin.{id} only for that admin";
        let me = self.admin_id;
        let token = self.token.clone();
        let own = self
            .authorize(Some(&token), &format!("private-admin.{me}"), false)
            .await
            .and_then(|a| {
                a.expect(200)
                    .map(|_| ())
                    .map_err(|e| format!("their own channel: {e}"))
            });
        if let Err(why) = own {
            self.report.check(clause, Err(why));
            return;
        }
        let Some((email, password)) = self.config.admin2.clone() else {
            self.report.skip(
                clause,
                "needs --admin2 and --admin2-password: a second admin to be refused this one's channel",
            );
            return;
        };
        let result = self.second_admin_refused(&email, &password).await;
        self.report.check(clause, result);
    }

    /// Signs in the second admin; each is refused the other's channel.
    async fn second_admin_refused(&self, email: &str, password: &str) -> Check {
        let answer = self
            .api
            .call(
                Method::POST,
                &format!("{ADMIN}/auth/login"),
                None,
                &[],
                Body::Json(json!({ "email": email, "password": password })),
            )
            .await
            .map_err(|e| format!("--admin2 sign-in: {e}"))?;
        answer
            .expect(200)
            .map_err(|e| format!("--admin2 sign-in: {e}"))?;
        let token2 = shapes::string(&answer.json, "token", "answer")?;
        let admin2 = shapes::object(&answer.json, "admin", "answer")?;
        let id2 = shapes::int(admin2, "id", "admin")?;
        let me = self.admin_id;
        ensure(id2 != me, || format!("--admin2 {email} is admin {me} too"))?;
        for (token, id, channel) in [
            (token2, id2, format!("private-admin.{me}")),
            (self.token.as_str(), me, format!("private-admin.{id2}")),
        ] {
            self.authorize(Some(token), &channel, false)
                .await?
                .expect(403)
                .map_err(|e| format!("admin {id} asked for {channel}: {e}"))?;
        }
        Ok(())
    }

    /// Puts things back: our own ticket is closed (it is done), a borrowed
    /// one already has its status and assignee back.
    async fn leave(&mut self, work: &Work) {
        if work.own {
            if let Err(why) = self.patch(work, json!({ "status": "closed" })).await {
                eprintln!(
                    "conformance: could not close ticket {} at the end: {why}",
                    work.id
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A simple paginator's page `number` of a list of `rows` rows, 100 a page.
    fn simple_page(number: i64, rows: usize) -> shapes::Page {
        let start = (number as usize - 1) * 100;
        let here = rows.saturating_sub(start).min(100);
        shapes::page(&json!({
            "current_page": number,
            "data": vec![json!({"id": 1}); here],
            "next_page_url": (start + 100 < rows).then(|| format!("/t?page={}", number + 1)),
            "per_page": 100,
        }))
        .expect("a simple page")
    }

    #[tokio::test]
    async fn a_list_without_a_total_is_counted_page_by_page() {
        for rows in [0, 1, 100, 101, 250] {
            let counted =
                count_by_pages("status=all", |n| async move { Ok(simple_page(n, rows)) }).await;
            assert_eq!(counted, Ok(rows as i64), "{rows}");
        }
    }

    #[tokio::test]
    async fn counting_is_bounded_and_refuses_a_page_that_lies() {
        let endless = count_by_pages("status=all", |n| async move {
            Ok(simple_page(n, usize::MAX / 2))
        })
        .await;
        assert!(endless.unwrap_err().contains("more than 100 pages"));

        let empty_yet_more = count_by_pages("q", |n| async move {
            let mut page = simple_page(n, 500);
            page.rows.clear();
            Ok(page)
        })
        .await;
        assert!(empty_yet_more
            .unwrap_err()
            .contains("page 1 is empty but says more follow"));

        let stuck = count_by_pages("q", |_| async { Ok(simple_page(1, 500)) }).await;
        assert!(stuck
            .unwrap_err()
            .contains("page=2 answered current_page 1"));
    }
}
