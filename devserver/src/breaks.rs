//! `--break NAME`: deliberate contract violations, one per checker clause
//! family, so each clause can be shown failing against a server that
//! breaks it.

/// Which clauses of the contract to break on purpose (`--break NAME`, repeatable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Breaks {
    /// `message.sent` payloads lose their `ticket_id`.
    pub drop_ticket_id: bool,
    /// Ticket lists are answered without `meta`.
    pub paginator_meta: bool,
    /// Notes are also broadcast on the customer's own channel.
    pub note_to_customer: bool,
    /// Any admin may join any `private-admin.{id}`.
    pub admin_channel_any_admin: bool,
    /// Customers may join the ticket's presence channel, another customer's
    /// ticket channel and an admin's own channel.
    pub customer_auth_lenient: bool,
    /// Customers may write to another customer's ticket.
    pub customer_writes_any_ticket: bool,
    /// `private-admin.{id}` is refused to everyone, its own admin too, while
    /// mentions are still announced.
    pub admin_channel_refused: bool,
    /// The admin list's `status=closed` finds nothing.
    pub closed_filter_empty: bool,
    /// `/config.json` is not served (a deploy that forgot it).
    pub no_config_json: bool,
    /// Attachment URLs stay valid after the token they were issued for is
    /// revoked (the signature and expiry are still checked).
    pub attachment_urls_outlive_session: bool,
    /// `PUT …/viewing` always records `typing: false`.
    pub viewers_typing_ignored: bool,
    /// `GET …/views/counts` counts snoozed tickets in `open` and is one off
    /// in `mine`: counts that disagree with the list.
    pub counts_disagree: bool,
    /// A snoozed ticket stays snoozed: neither the clock nor a customer's
    /// message wakes it.
    pub snooze_never_wakes: bool,
    /// Tags are stored as sent: not trimmed, not lower-cased.
    pub tags_not_normalized: bool,
    /// The customer API's tickets carry `priority`, `tags` and `snoozed_until`.
    pub priority_to_customer: bool,
    /// `GET …/mentions` lists every admin's mentions.
    pub mentions_of_others: bool,
    /// Any admin may change or delete any saved view.
    pub views_editable_by_anyone: bool,
    /// An internal note answers the customer: it stops the sla clock.
    pub note_stops_clock: bool,
    /// `overdue=1` lists every waiting ticket, due or not.
    pub overdue_wrong: bool,
    /// The customer API's tickets carry `merged_into` and sla's fields
    /// (with the rest of v3's triage).
    pub merge_leaks_to_customer: bool,
    /// A merged ticket still takes messages, from the customer and admins.
    pub merged_accepts_messages: bool,
}

/// The `--break` names, as the usage and errors list them.
pub const BREAK_NAMES: &str = "drop-ticket-id, paginator-meta, note-to-customer, admin-channel-any-admin, customer-auth-lenient, customer-writes-any-ticket, admin-channel-refused, closed-filter-empty, no-config-json, attachment-urls-outlive-session, viewers-typing-ignored, counts-disagree, snooze-never-wakes, tags-not-normalized, priority-to-customer, mentions-of-others, views-editable-by-anyone, note-stops-clock, overdue-wrong, merge-leaks-to-customer, merged-accepts-messages";

impl Breaks {
    /// Turns on the break called `name`; an unknown name is an error listing
    /// the known ones.
    pub fn set(&mut self, name: &str) -> Result<(), String> {
        let flag = match name {
            "drop-ticket-id" => &mut self.drop_ticket_id,
            "paginator-meta" => &mut self.paginator_meta,
            "note-to-customer" => &mut self.note_to_customer,
            "admin-channel-any-admin" => &mut self.admin_channel_any_admin,
            "customer-auth-lenient" => &mut self.customer_auth_lenient,
            "customer-writes-any-ticket" => &mut self.customer_writes_any_ticket,
            "admin-channel-refused" => &mut self.admin_channel_refused,
            "closed-filter-empty" => &mut self.closed_filter_empty,
            "no-config-json" => &mut self.no_config_json,
            "attachment-urls-outlive-session" => &mut self.attachment_urls_outlive_session,
            "viewers-typing-ignored" => &mut self.viewers_typing_ignored,
            "counts-disagree" => &mut self.counts_disagree,
            "snooze-never-wakes" => &mut self.snooze_never_wakes,
            "tags-not-normalized" => &mut self.tags_not_normalized,
            "priority-to-customer" => &mut self.priority_to_customer,
            "mentions-of-others" => &mut self.mentions_of_others,
            "views-editable-by-anyone" => &mut self.views_editable_by_anyone,
            "note-stops-clock" => &mut self.note_stops_clock,
            "overdue-wrong" => &mut self.overdue_wrong,
            "merge-leaks-to-customer" => &mut self.merge_leaks_to_customer,
            "merged-accepts-messages" => &mut self.merged_accepts_messages,
            other => return Err(format!("unknown clause {other:?} ({BREAK_NAMES})")),
        };
        *flag = true;
        Ok(())
    }
}
