//! How many calls counted each number of tokens: what the calls' order
//! statistics (quantiles, the gap to a fitted law) need, in memory that grows
//! with the distinct counts, not the calls.

use std::collections::BTreeMap;

/// Calls by their count of tokens, smallest count first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(BTreeMap<u64, u64>);

impl Tally {
    /// One more call that counted `tokens`.
    pub fn add(&mut self, tokens: u64) {
        *self.0.entry(tokens).or_default() += 1;
    }

    /// Calls counted.
    pub fn calls(&self) -> u64 {
        self.0.values().sum()
    }

    /// Calls that counted `tokens`.
    pub fn of(&self, tokens: u64) -> u64 {
        self.0.get(&tokens).copied().unwrap_or(0)
    }

    /// Each count and its calls, smallest count first.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.0.iter().map(|(&v, &c)| (v, c))
    }

    /// The count of the call at place `i` (from 0) of the calls in order.
    pub fn nth(&self, i: u64) -> Option<u64> {
        let mut seen = 0;
        self.iter().find_map(|(v, c)| {
            seen += c;
            (seen > i).then_some(v)
        })
    }
}

impl FromIterator<u64> for Tally {
    fn from_iter<I: IntoIterator<Item = u64>>(calls: I) -> Self {
        let mut tally = Tally::default();
        calls.into_iter().for_each(|v| tally.add(v));
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_in_order_are_the_counts_repeated() {
        let tally: Tally = [7, 3, 7, 1, 7].into_iter().collect();
        assert_eq!(tally.calls(), 5);
        assert_eq!(tally.of(7), 3);
        let sorted: Vec<u64> = (0..5).map(|i| tally.nth(i).unwrap()).collect();
        assert_eq!(sorted, [1, 3, 7, 7, 7]);
        assert_eq!(tally.nth(5), None);
    }
}
