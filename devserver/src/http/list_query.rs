//! The admin ticket list's query string, read into a `TicketQuery`.

use std::collections::HashMap;

use super::error::HttpError;
use crate::cli::Contract;
use crate::db::tickets::{AssignedFilter, SnoozedFilter, Sort, StatusFilter, TicketQuery};
use crate::db::triage::{normalize_tag, Priority};

/// Parses the inbox query of the contract; every bad value is a 422 naming
/// it. `customer_id` is contract v2's: under v1 it is ignored, as a v1
/// backend would; `priority`, `tag`, `snoozed`, `waiting`, `overdue` and
/// `sort=response_due_at` are v3's, ignored (or, for the sort, refused) before.
/// Saved views' filters and their counts are read through here too, so a
/// view means exactly what the same query on the list means.
pub fn ticket_query(
    params: &HashMap<String, String>,
    contract: Contract,
) -> Result<TicketQuery, HttpError> {
    let triage = contract.has_triage();
    let status = match params.get("status").map(String::as_str) {
        None | Some("all") | Some("") => StatusFilter::All,
        Some("open") => StatusFilter::Open,
        Some("closed") => StatusFilter::Closed,
        Some(_) => {
            return Err(HttpError::invalid(
                "status",
                "El estado seleccionado no es válido.",
            ))
        }
    };
    let assigned = match params.get("assigned").map(String::as_str) {
        None | Some("any") | Some("") => AssignedFilter::Any,
        Some("me") => AssignedFilter::Me,
        Some("unassigned") => AssignedFilter::Unassigned,
        Some(id) => AssignedFilter::Admin(id.parse().map_err(|_| {
            HttpError::invalid("assigned", "La asignación seleccionada no es válida.")
        })?),
    };
    let reason_id = match params.get("reason_id").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| HttpError::invalid("reason_id", "El motivo no es válido."))?,
        ),
    };
    let customer_id = match params.get("customer_id").filter(|v| !v.is_empty()) {
        Some(v) if contract.has_workspace() => Some(
            v.parse()
                .map_err(|_| HttpError::invalid("customer_id", "El cliente no es válido."))?,
        ),
        _ => None,
    };
    let sort = match params.get("sort").map(String::as_str) {
        None | Some("") | Some("-last_message_at") => Sort::LastMessageDesc,
        Some("last_message_at") => Sort::LastMessageAsc,
        Some("-created_at") => Sort::CreatedDesc,
        // v3 sla's; before v3 it is as unknown as any other.
        Some("response_due_at") if triage => Sort::ResponseDue,
        Some(_) => {
            return Err(HttpError::invalid(
                "sort",
                "El orden seleccionado no es válido.",
            ))
        }
    };
    let number = |name: &'static str, default: u32, max: u32| -> Result<u32, HttpError> {
        match params.get(name).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(HttpError::invalid(
                    name,
                    format!("El campo {name} debe estar entre 1 y {max}."),
                )),
            },
        }
    };
    Ok(TicketQuery {
        status,
        assigned,
        reason_id,
        search: params.get("search").cloned(),
        sort,
        page: number("page", 1, u32::MAX)?,
        per_page: number("per_page", 50, 100)?,
        customer_id,
        search_notes: contract.has_workspace(),
        priorities: if triage {
            priorities(params)?
        } else {
            Vec::new()
        },
        tag: if triage { tag(params)? } else { None },
        snoozed: if triage {
            snoozed(params)?
        } else {
            SnoozedFilter::Include
        },
        waiting: triage && flag(params, "waiting")?,
        overdue: triage && flag(params, "overdue")?,
        overdue_wrong: false,
        triage,
    })
}

/// v3 sla's `waiting=1` and `overdue=1`: `1` (or `true`) on, `0`, `false`
/// or absent off; anything else a 422.
fn flag(params: &HashMap<String, String>, name: &'static str) -> Result<bool, HttpError> {
    match params.get(name).map(String::as_str) {
        None | Some("") | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(_) => Err(HttpError::invalid(
            name,
            format!("El campo {name} debe ser 1 o 0."),
        )),
    }
}

/// `priority=urgent,high`: any of these; empty for any.
fn priorities(params: &HashMap<String, String>) -> Result<Vec<Priority>, HttpError> {
    let Some(list) = params.get("priority") else {
        return Ok(Vec::new());
    };
    let mut priorities = Vec::new();
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let priority = Priority::parse(word).ok_or_else(|| {
            HttpError::invalid(
                "priority",
                "La prioridad debe ser low, normal, high o urgent.",
            )
        })?;
        if !priorities.contains(&priority) {
            priorities.push(priority);
        }
    }
    Ok(priorities)
}

/// `tag=vip`, normalized as stored tags are, so `tag=VIP` finds `vip`.
fn tag(params: &HashMap<String, String>) -> Result<Option<String>, HttpError> {
    match params.get("tag").filter(|t| !t.trim().is_empty()) {
        None => Ok(None),
        Some(raw) => normalize_tag(raw)
            .map(Some)
            .map_err(|e| HttpError::invalid("tag", e.message())),
    }
}

/// `snoozed=exclude|only|include`, `exclude` when absent.
fn snoozed(params: &HashMap<String, String>) -> Result<SnoozedFilter, HttpError> {
    match params.get("snoozed").map(String::as_str) {
        None | Some("") | Some("exclude") => Ok(SnoozedFilter::Exclude),
        Some("only") => Ok(SnoozedFilter::Only),
        Some("include") => Ok(SnoozedFilter::Include),
        Some(_) => Err(HttpError::invalid(
            "snoozed",
            "El campo snoozed debe ser exclude, only o include.",
        )),
    }
}
