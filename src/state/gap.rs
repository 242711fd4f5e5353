//! Where a thread's next catch-up starts.
//!
//! Not simply after the newest message held: after a reconnect, the ticket's
//! channel may deliver a new message before the catch-up asks the API, and a
//! reply's answer may bring the admin's own message while a customer's, sent
//! into a socket not yet known dead, was never heard. "After the newest" would
//! skip those. So the thread keeps the newest message before which nothing
//! can be missing (moved on only by the load, by messages heard live and by
//! catch-ups), and a catch-up starts where that stood when the socket or the
//! channel was lost.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gap {
    /// The newest message before which nothing can be missing.
    complete_to: Option<u64>,
    /// While a gap is open: where its catch-up starts.
    from: Option<u64>,
    /// Events are not heard now (no socket, or the channel not subscribed).
    down: bool,
}

impl Gap {
    /// A thread just loaded, with `newest` its newest message: until its
    /// channel is subscribed, what is sent is not heard.
    pub fn loaded(newest: Option<u64>) -> Self {
        Self {
            complete_to: newest,
            from: newest,
            down: true,
        }
    }

    /// A message heard live on the ticket's channel.
    pub fn heard(&mut self, id: u64) {
        if !self.down {
            self.complete_to = self.complete_to.max(Some(id));
        }
    }

    /// Events are no longer heard. A gap already open began earlier and stays.
    pub fn lost(&mut self) {
        self.down = true;
        if self.from.is_none() {
            self.from = self.complete_to;
        }
    }

    /// Events are heard again; the catch-up that follows fills the gap.
    pub fn resumed(&mut self) {
        self.down = false;
    }

    /// A catch-up starts: it fetches the messages after the one returned
    /// (`None`: the thread holds none yet). Started while events are heard,
    /// it fills the gap; started while they are not, the gap stays open.
    pub fn start(&mut self) -> Option<u64> {
        let from = if self.down {
            self.from
        } else {
            self.from.take()
        };
        from.or(self.complete_to)
    }

    /// A catch-up fetched every message up to `id`.
    pub fn fetched(&mut self, id: u64) {
        self.complete_to = self.complete_to.max(Some(id));
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

    /// Loaded at `newest`, channel subscribed, first catch-up done.
    fn caught_up(newest: u64) -> Gap {
        let mut gap = Gap::loaded(Some(newest));
        gap.resumed();
        assert_eq!(gap.start(), Some(newest));
        gap
    }

    #[test]
    fn the_first_catch_up_starts_at_the_load() {
        let mut gap = Gap::loaded(Some(5));
        gap.resumed();
        gap.heard(9); // heard on the channel before the catch-up ran
        assert_eq!(gap.start(), Some(5));
    }

    #[test]
    fn a_message_heard_before_the_catch_up_does_not_move_where_it_starts() {
        let mut gap = caught_up(30);
        gap.heard(39);
        gap.lost(); // the connection drops after message 39
        gap.resumed(); // the channel is subscribed again…
        gap.heard(52); // …message 52 arrives on it, then the catch-up starts.
        assert_eq!(gap.start(), Some(39));
        gap.fetched(51);
        assert_eq!(gap.start(), Some(52), "a gap is filled once");
    }

    #[test]
    fn a_message_merged_from_elsewhere_does_not_move_where_a_gap_starts() {
        let mut gap = caught_up(40);
        // Message 41 goes into a socket not yet known dead; the admin's reply,
        // 42, comes back in its POST answer: not heard, so not counted.
        gap.lost();
        gap.resumed();
        assert_eq!(gap.start(), Some(40));
    }

    #[test]
    fn a_gap_stays_open_from_its_start_across_more_losses() {
        let mut gap = caught_up(10);
        gap.lost();
        gap.resumed();
        gap.heard(12);
        gap.lost(); // dropped again before any catch-up
        gap.resumed();
        assert_eq!(gap.start(), Some(10));
    }

    #[test]
    fn a_catch_up_while_events_are_not_heard_leaves_the_gap_open() {
        let mut gap = caught_up(20);
        gap.lost();
        assert_eq!(gap.start(), Some(20));
        gap.fetched(23);
        gap.resumed();
        assert_eq!(gap.start(), Some(20));
    }

    #[test]
    fn a_failed_catch_up_reopens_the_gap_where_it_stopped() {
        let mut gap = caught_up(10);
        gap.lost();
        gap.resumed();
        assert_eq!(gap.start(), Some(10));
        gap.fetched(20); // one page, up to 20, arrived
        gap.failed(20);
        assert_eq!(gap.start(), Some(20));

        // Lost again while a catch-up from 30 was on its way, which then failed.
        gap.fetched(30);
        assert_eq!(gap.start(), Some(30));
        gap.lost();
        gap.failed(25);
        gap.resumed();
        assert_eq!(gap.start(), Some(25));
    }

    #[test]
    fn an_empty_thread_catches_up_from_the_start() {
        let mut gap = Gap::loaded(None);
        gap.resumed();
        assert_eq!(gap.start(), None);
        gap.fetched(3);
        assert_eq!(gap.start(), Some(3));
    }
}
