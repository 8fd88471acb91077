//! The exact frontier with history lost to switching, by groups of tiers: when
//! every choice loses history only on its own model (no backup loses any) and
//! no loss is negative, a plan's month is a sum over the models it uses of
//! `f_m(S) = Σ_{j∈S} [c(j,m) + L(j,m) × (1 - r(S))]`, `S` the routed tiers on
//! model `m` and `r(S)` their share of turns (`sharing.rs`). So a plan is a
//! partition of the tiers into groups, each group on one model:
//!
//! 1. For every group `S` (a subset of the tiers), the Pareto set over the
//!    models of `(f_m(S), Σ_{j∈S} quality(j,m))`.
//! 2. For every set `V` of tiers in increasing order, `F(V)`: the Pareto set of
//!    every split of `V` into groups, the Pareto set of `F(V \ S) ⊕ P(S)` over
//!    the groups `S` holding `V`'s lowest tier (a point of `F(V \ S)` that
//!    costs no less for no more quality has no better completion: the cost of
//!    the other tiers does not depend on how `V \ S` was split). Once `F(S)`
//!    is known, `P(S)` keeps only the models on it: a model beaten by a split
//!    of its group is beaten in every plan that would use it. Each model of
//!    `P(S)` shifts the staircase `F(V \ S)` into a staircase, merged into
//!    `F(V)` in linear time (the ends it does not reach copied whole), or
//!    skipped whole when `F(V)` already has a point as cheap as its cheapest
//!    and as good as its best.
//! 3. A pair `(F(V \ S), S)` is skipped when its cheapest sum plus the least
//!    the tiers outside `V` can cost (the same recursion on each group's
//!    cheapest model) exceeds the cost of a plan already known, priced
//!    exactly, at the best quality it can still reach: every completion is
//!    strictly dominated.
//!
//! Two groups may take the same model: such a point costs at least as much as
//! the plan that groups them (its tiers then share more turns, and a loss
//! shrinks as its model's share grows), which is also searched, so the
//! frontier is exact. Its plans are priced again exactly at the end. Sums are
//! whole units of `10^-places` in `i128`, exact.
//!
//! With `T` tiers and `K` models, step 1 prices `2^T · K` groups (each tier's
//! loss once per distinct share of turns) and step 2 meets `3^T / 2` pairs of
//! a set and a group, each the product of a frontier and the group's models
//! left; [`MAX_TIERS`] bounds `T`. docs/optimize.md gives measured figures.

use super::frontier::Point;
use super::sharing::{Shared, added, price, staircase};
use rust_decimal::Decimal;

/// The most routed tiers grouped: past it the `2^T` groups cost more than
/// the branch and bound of `sharing.rs`.
pub const MAX_TIERS: usize = 12;

/// A model for one group: its month and quality, in units of `10^-places`.
#[derive(Clone, Copy)]
struct Block {
    cost: i128,
    quality: i128,
    model: usize,
}

/// A point of `F(V)`: its totals, the point of `F(V \ group)` it extends,
/// the group it adds and the group's model (small numbers, kept small so
/// that more of a frontier stays in cache).
#[derive(Clone, Copy)]
struct Node {
    cost: i128,
    quality: i128,
    prev: u32,
    group: u32,
    model: u32,
}

/// Whether [`grouped_frontier`] applies: every loss on the choice's own model
/// and none negative, and at most [`MAX_TIERS`] tiers.
pub fn applies(tiers: &[Vec<Shared>]) -> bool {
    tiers.len() <= MAX_TIERS
        && tiers
            .iter()
            .flatten()
            .all(|o| o.losses.iter().all(|&(k, loss)| k == o.model && loss >= Decimal::ZERO))
}

/// `value` as a whole number of `10^-places`, when it is one and small
/// enough that sums of thousands of them stay exact.
fn fixed(value: Decimal, places: u32) -> Option<i128> {
    const LIMIT: i128 = 10i128.pow(32);
    if value.round_dp(places) != value {
        return None;
    }
    let units = value
        .mantissa()
        .checked_mul(10i128.checked_pow(places.checked_sub(value.scale())?)?)?;
    (units.abs() < LIMIT).then_some(units)
}

