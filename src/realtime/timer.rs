//! Timers as data. The machine asks the shell to start and cancel timers and
//! is told when one fires; it never reads a clock.
//!
//! Each start gets a fresh generation, so a fire that raced with a cancel (or
//! belongs to a timer since replaced) is recognised as stale and ignored.

/// What the timers ask of the shell; the machine passes these on as its
/// own effects (`From<TimerCommand>`), so timers need not know the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerCommand {
    Start { timer: TimerId, after_ms: u32 },
    Cancel { timer: TimerId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimerKind {
    /// Bounds how long a socket may take to open and greet us.
    Handshake,
    /// Tells the panel that connecting is taking long enough to mention.
    Unavailable,
    /// Waits out the backoff delay before the next socket.
    Retry,
    /// Silence long enough to check the socket with a ping.
    Activity,
    /// How long we wait for any frame after that ping.
    Pong,
}

impl TimerKind {
    pub const ALL: [TimerKind; 5] = [
        TimerKind::Handshake,
        TimerKind::Unavailable,
        TimerKind::Retry,
        TimerKind::Activity,
        TimerKind::Pong,
    ];

    fn slot(self) -> usize {
        match self {
            TimerKind::Handshake => 0,
            TimerKind::Unavailable => 1,
            TimerKind::Retry => 2,
            TimerKind::Activity => 3,
            TimerKind::Pong => 4,
        }
    }
}

/// One started timer. Generations are unique across kinds, for easy logging.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimerId {
    pub kind: TimerKind,
    pub generation: u64,
}

/// At most one live timer per kind.
#[derive(Clone, Debug, Default)]
pub(crate) struct Timers {
    armed: [Option<u64>; 5],
    next_generation: u64,
}

impl Timers {
    /// Starts `kind`, replacing any live timer of that kind.
    pub fn start<E: From<TimerCommand>>(
        &mut self,
        kind: TimerKind,
        after_ms: u32,
        out: &mut Vec<E>,
    ) {
        self.cancel(kind, out);
        let generation = self.next_generation;
        self.next_generation += 1;
        self.armed[kind.slot()] = Some(generation);
        out.push(
            TimerCommand::Start {
                timer: TimerId { kind, generation },
                after_ms,
            }
            .into(),
        );
    }

    pub fn cancel<E: From<TimerCommand>>(&mut self, kind: TimerKind, out: &mut Vec<E>) {
        if let Some(generation) = self.armed[kind.slot()].take() {
            out.push(
                TimerCommand::Cancel {
                    timer: TimerId { kind, generation },
                }
                .into(),
            );
        }
    }

    pub fn cancel_all<E: From<TimerCommand>>(&mut self, out: &mut Vec<E>) {
        for kind in TimerKind::ALL {
            self.cancel(kind, out);
        }
    }

    pub fn is_armed(&self, kind: TimerKind) -> bool {
        self.armed[kind.slot()].is_some()
    }

    /// True when `timer` is the live one of its kind; it is then spent.
    pub fn fire(&mut self, timer: TimerId) -> bool {
        let slot = &mut self.armed[timer.kind.slot()];
        if *slot == Some(timer.generation) {
            *slot = None;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarting_cancels_the_previous_generation() {
        let mut timers = Timers::default();
        let mut out: Vec<TimerCommand> = Vec::new();
        timers.start(TimerKind::Activity, 1_000, &mut out);
        timers.start(TimerKind::Activity, 1_000, &mut out);
        let first = TimerId {
            kind: TimerKind::Activity,
            generation: 0,
        };
        assert_eq!(
            out,
            vec![
                TimerCommand::Start {
                    timer: first,
                    after_ms: 1_000
                },
                TimerCommand::Cancel { timer: first },
                TimerCommand::Start {
                    timer: TimerId {
                        kind: TimerKind::Activity,
                        generation: 1
                    },
                    after_ms: 1_000
                },
            ]
        );
        assert!(!timers.fire(first));
        assert!(timers.fire(TimerId {
            kind: TimerKind::Activity,
            generation: 1
        }));
        assert!(!timers.is_armed(TimerKind::Activity));
    }

    #[test]
    fn a_timer_fires_once() {
        let mut timers = Timers::default();
        let mut out: Vec<TimerCommand> = Vec::new();
        timers.start(TimerKind::Retry, 5, &mut out);
        let id = TimerId {
            kind: TimerKind::Retry,
            generation: 0,
        };
        assert!(timers.fire(id));
        assert!(!timers.fire(id));
    }

    #[test]
    fn a_fire_under_another_kind_is_not_confused() {
        let mut timers = Timers::default();
        let mut out: Vec<TimerCommand> = Vec::new();
        timers.start(TimerKind::Retry, 5, &mut out);
        assert!(!timers.fire(TimerId {
            kind: TimerKind::Pong,
            generation: 0
        }));
        assert!(timers.is_armed(TimerKind::Retry));
    }
}
