//! The scenario's tiers found by name.

use super::Tier;
use super::techniques::unknown_tier;
use crate::input::{Field, InputError, Source};
use std::collections::HashMap;

/// The scenario's tiers by name, so that finding one takes the same time
/// however many there are.
pub(crate) struct Positions<'a> {
    tiers: &'a [Tier],
    by_name: HashMap<&'a str, usize>,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(tiers: &'a [Tier]) -> Self {
        let by_name = tiers.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        Self { tiers, by_name }
    }

    /// Whether the scenario has a tier named `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The position of the tier named `name`, or an error at `field` naming the closest tier.
    pub(crate) fn index(&self, src: &Source, field: &Field, name: &str) -> Result<usize, InputError> {
        self.by_name
            .get(name)
            .copied()
            .ok_or_else(|| unknown_tier(src, field, name, self.tiers))
    }
}