/// The exact frontier of `tiers` (see the module), given `known`: plans
/// priced exactly that bound the search (step 3). `None` when a figure is not a whole
/// number of `10^-places` or too large to add exactly as one.
pub fn grouped_frontier(tiers: &[Vec<Shared>], reach: &[Decimal], places: u32, known: &[Point]) -> Option<Vec<Point>> {
    let n = tiers.len();
    if tiers.iter().any(Vec::is_empty) {
        return Some(Vec::new());
    }
    let full = (1usize << n) - 1;
    let groups = groups(tiers, reach, places)?;
    // The least a partition of `V` costs, and the most quality it gets.
    let mut least = vec![0i128; full + 1];
    let mut most = vec![0i128; full + 1];
    let best = tiers
        .iter()
        .map(|t| fixed(t.iter().map(|o| o.choice.quality).max().unwrap_or_default(), places))
        .collect::<Option<Vec<i128>>>()?;
    for v in 1..=full {
        let low = v & v.wrapping_neg();
        most[v] = most[v ^ low] + best[low.trailing_zeros() as usize];
        least[v] = submasks(v ^ low)
            .filter_map(|sub| {
                let s = sub | low;
                groups[s].first().map(|b| b.cost.saturating_add(least[v ^ s]))
            })
            .min()
            .unwrap_or(i128::MAX);
    }
    // The known plans and every tier on one model, as a staircase of sure costs.
    let mut sure = known
        .iter()
        .map(|p| Some((fixed(p.cost, places)?, fixed(p.quality, places)?)))
        .collect::<Option<Vec<(i128, i128)>>>()?;
    sure.extend(groups[full].iter().map(|b| (b.cost, b.quality)));
    reduce(&mut sure, |&p| p);
    // Whether every plan of lower bound `cost` reaching at most `quality` is strictly dominated.
    let cut = |cost: i128, quality: i128| {
        let at = sure.partition_point(|p| p.1 < quality);
        sure.get(at).is_some_and(|p| cost > p.0)
    };
    let mut frontiers: Vec<Vec<Node>> = vec![Vec::new(); full + 1];
    frontiers[0].push(Node {
        cost: 0,
        quality: 0,
        prev: 0,
        group: 0,
        model: 0,
    });
    // Per group, its models on the frontier of its own tiers: a model beaten by
    // splitting the group is beaten in every plan that would use it.
    let mut useful: Vec<Vec<Block>> = vec![Vec::new(); full + 1];
    for v in 1..=full {
        let low = v & v.wrapping_neg();
        let after = full ^ v;
        let mut next: Vec<Node> = Vec::new();
        let mut merged: Vec<Node> = Vec::new();
        for sub in submasks(v ^ low) {
            let s = sub | low;
            let points = &frontiers[v ^ s];
            let blocks = if s == v { &groups[s] } else { &useful[s] };
            let (Some(first), Some(last), Some(cheap), Some(good)) =
                (points.first(), points.last(), blocks.first(), blocks.last())
            else {
                continue;
            };
            if cut(
                first.cost + cheap.cost + least[after],
                last.quality + good.quality + most[after],
            ) {
                continue;
            }
            // Each model shifts a staircase into a staircase: merged in, in linear time.
            for b in blocks {
                // Skipped whole when a point as cheap as its cheapest sum is as good as its best.
                let within = next.partition_point(|p| p.cost <= first.cost + b.cost);
                if within > 0 && next[within - 1].quality >= last.quality + b.quality {
                    continue;
                }
                merge(&next, points, b, s, &mut merged);
                std::mem::swap(&mut next, &mut merged);
            }
        }
        useful[v] = next
            .iter()
            .filter(|p| p.group as usize == v)
            .map(|p| Block {
                cost: p.cost,
                quality: p.quality,
                model: p.model as usize,
            })
            .collect();
        frontiers[v] = next;
    }
    let plans = frontiers[full]
        .iter()
        .map(|end| {
            let mut picks = vec![0; n];
            let (mut v, mut node) = (full, *end);
            while v != 0 {
                for (j, pick) in picks.iter_mut().enumerate() {
                    if node.group & (1 << j) != 0 {
                        *pick = tiers[j]
                            .iter()
                            .position(|o| o.model == node.model as usize)
                            .unwrap_or_default();
                    }
                }
                v ^= node.group as usize;
                node = frontiers[v][node.prev as usize];
            }
            // Priced again exactly: a point whose groups share a model is never cheaper.
            price(tiers, reach, places, &picks)
        })
        .collect();
    Some(staircase(plans))
}

