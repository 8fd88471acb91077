//! The integer sums `usage price` keeps while records are added: names
//! turned into small keys once ([`Interner`]), and each group's tokens, cost
//! (whole units of 10^-20 of the currency, as the tariff carries figures)
//! and recorded cost (a whole mantissa at the most places any record wrote)
//! added as integers, made decimals once at the end. Sums are exact: an
//! integer past its range is an overflow, never a rounding.

use super::price::{TokenSums, Totals};
use crate::money::PLACES;
use hashbrown::{DefaultHashBuilder, HashTable};
use rust_decimal::Decimal;
use std::hash::BuildHasher;

/// The largest mantissa a decimal holds (2^96 - 1).
const MANTISSA: u128 = (1 << 96) - 1;

/// A sum past the range of its integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow;

/// A small key for each distinct name, in the order they were first met.
/// A name of up to [`INLINE`] bytes is kept in its slot of the table, so
/// that finding it reads one place in memory, not two: a row of a large
/// table looks up several names (a model, a team, a user, tags), the users
/// by the ten thousand.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    table: HashTable<Slot>,
    names: Vec<Box<str>>,
    hasher: DefaultHashBuilder,
}

/// The longest name a slot holds itself.
const INLINE: usize = 22;

/// A name's key, and its bytes when they fit.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u32,
    /// The name's length, or `u8::MAX` when it is longer than `INLINE`.
    len: u8,
    bytes: [u8; INLINE],
}

impl Slot {
    /// The slot of `name`, under key `key`.
    fn of(name: &str, key: u32) -> Self {
        let mut slot = Slot {
            key,
            len: u8::MAX,
            bytes: [0; INLINE],
        };
        if name.len() <= INLINE {
            slot.len = name.len() as u8;
            slot.bytes[..name.len()].copy_from_slice(name.as_bytes());
        }
        slot
    }

    /// Whether the slot is `wanted`'s, the slot of `name`: compared as whole
    /// arrays when the name fits one.
    fn holds(&self, wanted: &Slot, name: &str, names: &[Box<str>]) -> bool {
        self.len == wanted.len
            && match self.len {
                u8::MAX => *names[self.key as usize] == *name,
                _ => self.bytes == wanted.bytes,
            }
    }
}

impl Interner {
    /// The key of `name`, if it has one.
    pub(crate) fn find(&self, name: &str) -> Option<u32> {
        self.find_hashed(self.hash(name), name)
    }

    /// The hash `name` is found by.
    pub(crate) fn hash(&self, name: &str) -> u64 {
        self.hasher.hash_one(name)
    }

    /// The key of `name`, whose hash is `hash`, if it has one.
    pub(crate) fn find_hashed(&self, hash: u64, name: &str) -> Option<u32> {
        self.lookup(hash, &Slot::of(name, 0), name)
    }

    /// The key of `name`, whose hash is `hash` and slot `slot`, if it has one.
    fn lookup(&self, hash: u64, slot: &Slot, name: &str) -> Option<u32> {
        let found = self.table.find(hash, |s| s.holds(slot, name, &self.names));
        found.map(|s| s.key)
    }

    /// How many names have keys.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The key of `name`, made the first time it is met.
    pub(crate) fn key(&mut self, name: &str) -> u32 {
        let hash = self.hasher.hash_one(name);
        let key = self.names.len() as u32;
        let slot = Slot::of(name, key);
        if let Some(found) = self.lookup(hash, &slot, name) {
            return found;
        }
        self.names.push(name.into());
        let hasher = &self.hasher;
        let names = &self.names;
        self.table
            .insert_unique(hash, slot, |slot| hasher.hash_one(&*names[slot.key as usize]));
        key
    }

    pub(crate) fn name(&self, key: u32) -> &str {
        &self.names[key as usize]
    }
}

/// An exact sum of decimals: `units` at `scale` places, the most places of
/// any amount added (as a decimal sum keeps them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Money {
    units: i128,
    scale: u32,
}

impl Money {
    /// An amount as written (its places kept).
    pub(crate) fn of(amount: Decimal) -> Self {
        Self {
            units: amount.mantissa(),
            scale: amount.scale(),
        }
    }

    /// The amount's whole units at its scale.
    pub(crate) fn units(self) -> i128 {
        self.units
    }

    /// The places the amount needs: those it was written with but trailing zeros.
    pub(crate) fn places(self) -> u32 {
        stripped(self.units, self.scale).1
    }

