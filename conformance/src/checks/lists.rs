//! The ticket list: paginators, filters, sorts and search.

use serde_json::Value;

use super::{ensure, ids, Run, Work, TICKETS};
use crate::clauses;
use crate::shapes::{self, short};

/// How many pages of 100 `count` follows before it gives up on a list
/// whose paginator has no total.
const MAX_COUNTED_PAGES: i64 = 100;

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

impl Run<'_> {
    /// A page of the admin ticket list, read by `shapes::page` whichever of
    /// Laravel's paginators wrote it.
    pub(super) async fn list(&self, query: &str) -> Result<shapes::Page, String> {
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
    pub(super) async fn total(&self, query: &str) -> Result<i64, String> {
        let first = self.list(query).await?;
        match first.total {
            Some(total) => Ok(total),
            None => self.count(query).await,
        }
    }

    /// Counts a list's rows by following its pages (`per_page=100`).
    pub(super) async fn count(&self, query: &str) -> Result<i64, String> {
        count_by_pages(query, |number| {
            let query = format!("{query}&per_page=100&page={number}");
            async move { self.list(&query).await }
        })
        .await
    }

    pub(super) async fn lists(&mut self) {
        let first = self.list("").await;
        self.report.check_noting(
            clauses::PAGINATOR_SHAPE,
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
            clauses::PAGINATOR_PAGE_2,
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
            clauses::TICKET_SUMMARY_SHAPE,
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
            clauses::FILTER_STATUS_ALL,
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
        self.report
            .check(clauses::FILTER_ASSIGNED_ME, result.map(|_| ()));
        let result = self
            .assigned_rows("status=all&assigned=unassigned&per_page=100".into(), None)
            .await;
        self.report
            .check(clauses::FILTER_ASSIGNED_UNASSIGNED, result.map(|_| ()));
        let any = self.total("status=all&assigned=any").await;
        self.report.check(
            clauses::FILTER_ASSIGNED_ANY,
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
            clauses::FILTER_ASSIGNED_ID,
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
            None => self.report.skip(
                clauses::FILTER_REASON_ID,
                "no ticket with a reason to filter by",
            ),
            Some(reason) => {
                let result = self
                    .list(&format!("status=all&reason_id={reason}&per_page=100"))
                    .await;
                self.report.check(
                    clauses::FILTER_REASON_ID,
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

        for (clause, sort, field, descending) in [
            (
                clauses::SORT_LAST_MESSAGE_DESC,
                "-last_message_at",
                "last_message_at",
                true,
            ),
            (
                clauses::SORT_LAST_MESSAGE_ASC,
                "last_message_at",
                "last_message_at",
                false,
            ),
            (
                clauses::SORT_CREATED_DESC,
                "-created_at",
                "created_at",
                true,
            ),
        ] {
            let result = self
                .list(&format!("status=all&sort={sort}&per_page=100"))
                .await;
            self.report.check(
                clause,
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
            clauses::PER_PAGE_MAX,
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

    /// `clause`, `filter status={status}`, while the work ticket is in that
    /// status: the list must hold it (it has this run's newest messages, so it
    /// is on the first page by last activity) and nothing of another status.
    pub(super) async fn status_filter(&mut self, clause: &str, status: &str, work: &Work) {
        let result = self
            .list(&format!(
                "status={status}&sort=-last_message_at&per_page=100"
            ))
            .await;
        self.report.check(
            clause,
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

    pub(super) async fn search(&mut self, work: &Work) {
        // The marker is only in this run's messages (and subject): message
        // text is one of the contract's search fields.
        let result = self
            .list(&format!("status=all&search={}", self.marker))
            .await;
        let nothing = self
            .total(&format!("status=all&search=zz{}qq", self.marker))
            .await;
        self.report.check(
            clauses::FILTER_SEARCH,
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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
