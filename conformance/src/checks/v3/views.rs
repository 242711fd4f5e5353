//! v3 `views`: saved filters, the admin's own and the shared ones; only the
//! owner changes or deletes one.

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::Body;
use crate::checks::{data, ensure, Run, Work, ADMIN};
use crate::clauses;
use crate::shapes::{self, Check};

pub(super) const VIEWS: &str = "/api/v1/admin/views";

/// One view as the contract writes it.
fn view(v: &Value, context: &str) -> Check {
    shapes::int(v, "id", context)?;
    shapes::string(v, "name", context)?;
    shapes::object(v, "filters", context)?;
    shapes::boolean(v, "shared", context)?;
    shapes::int(v, "owner_id", context)?;
    shapes::int(v, "position", context).map(|_| ())
}

impl Run<'_> {
    pub(super) async fn views(&mut self, work: &Work, snooze: bool) {
        let crud = self.views_crud().await;
        self.report.check(clauses::V3_VIEWS_CRUD, crud);
        let others = self.views_of_others().await;
        match others {
            Some(result) => {
                self.report.check(clauses::V3_VIEWS_OTHERS, result);
            }
            None => self.report.skip(
                clauses::V3_VIEWS_OTHERS,
                "needs --admin2 and --admin2-password: a second admin to be refused this one's view",
            ),
        };
        let invalid = self.views_invalid().await;
        self.report.check(clauses::V3_VIEWS_INVALID, invalid);
        self.counts(work, snooze).await;
    }

    /// Creates a view as `token`; its `data`.
    pub(super) async fn create_view(&self, token: &str, body: Value) -> Result<Value, String> {
        let answer = self.api.json(Method::POST, VIEWS, token, body).await?;
        answer.expect(201)?;
        let created = data(&answer)?.clone();
        view(&created, "data")?;
        Ok(created)
    }

    pub(super) async fn delete_view(&self, token: &str, id: i64) -> Result<u16, String> {
        let answer = self
            .api
            .call(
                Method::DELETE,
                &format!("{VIEWS}/{id}"),
                Some(token),
                &[],
                Body::None,
            )
            .await?;
        Ok(answer.status)
    }

    /// The views this admin sees, checked in shape and order.
    pub(super) async fn listed_views(&self) -> Result<Vec<Value>, String> {
        let answer = self.get(VIEWS).await?;
        answer.expect(200)?;
        let list = data(&answer)?
            .as_array()
            .ok_or("data is not a list")?
            .clone();
        let mut previous = (i64::MIN, i64::MIN);
        for (i, v) in list.iter().enumerate() {
            view(v, &format!("data[{i}]"))?;
            let key = (
                v["position"].as_i64().unwrap_or(0),
                v["id"].as_i64().unwrap_or(0),
            );
            ensure(key > previous, || {
                format!("data[{i}] is out of order (by position, then id)")
            })?;
            previous = key;
        }
        Ok(list)
    }

    async fn views_crud(&self) -> Check {
        let name = format!("Conformidad {}", self.marker);
        let created = self
            .create_view(
                &self.token,
                json!({"name": name, "shared": false, "filters": {"status": "open", "assigned": "unassigned"}}),
            )
            .await?;
        let id = created["id"].as_i64().unwrap_or(0);
        ensure(created["owner_id"].as_i64() == Some(self.admin_id), || {
            format!("owner_id is {}, not this admin", created["owner_id"])
        })?;
        ensure(created["filters"]["status"] == "open", || {
            format!("filters.status is {}", created["filters"]["status"])
        })?;
        let in_list = |list: &[Value]| list.iter().any(|v| v["id"].as_i64() == Some(id));
        ensure(in_list(&self.listed_views().await?), || {
            "GET views does not list it".into()
        })?;
        let renamed = format!("{name} bis");
        let path = format!("{VIEWS}/{id}");
        let answer = self
            .api
            .json(
                Method::PATCH,
                &path,
                &self.token,
                json!({"name": renamed, "position": 1000}),
            )
            .await?;
        answer.expect(200).map_err(|e| format!("PATCH: {e}"))?;
        let edited = data(&answer)?;
        ensure(
            edited["name"] == json!(renamed) && edited["position"] == 1000,
            || format!("PATCH answered {}", shapes::short(edited)),
        )?;
        let list = self.listed_views().await?;
        let status = self.delete_view(&self.token, id).await?;
        ensure(status == 204, || {
            format!("DELETE: expected 204, got {status}")
        })?;
        ensure(
            list.last().is_some_and(|v| v["id"].as_i64() == Some(id)),
            || "moved to position 1000, the view is not last".into(),
        )?;
        ensure(!in_list(&self.listed_views().await?), || {
            "deleted, still listed".into()
        })
    }

    /// A shared view of this admin, which the second admin may see but not
    /// change or delete; `None` without a second admin.
    async fn views_of_others(&self) -> Option<Check> {
        let (email, password) = self.config.admin2.clone()?;
        Some(self.views_refused_to(&email, &password).await)
    }

    async fn views_refused_to(&self, email: &str, password: &str) -> Check {
        let other = self.sign_in_admin2(email, password).await?;
        let name = format!("Compartida {}", self.marker);
        let shared = self
            .create_view(
                &self.token,
                json!({"name": name, "shared": true, "filters": {}}),
            )
            .await?;
        let id = shared["id"].as_i64().unwrap_or(0);
        let path = format!("{VIEWS}/{id}");
        let patched = self
            .api
            .json(Method::PATCH, &path, &other, json!({"name": "Mía"}))
            .await;
        let deleted = self
            .api
            .call(Method::DELETE, &path, Some(&other), &[], Body::None)
            .await;
        let cleaned = self.delete_view(&self.token, id).await;
        patched?
            .expect(403)
            .map_err(|e| format!("the other admin's PATCH: {e}"))?;
        deleted?
            .expect(403)
            .map_err(|e| format!("the other admin's DELETE: {e}"))?;
        ensure(cleaned? == 204, || {
            "the owner could not delete their view".into()
        })
    }

    /// The second admin's token (`--admin2`).
    pub(super) async fn sign_in_admin2(
        &self,
        email: &str,
        password: &str,
    ) -> Result<String, String> {
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
        Ok(shapes::string(&answer.json, "token", "answer")?.to_string())
    }

    async fn views_invalid(&self) -> Check {
        for (body, field) in [
            (json!({"name": "", "filters": {}}), "name"),
            (json!({"name": "x".repeat(61), "filters": {}}), "name"),
            (
                json!({"name": "Mala", "filters": {"status": "pendiente"}}),
                "filters",
            ),
        ] {
            let answer = self
                .api
                .json(Method::POST, VIEWS, &self.token, body.clone())
                .await?;
            if answer.status == 201 {
                if let Some(id) = answer.json["data"]["id"].as_i64() {
                    let _ = self.delete_view(&self.token, id).await;
                }
            }
            answer.expect(422).map_err(|e| format!("{body}: {e}"))?;
            let errors = shapes::object(&answer.json, "errors", "answer")?;
            ensure(
                errors
                    .as_object()
                    .is_some_and(|e| e.keys().any(|k| k.starts_with(field))),
                || {
                    format!(
                        "{body}: errors names no {field} field: {}",
                        shapes::short(errors)
                    )
                },
            )?;
        }
        Ok(())
    }
}