    /// Raises `places` to the places the amount needs, looked at only when
    /// it was written with more (a table's costs are written at one scale).
    pub(crate) fn widen(self, places: &mut u32) {
        if self.scale > *places {
            *places = (*places).max(self.places());
        }
    }

    pub(crate) fn add(&mut self, amount: Money) -> Result<(), Overflow> {
        if amount.scale == self.scale {
            self.units = self.units.checked_add(amount.units).ok_or(Overflow)?;
            return self.within();
        }
        let mut other = amount;
        if other.scale > self.scale {
            std::mem::swap(self, &mut other);
        }
        let added = other
            .units
            .checked_mul(10i128.pow(self.scale - other.scale))
            .ok_or(Overflow)?;
        self.units = self.units.checked_add(added).ok_or(Overflow)?;
        self.within()
    }

    /// Whether the sum's whole part still fits a decimal (2^96), as a decimal sum checks.
    fn within(&self) -> Result<(), Overflow> {
        let units = self.units.unsigned_abs();
        if units > MANTISSA && units / 10u128.pow(self.scale) > MANTISSA {
            return Err(Overflow);
        }
        Ok(())
    }

    pub(crate) fn decimal(self) -> Decimal {
        decimal(self.units, self.scale)
    }
}

/// `units` at `scale` places as a decimal: exact when its digits fit (at
/// most 28 places and 2^96); else rounded half to even at fewer places, as a
/// decimal sum itself rounds.
pub(crate) fn decimal(units: i128, scale: u32) -> Decimal {
    let (mut units, mut scale) = stripped(units, scale);
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(units, scale) {
            return d;
        }
        if scale == 0 {
            // Past 2^96 whole units: beyond any sum a caller lets through.
            return if units < 0 { Decimal::MIN } else { Decimal::MAX };
        }
        let (quotient, rest) = (units / 10, units % 10);
        let up = rest.abs() > 5 || (rest.abs() == 5 && quotient % 2 != 0);
        units = if up { quotient + units.signum() } else { quotient };
        scale -= 1;
    }
}

/// `units` at `scale` places without the trailing zeros (as
/// `Decimal::normalize` leaves a decimal).
fn stripped(mut units: i128, mut scale: u32) -> (i128, u32) {
    // In 64 bits where the units fit: a division the processor does itself.
    if let Ok(mut small) = i64::try_from(units) {
        while scale > 0 && small % 10 == 0 {
            small /= 10;
            scale -= 1;
        }
        return (i128::from(small), scale);
    }
    while scale > 0 && units % 10 == 0 {
        units /= 10;
        scale -= 1;
    }
    (units, scale)
}

/// A cost in units of 10^-20 of the currency as a decimal.
pub(crate) fn cost(units: i128) -> Decimal {
    decimal(units, PLACES)
}

/// A decimal carried to at most `PLACES` places (a bill's total) in units of 10^-20.
pub(crate) fn units(cost: Decimal) -> Result<i128, Overflow> {
    let scale = cost.scale();
    debug_assert!(scale <= PLACES, "a bill is carried to {PLACES} places");
    cost.mantissa()
        .checked_mul(10i128.pow(PLACES.saturating_sub(scale)))
        .ok_or(Overflow)
}

/// What one record adds to each group it belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Line {
    pub requests: u64,
    pub tokens: TokenSums,
    /// Units of 10^-20.
    pub cost: i128,
    pub recorded: Option<Money>,
}

/// What one group of records used and cost, as integers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sums {
    records: u64,
    requests: u128,
    tokens: TokenSums,
    cost: i128,
    recorded: Option<Money>,
}

impl Sums {
    pub(crate) fn add(&mut self, line: &Line) -> Result<(), Overflow> {
        self.records += 1;
        self.requests += u128::from(line.requests);
        self.tokens.add(&line.tokens);
        self.cost = self.cost.checked_add(line.cost).ok_or(Overflow)?;
        if let Some(recorded) = line.recorded {
            self.recorded.get_or_insert_default().add(recorded)?;
        }
        Ok(())
    }

    /// Adds the sums of `other`.
    pub(crate) fn merge(&mut self, other: &Sums) -> Result<(), Overflow> {
        self.records += other.records;
        self.requests += other.requests;
        self.tokens.add(&other.tokens);
        self.cost = self.cost.checked_add(other.cost).ok_or(Overflow)?;
        if let Some(recorded) = other.recorded {
            self.recorded.get_or_insert_default().add(recorded)?;
        }
        Ok(())
    }

