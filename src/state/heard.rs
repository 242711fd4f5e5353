//! Which is newer: an answer from the API, or a change heard while it was on
//! its way? Status changes and read marks carry no time of their own, so a
//! store counts those it hears ([`Heard`]), and a request remembers the
//! count when it left ([`Asked`]): its answer keeps what was heard since.

/// How many changes a store has heard; also when one change was heard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heard(u64);

/// When a request left, in its store's count of changes heard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Asked(u64);

impl Heard {
    /// One more change heard; returns when it was.
    pub fn hear(&mut self) -> Heard {
        self.0 += 1;
        *self
    }

    /// Taken as a request leaves, and handed back with its answer.
    pub fn asking(self) -> Asked {
        Asked(self.0)
    }

    /// Whether this change (or the last one counted) came after the asking.
    pub fn since(self, asked: Asked) -> bool {
        self.0 > asked.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_heard_after_the_asking_is_newer_than_the_answer() {
        let mut heard = Heard::default();
        let before = heard.hear();
        let asked = heard.asking();
        assert!(!before.since(asked));
        assert!(!heard.since(asked), "nothing heard since");
        let after = heard.hear();
        assert!(after.since(asked));
        assert!(heard.since(asked));
    }
}
