//! Where a thread's next catch-up starts.
//!
//! Not simply after the newest message held: after a reconnect, the ticket's
//! channel may deliver a new message before the catch-up asks the API, and
//! "after the newest" would then skip everything sent while the connection
//! was down. So a catch-up starts where the gap opened: at the newest
//! message held when the thread was loaded, or when the socket or the
//! channel was lost.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gap {
    /// While a gap is open: the newest message before which nothing can be
    /// missing.
    from: Option<u64>,
    /// Events are not heard now (no socket, or the channel not subscribed).
    down: bool,
}

impl Gap {
    /// Events are no longer heard; `newest` is the newest message held. A
    /// gap already open began earlier and stays.
    pub fn lost(&mut self, newest: Option<u64>) {
        self.down = true;
        if self.from.is_none() {
            self.from = newest;
        }
    }

    /// Events are heard again; the catch-up that follows fills the gap.
    pub fn resumed(&mut self) {
        self.down = false;
    }

    /// A catch-up starts: it fetches the messages after the one returned.
    /// Started while events are heard, it fills the gap; started while they
    /// are not, the gap stays open for the next one.
    pub fn start(&mut self, newest: Option<u64>) -> Option<u64> {
        let from = if self.down {
            self.from
        } else {
            self.from.take()
        };
        from.or(newest)
    }

    /// A catch-up failed with everything up to `after` fetched: the gap is
    /// open from there, or from an earlier one opened meanwhile.
    pub fn failed(&mut self, after: u64) {
        self.from = Some(self.from.map_or(after, |from| from.min(after)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_heard_before_the_catch_up_does_not_move_where_it_starts() {
        let mut gap = Gap::default();
        gap.lost(Some(39)); // the connection drops after message 39
        gap.resumed(); // the channel is subscribed again…
                       // …message 52 arrives on it, then the catch-up starts.
        assert_eq!(gap.start(Some(52)), Some(39));
        assert_eq!(gap.start(Some(53)), Some(53), "a gap is filled once");
    }

    #[test]
    fn a_gap_stays_open_from_its_start_across_more_losses() {
        let mut gap = Gap::default();
        gap.lost(Some(10));
        gap.resumed();
        gap.lost(Some(12)); // dropped again before any catch-up
        gap.resumed();
        assert_eq!(gap.start(Some(15)), Some(10));
    }

    #[test]
    fn a_catch_up_while_events_are_not_heard_leaves_the_gap_open() {
        let mut gap = Gap::default();
        gap.lost(Some(20));
        assert_eq!(gap.start(Some(20)), Some(20));
        gap.resumed();
        assert_eq!(gap.start(Some(26)), Some(20));
    }

    #[test]
    fn without_a_gap_a_catch_up_starts_after_the_newest_held() {
        let mut gap = Gap::default();
        assert_eq!(gap.start(Some(7)), Some(7));
    }

    #[test]
    fn a_failed_catch_up_reopens_the_gap_where_it_stopped() {
        let mut gap = Gap::default();
        gap.lost(Some(10));
        gap.resumed();
        assert_eq!(gap.start(Some(30)), Some(10));
        gap.failed(20); // one page, up to 20, arrived
        assert_eq!(gap.start(Some(30)), Some(20));

        // Lost again while a catch-up from 30 was on its way, which then failed.
        assert_eq!(gap.start(Some(30)), Some(30));
        gap.lost(Some(40));
        gap.failed(30);
        gap.resumed();
        assert_eq!(gap.start(Some(45)), Some(30));
    }
}
