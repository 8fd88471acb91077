//! Sampled costs in ascending order, sorted on several threads by an exact
//! integer key instead of decimal comparisons.
//!
//! A cost's key is its value scaled to the largest number of decimal places in
//! its column (exact: a whole number), with its run number in the low 32 bits,
//! so costs of equal value keep run order, which is the order a stable sort of
//! the decimals gives. Pieces of a column are sorted apart and merged, and the
//! result is the same for any number of threads. A column whose keys would not
//! fit 96 bits (or that holds a negative cost) is sorted as decimals.

use super::tasks;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Bits of a key below which the run number sits.
const RUN_BITS: u32 = 32;

/// Each column sorted ascending; costs of equal value stay in their column's order.
pub fn sorted_columns(columns: &[&[Decimal]], threads: usize) -> Vec<Vec<Decimal>> {
    let scales: Vec<u32> = columns
        .iter()
        .map(|c| c.iter().map(Decimal::scale).max().unwrap_or(0))
        .collect();
    let lengths: Vec<usize> = columns.iter().map(|c| c.len()).collect();
    let runs: Vec<Option<Vec<Vec<u128>>>> = tasks::by_piece(&lengths, threads, |c, range| {
        let keys = keys(&columns[c][range.clone()], range.start, scales[c])?;
        Some(sort_keys(keys, columns[c].len()))
    })
    .into_iter()
    .map(|pieces| pieces.into_iter().collect())
    .collect();
    tasks::run(threads, columns.len(), |c| match &runs[c] {
        Some(runs) => merge_all(runs)
            .iter()
            .map(|key| columns[c][(key & u128::from(u32::MAX)) as usize])
            .collect(),
        None => {
            let mut sorted = columns[c].to_vec();
            sorted.sort();
            sorted
        }
    })
}

/// The keys of `costs`, the first of which is run `first`, at `scale` decimal places;
/// `None` when one does not fit.
fn keys(costs: &[Decimal], first: usize, scale: u32) -> Option<Vec<u128>> {
    costs
        .iter()
        .zip(first..)
        .map(|(x, run)| {
            let scaled = u128::try_from(x.mantissa())
                .ok()?
                .checked_mul(10u128.checked_pow(scale - x.scale())?)?;
            let run = u32::try_from(run).ok()?;
            (scaled < 1 << (128 - RUN_BITS)).then_some((scaled << RUN_BITS) | u128::from(run))
        })
        .collect()
}

/// Keys of a column of `len` costs, sorted; as 64-bit numbers (twice as fast)
/// when costs and run numbers fit them.
fn sort_keys(mut keys: Vec<u128>, len: usize) -> Vec<u128> {
    let run_bits = usize::BITS - len.leading_zeros();
    let largest = keys.iter().max().map_or(0, |k| k >> RUN_BITS);
    if largest >> (u64::BITS - run_bits) != 0 {
        keys.sort_unstable();
        return keys;
    }
    let run_mask = u128::from(u32::MAX);
    let mut short: Vec<u64> = keys
        .iter()
        .map(|k| (((k >> RUN_BITS) << run_bits) | (k & run_mask)) as u64)
        .collect();
    short.sort_unstable();
    let short_mask = (1u64 << run_bits) - 1;
    short
        .iter()
        .map(|k| (u128::from(k >> run_bits) << RUN_BITS) | u128::from(k & short_mask))
        .collect()
}

/// Sorted runs merged into one, halves first.
fn merge_all(runs: &[Vec<u128>]) -> Cow<'_, [u128]> {
    match runs {
        [] => Cow::Owned(Vec::new()),
        [one] => Cow::Borrowed(one),
        _ => {
            let (a, b) = runs.split_at(runs.len() / 2);
            Cow::Owned(merge(&merge_all(a), &merge_all(b)))
        }
    }
}

/// Two sorted runs as one sorted run.
fn merge(a: &[u128], b: &[u128]) -> Vec<u128> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The order a stable sort of the decimals gives, with each cost's scale.
    fn stable(costs: &[Decimal]) -> Vec<(Decimal, u32)> {
        let mut sorted = costs.to_vec();
        sorted.sort();
        sorted.iter().map(|x| (*x, x.scale())).collect()
    }

    #[test]
    fn equal_costs_keep_run_order_for_any_thread_count() {
        // 13,000 costs with 1,000 distinct values, each written with 0 to 3 more decimal places.
        let costs: Vec<Decimal> = (0..13_000u32)
            .map(|i| {
                let mut d = Decimal::from((i * 7919) % 1000) / Decimal::from(8);
                d.rescale(d.scale() + i % 4);
                d
            })
            .collect();
        let expected = stable(&costs);
        for threads in [1, 2, 3] {
            let sorted = sorted_columns(&[&costs], threads).remove(0);
            let got: Vec<(Decimal, u32)> = sorted.iter().map(|x| (*x, x.scale())).collect();
            assert_eq!(got, expected, "{threads} threads");
        }
    }

    #[test]
    fn costs_whose_keys_do_not_fit_are_sorted_as_decimals() {
        // 10^27 at 28 decimal places of another cost would need 2^183.
        let costs = [dec!(1e27), dec!(0.0000000000000000000000000001), dec!(-1), dec!(5)];
        assert_eq!(
            sorted_columns(&[&costs], 2).remove(0),
            vec![dec!(-1), dec!(0.0000000000000000000000000001), dec!(5), dec!(1e27)]
        );
        assert_eq!(keys(&costs[..2], 0, 28), None);
        assert_eq!(keys(&[dec!(-1)], 0, 0), None);
    }

    #[test]
    fn keys_sort_the_same_in_64_and_128_bits() {
        // Costs of 2^40 − 1 and 2^40 beside 4 runs fit 64 bits; 2^90 does not.
        let short = vec![(((1u128 << 40) - 1) << 32) | 3, (1 << 72) | 1, (1 << 72) | 2, 5 << 32];
        let mut expected = short.clone();
        expected.sort_unstable();
        assert_eq!(sort_keys(short.clone(), 4), expected);
        let mut long = short;
        long.push(1 << 122);
        let mut expected = long.clone();
        expected.sort_unstable();
        assert_eq!(sort_keys(long, 5), expected);
    }

    #[test]
    fn a_key_is_the_scaled_cost_above_the_run_number() {
        assert_eq!(
            keys(&[dec!(1.5), dec!(2)], 7, 2),
            Some(vec![(150 << 32) | 7, (200 << 32) | 8])
        );
    }
}
