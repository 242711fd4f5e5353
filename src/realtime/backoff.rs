//! Reconnect delays: exponential backoff with full jitter.
//!
//! Full jitter (a uniform delay between zero and the ceiling) spreads out a
//! whole support team whose sockets dropped at the same moment when Reverb
//! restarts, instead of having them all knock again in lock-step.
//!
//! The machine must stay pure, so randomness comes from a small seeded
//! generator rather than the platform: the shell seeds it once, and tests
//! replay a session exactly by reusing a seed.

const BASE_MS: u64 = 1_000;
const CAP_MS: u64 = 30_000;

#[derive(Clone, Debug)]
pub(crate) struct Backoff {
    /// Retries since the last successful connection.
    attempt: u32,
    rng: XorShift64,
}

impl Backoff {
    pub fn new(seed: u64) -> Self {
        Backoff {
            attempt: 0,
            rng: XorShift64::new(seed),
        }
    }

    /// Upper bound of the delay for a given retry: 1 s, 2 s, 4 s … capped at 30 s.
    pub fn ceiling_ms(attempt: u32) -> u64 {
        // Past 2^5 the cap wins; clamping the shift keeps it from overflowing.
        (BASE_MS << attempt.min(16)).min(CAP_MS)
    }

    /// The delay before the next retry, counting that retry.
    pub fn next_delay_ms(&mut self) -> u32 {
        let ceiling = Self::ceiling_ms(self.attempt);
        self.attempt = self.attempt.saturating_add(1);
        // The product is below the ceiling, which fits in u32.
        (self.rng.next_unit() * ceiling as f64) as u32
    }

    /// Counts a retry made without waiting, so a server that keeps asking for
    /// immediate reconnects still ends up backed off.
    pub fn count_immediate(&mut self) {
        self.attempt = self.attempt.saturating_add(1);
    }

    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

/// xorshift64*: tiny, fast and plenty for spreading out retries. Not for secrets.
#[derive(Clone, Debug)]
struct XorShift64 {
    state: u64,
}

impl XorShift64 {
    fn new(seed: u64) -> Self {
        // An all-zero state would only ever produce zeros.
        let state = if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        };
        XorShift64 { state }
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1): the top 53 bits are exactly representable in an f64.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_from_one_second_up_to_thirty() {
        let ceilings: Vec<u64> = (0..8).map(Backoff::ceiling_ms).collect();
        assert_eq!(
            ceilings,
            vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(Backoff::ceiling_ms(u32::MAX), 30_000);
    }

    #[test]
    fn delays_stay_within_the_ceiling() {
        for seed in 0..200 {
            let mut backoff = Backoff::new(seed);
            for attempt in 0..12 {
                let delay = u64::from(backoff.next_delay_ms());
                assert!(
                    delay < Backoff::ceiling_ms(attempt),
                    "seed {seed} attempt {attempt}"
                );
            }
        }
    }

    #[test]
    fn delays_are_spread_over_the_whole_range() {
        let mut backoff = Backoff::new(42);
        let delays: Vec<u32> = (0..1_000)
            .map(|_| {
                backoff.reset();
                backoff.next_delay_ms()
            })
            .collect();
        assert!(delays.iter().any(|&d| d < 100));
        assert!(delays.iter().any(|&d| d > 900));
    }

    #[test]
    fn same_seed_same_delays() {
        let mut a = Backoff::new(7);
        let mut b = Backoff::new(7);
        for _ in 0..10 {
            assert_eq!(a.next_delay_ms(), b.next_delay_ms());
        }
    }

    #[test]
    fn reset_and_immediate_retries_move_the_attempt() {
        let mut backoff = Backoff::new(1);
        backoff.count_immediate();
        backoff.next_delay_ms();
        assert_eq!(backoff.attempt(), 2);
        backoff.reset();
        assert_eq!(backoff.attempt(), 0);
    }
}
