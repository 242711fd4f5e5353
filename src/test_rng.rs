//! A tiny deterministic generator for property tests (xorshift64), so tests
//! replay exactly and the crate needs no `rand`.

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Mostly one of the last few items (the live ones), sometimes any (stale ones).
    pub fn pick_recent<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        match self.below(4) {
            0 => self.pick(items),
            _ => self.pick(&items[items.len().saturating_sub(3)..]),
        }
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}