    /// Reads every part of the sums (each line of memory they span); returns a mix of what it read.
    pub(crate) fn touch(&self) -> u64 {
        let t = &self.tokens;
        let parts = [
            self.requests,
            t.input,
            t.cache_read,
            t.cache_write,
            t.output,
            t.reasoning,
        ];
        parts
            .iter()
            .fold(self.records ^ self.cost as u64, |mix, part| mix ^ *part as u64)
            ^ self.recorded.map_or(0, |r| r.units() as u64)
    }

    pub(crate) fn records(&self) -> u64 {
        self.records
    }

    /// The totals a report carries, without trailing zeros.
    pub(crate) fn totals(&self) -> Totals {
        Totals {
            records: self.records,
            requests: self.requests,
            tokens: self.tokens,
            cost: cost(self.cost).normalize(),
            recorded: self.recorded.map(|r| r.decimal().normalize()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_keeps_the_most_places_as_a_decimal_sum_does() {
        let mut m = Money::default();
        for a in [dec!(0.10), dec!(1.005), dec!(-0.0001), dec!(3)] {
            m.add(Money::of(a)).unwrap();
        }
        // 0.10 + 1.005 - 0.0001 + 3 = 4.1049, at four places.
        assert_eq!(m.decimal(), dec!(4.1049));
        assert_eq!(m.decimal().scale(), 4);
        // Past a decimal's whole range, as a decimal sum would be.
        let mut big = Money::of(Decimal::MAX);
        assert_eq!(big.add(Money::of(Decimal::ONE)), Err(Overflow));
    }

    #[test]
    fn an_amount_needs_its_places_but_trailing_zeros() {
        let places = |d: Decimal| Money::of(d).places();
        assert_eq!(places(dec!(0.00100)), 3);
        assert_eq!(places(dec!(-0.0120)), 3);
        assert_eq!(places(dec!(0.00)), 0);
        assert_eq!(places(dec!(120)), 0);
        // Units past 64 bits: 2^70 × 10 at 2 places (2^70 ends in 4), then the same × 100 at 4.
        let big = (1i128 << 70) * 10;
        assert_eq!(places(Decimal::from_i128_with_scale(big, 2)), 1);
        assert_eq!(places(Decimal::from_i128_with_scale(big * 100, 4)), 1);
        // Widened only by an amount that needs more places than seen so far.
        let mut seen = 0;
        for d in [dec!(0.10000000), dec!(0.01234500), dec!(0.00000001)] {
            Money::of(d).widen(&mut seen);
        }
        assert_eq!(seen, 8);
        let mut seen = 4;
        Money::of(dec!(0.10)).widen(&mut seen);
        assert_eq!(seen, 4);
    }

    #[test]
    fn units_and_decimals_round_trip() {
        assert_eq!(units(dec!(0.011475)).unwrap(), 1_147_500_000_000_000_000);
        assert_eq!(cost(1_147_500_000_000_000_000), dec!(0.011475));
        // 2^100 units of 10^-20 keep 28 significant digits, rounded half to even.
        let big = 1i128 << 100;
        assert_eq!(cost(big).to_string(), "12676506002.282294014967032054");
    }

    #[test]
    fn names_get_keys_once() {
        let mut names = Interner::default();
        assert_eq!((names.key("a"), names.key("b"), names.key("a")), (0, 1, 0));
        assert_eq!(names.name(1), "b");
        assert_eq!((names.find("b"), names.find("c"), names.len()), (Some(1), None, 2));
        // Names longer than a slot holds, one a prefix of the other, and the empty name.
        let long = "a-model-name-longer-than-a-slot";
        let longer = format!("{long}-and-then-some");
        assert!(long.len() > INLINE);
        let keys = [names.key(long), names.key(&longer), names.key(""), names.key("a")];
        assert_eq!(keys, [2, 3, 4, 0]);
        assert_eq!([names.key(&longer), names.key(long), names.key("")], [3, 2, 4]);
        assert_eq!(
            (names.name(2), names.name(3), names.name(4)),
            (long, longer.as_str(), "")
        );
        // Thousands of names, each found again.
        let users: Vec<String> = (0..5_000).map(|i| format!("user-{i}")).collect();
        let first: Vec<u32> = users.iter().map(|u| names.key(u)).collect();
        assert!(
            users
                .iter()
                .zip(&first)
                .all(|(u, k)| names.key(u) == *k && names.name(*k) == u)
        );
    }
}