/// Every subset of `mask`, `mask` itself first and the empty set last.
fn submasks(mask: usize) -> impl Iterator<Item = usize> {
    let mut next = Some(mask);
    std::iter::from_fn(move || {
        let sub = next?;
        next = (sub != 0).then(|| (sub - 1) & mask);
        Some(sub)
    })
}

/// Into `out`, the Pareto set of the staircase `kept` and the staircase
/// `points` shifted by model `b` for `group` (both cheapest first, quality
/// rising); of equal points, `kept`'s. The points of `kept` cheaper than the
/// first shifted one, and those past the last that beat it, are copied whole.
fn merge(kept: &[Node], points: &[Node], b: &Block, group: usize, out: &mut Vec<Node>) {
    out.clear();
    let before = |p: &Node, cost: i128, quality: i128| (p.cost, -p.quality) <= (cost, -quality);
    let head = points.first().map_or(kept.len(), |a| {
        kept.partition_point(|p| before(p, a.cost + b.cost, a.quality + b.quality))
    });
    out.extend_from_slice(&kept[..head]);
    let mut best = out.last().map(|p| p.quality);
    let mut rest = &kept[head..];
    for (prev, a) in points.iter().enumerate() {
        let (cost, quality) = (a.cost + b.cost, a.quality + b.quality);
        while let Some((p, tail)) = rest.split_first().filter(|(p, _)| before(p, cost, quality)) {
            if best.is_none_or(|q| p.quality > q) {
                best = Some(p.quality);
                out.push(*p);
            }
            rest = tail;
        }
        if best.is_none_or(|q| quality > q) {
            best = Some(quality);
            out.push(Node {
                cost,
                quality,
                prev: prev as u32,
                group: group as u32,
                model: b.model as u32,
            });
        }
    }
    let beaten = best.map_or(0, |q| rest.partition_point(|p| p.quality <= q));
    out.extend_from_slice(&rest[beaten..]);
}

/// `points` cut to their Pareto set by `(cost, quality)`, cheapest first with quality rising.
fn reduce<T>(points: &mut Vec<T>, totals: impl Fn(&T) -> (i128, i128)) {
    points.sort_unstable_by(|a, b| {
        let (a, b) = (totals(a), totals(b));
        a.0.cmp(&b.0).then(b.1.cmp(&a.1))
    });
    let mut best: Option<i128> = None;
    points.retain(|p| {
        let quality = totals(p).1;
        let keep = best.is_none_or(|b| quality > b);
        if keep {
            best = Some(quality);
        }
        keep
    });
}

