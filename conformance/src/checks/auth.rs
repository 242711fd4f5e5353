//! Signing in: the admin, the same admin twice, the profile and the lookups.

use reqwest::Method;
use serde_json::json;

use super::{ensure, ids, Run, ADMIN};
use crate::api::{Api, Body};
use crate::clauses;
use crate::config::Config;
use crate::report::Report;
use crate::shapes::{self};

pub(super) async fn sign_in(
    api: &Api,
    config: &Config,
    report: &mut Report,
) -> Option<(String, i64)> {
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
            report.check(clauses::ADMIN_SIGN_IN, Ok(()));
            ok
        }
        Err(why) => {
            report.check(clauses::ADMIN_SIGN_IN, Err(why));
            report.skip(clauses::EVERY_OTHER_CLAUSE, "admin sign-in failed");
            return None;
        }
    };
    let bad = json!({ "email": config.admin_email, "password": format!("{}-wrong", config.admin_password) });
    let answer = api
        .call(Method::POST, &path, None, &[], Body::Json(bad))
        .await;
    report.check(
        clauses::ADMIN_SIGN_IN_BAD_PASSWORD,
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
pub(super) async fn two_sign_ins(
    api: &Api,
    config: &Config,
    token: String,
    report: &mut Report,
) -> (String, Option<String>) {
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
    report.check(clauses::TWO_SIGN_INS, result);
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
pub(super) async fn logout(api: &Api, token: &str) -> Result<(), String> {
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
    pub(super) async fn profile_and_lookups(&mut self) {
        let me = self.get(&format!("{ADMIN}/auth/me")).await;
        let admin_id = self.admin_id;
        self.report.check(
            clauses::AUTH_ME,
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
            clauses::UNAUTHENTICATED,
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
            clauses::REASONS,
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
            clauses::ADMIN_LIST,
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
}