/// For every group of tiers (a bit set), the Pareto set over the models that
/// every tier of it may take of the group's month and quality on that model.
fn groups(tiers: &[Vec<Shared>], reach: &[Decimal], places: u32) -> Option<Vec<Vec<Block>>> {
    let n = tiers.len();
    let full = (1usize << n) - 1;
    let models = tiers.iter().flatten().map(|o| o.model + 1).max().unwrap_or(0);
    // on[m][j]: tier j's choice on model m.
    let mut on = vec![vec![None; n]; models];
    for (j, options) in tiers.iter().enumerate() {
        for o in options {
            on[o.model][j] = Some(o);
        }
    }
    let mut share = vec![Decimal::ZERO; full + 1];
    for s in 1..=full {
        let low = s & s.wrapping_neg();
        share[s] = share[s ^ low] + reach[low.trailing_zeros() as usize];
    }
    // Groups of equal shares lose alike: each tier's loss is priced once per distinct share.
    let mut distinct = share.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let at = share
        .iter()
        .map(|s| distinct.binary_search(s).ok())
        .collect::<Option<Vec<usize>>>()?;
    let mut groups: Vec<Vec<Block>> = vec![Vec::new(); full + 1];
    let mut sums = vec![(0i128, 0i128); full + 1];
    for (m, choices) in on.iter().enumerate() {
        let taken: usize = (0..n).filter(|&j| choices[j].is_some()).map(|j| 1 << j).sum();
        let mut lost: Vec<Option<i128>> = vec![None; n * distinct.len()];
        for s in submasks(taken)
            .filter(|&s| s != 0)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            let low = s & s.wrapping_neg();
            let o = choices[low.trailing_zeros() as usize]?;
            let (cost, quality) = sums[s ^ low];
            sums[s] = (
                cost + fixed(o.choice.cost, places)?,
                quality + fixed(o.choice.quality, places)?,
            );
            let mut loss = 0;
            for j in (0..n).filter(|j| s & (1 << j) != 0) {
                let cell = &mut lost[j * distinct.len() + at[s]];
                loss += match *cell {
                    Some(l) => l,
                    None => {
                        let o = choices[j]?;
                        let l = o
                            .losses
                            .iter()
                            .map(|&(_, loss)| fixed(added(loss, share[s], places), places))
                            .sum::<Option<i128>>()?;
                        *cell.insert(l)
                    }
                };
            }
            groups[s].push(Block {
                cost: sums[s].0 + loss,
                quality: sums[s].1,
                model: m,
            });
        }
    }
    for blocks in &mut groups {
        reduce(blocks, |b| (b.cost, b.quality));
    }
    Some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimize::frontier::Choice;
    use crate::optimize::sharing::shared_frontier;
    use rust_decimal_macros::dec;

    /// Tier choices on models 0 and 1 as (cost, loss, quality) each.
    fn tier(on: [(Decimal, Decimal, Decimal); 2]) -> Vec<Shared> {
        on.iter()
            .enumerate()
            .map(|(m, &(cost, loss, quality))| Shared {
                model: m,
                choice: Choice { cost, quality },
                losses: vec![(m, loss)],
            })
            .collect()
    }

    #[test]
    fn two_tiers_grouped_on_one_model_and_one_alone_are_on_the_frontier() {
        // Shares of turns 1/2, 1/4, 1/4; a tier on model m costs c + L × (1 - q_m).
        //   tier 0: m0 $10, L $8, 0.30; m1 $9,  L $8, 0.35
        //   tier 1: m0 $4,  L $4, 0.20; m1 $6,  L $4, 0.22
        //   tier 2: m0 $4,  L $4, 0.20; m1 $12, L $4, 0.22
        // All on m0 (q0 = 1): 10 + 4 + 4 = $18, quality 0.70.
        // Tiers 0 and 1 on m1 (q1 = 3/4), tier 2 on m0 (q0 = 1/4):
        //   9 + 8/4 + 6 + 4/4 + 4 + 4 × 3/4 = 11 + 7 + 7 = $25, quality 0.77.
        // All on m1 (q1 = 1): 9 + 6 + 12 = $27, quality 0.79.
        // The other five: m1,m0,m0 13 + 6 + 6 = $25 at 0.75; m0,m1,m0 12 + 9 + 5 =
        // $26 at 0.72; m0,m0,m1 12 + 5 + 15 = $32; m0,m1,m1 14 + 8 + 14 = $36;
        // m1,m0,m1 11 + 7 + 13 = $31 at 0.77: each beaten by one above. Priced
        // per tier with no sharing the middle plan looks worse than m1,m0,m0.
        let tiers = vec![
            tier([(dec!(10), dec!(8), dec!(0.30)), (dec!(9), dec!(8), dec!(0.35))]),
            tier([(dec!(4), dec!(4), dec!(0.20)), (dec!(6), dec!(4), dec!(0.22))]),
            tier([(dec!(4), dec!(4), dec!(0.20)), (dec!(12), dec!(4), dec!(0.22))]),
        ];
        assert!(applies(&tiers));
        let found: Vec<(Decimal, Decimal, Vec<usize>)> =
            shared_frontier(&tiers, &[dec!(0.5), dec!(0.25), dec!(0.25)], 12)
                .expect("three tiers are small")
                .into_iter()
                .map(|p| (p.cost, p.quality, p.picks))
                .collect();
        assert_eq!(
            found,
            vec![
                (dec!(18), dec!(0.70), vec![0, 0, 0]),
                (dec!(25), dec!(0.77), vec![1, 1, 0]),
                (dec!(27), dec!(0.79), vec![1, 1, 1]),
            ]
        );
    }

    #[test]
    fn a_backup_loss_or_a_negative_loss_leaves_the_grouping_out() {
        let mut tiers = vec![tier([(dec!(1), dec!(1), dec!(0.5)), (dec!(2), dec!(1), dec!(0.6))])];
        assert!(applies(&tiers));
        tiers[0][0].losses.push((1, dec!(1)));
        assert!(!applies(&tiers));
        tiers[0][0].losses = vec![(0, dec!(-1))];
        assert!(!applies(&tiers));
    }

    #[test]
    fn submasks_are_every_subset() {
        assert_eq!(submasks(0b101).collect::<Vec<_>>(), vec![0b101, 0b100, 0b001, 0]);
    }
}
