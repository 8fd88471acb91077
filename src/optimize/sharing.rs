//! The exact frontier when a tier's cost depends on which tiers share its
//! model: with conversations of several turns and their history cached, a
//! turn routed to a model other than the turn before it misses its history
//! (`tariff::history_lost`), so a routed tier `j` on model `m` costs
//! `c(j,m) + Σ_k L(j,m,k) × (1 - q_k)`, where `L(j,m,k)` is its month's extra on
//! model `k` (`m` itself, or a fallback's backup) when every turn switches,
//! and `q_k` the share of turns routed to `k` by every tier that picks it.
//! Sums over tiers no longer decompose, so the frontier is found by branch
//! and bound, never by sampling:
//!
//! 1. Since `r_j ≤ q_m ≤ 1` (`r_j`: tier `j`'s own share of turns) and `0 ≤
//!    q_k ≤ 1` for a backup, each choice's cost lies between a lower bound
//!    (no loss) and an upper bound (its models shared with no other tier),
//!    both per tier.
//! 2. The frontier of the upper bounds is exact and separable
//!    (`frontier.rs`); its plans priced exactly give `U(q)`, the cheapest of
//!    quality at least `q`: a cost some plan of that quality surely reaches.
//! 3. A depth-first walk over the tiers assigns models, cheapest lower bound
//!    first, and cuts a partial plan when its lower bound plus the cheapest
//!    lower bound of the tiers left exceeds `U` of the best quality it can
//!    still reach: every completion is strictly dominated.
//! 4. Every plan left is priced exactly (with its `q_m`) and their Pareto set
//!    is the frontier.
//!
//! With no loss the walk is not made: the separable merge is the frontier.
//! When every loss is on the choice's own model, none is negative and at most
//! `grouping::MAX_TIERS` tiers are routed, the exact search over groups of tiers sharing a model (`grouping.rs`) is made
//! instead, bounded by the plans of step 2 priced exactly; the walk is for a
//! fallback's backups, whose share of turns depends on other tiers' choices.
//! The walk's work grows with the number of plans whose bounds overlap the
//! frontier's, which the gap between the bounds (the history share of a
//! tier's cost) sets; docs/optimize.md gives measured figures.

use super::frontier::{Choice, Point, frontier, pareto_of};
use super::grouping::{self, grouped_frontier};
use rust_decimal::Decimal;
use std::cell::Cell;

/// The most partial plans the walk visits before it stops: past it the
/// search would run for minutes and hold every plan it priced.
pub const MAX_VISITS: u64 = 2_000_000;

/// The walk passed [`MAX_VISITS`] partial plans without finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// One choice of a routed tier: the model, its cost and quality without
/// switching, and its extra cost on each model it calls when every turn switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub model: usize,
    pub choice: Choice,
    pub losses: Vec<(usize, Decimal)>,
}

impl Shared {
    /// A bound of the cost its losses add: `bound` of each loss at the least
    /// sharing (its own turns alone on its model) or at the most (none lost).
    fn bounded(&self, reach: Decimal, places: u32, bound: fn(Decimal) -> Decimal) -> Decimal {
        self.losses
            .iter()
            .map(|&(k, loss)| bound(added(loss, if k == self.model { reach } else { Decimal::ZERO }, places)))
            .sum()
    }
}

/// The cost a choice's loss adds when its model serves `q` of the turns,
/// rounded as the search rounds each figure.
pub(super) fn added(loss: Decimal, q: Decimal, places: u32) -> Decimal {
    (loss * (Decimal::ONE - q)).round_dp(places)
}

/// The exact frontier of the routed tiers `tiers` (each a list of choices),
/// tier `j` routing `reach[j]` of the turns; figures rounded to `places`.
/// `Err(TooLarge)` when the walk passes [`MAX_VISITS`] partial plans.
pub fn shared_frontier(tiers: &[Vec<Shared>], reach: &[Decimal], places: u32) -> Result<Vec<Point>, TooLarge> {
    frontier_within(tiers, reach, places, MAX_VISITS)
}

/// [`shared_frontier`], stopping after `max_visits` partial plans.
fn frontier_within(
    tiers: &[Vec<Shared>],
    reach: &[Decimal],
    places: u32,
    max_visits: u64,
) -> Result<Vec<Point>, TooLarge> {
    let plain = |bound: fn(Decimal) -> Decimal| -> Vec<Vec<Choice>> {
        tiers
            .iter()
            .zip(reach)
            .map(|(options, &r)| {
                options
                    .iter()
                    .map(|o| Choice {
                        cost: o.choice.cost + o.bounded(r, places, bound),
                        quality: o.choice.quality,
                    })
                    .collect()
            })
            .collect()
    };
    if tiers
        .iter()
        .flatten()
        .all(|o| o.losses.iter().all(|(_, l)| l.is_zero()))
    {
        return Ok(frontier(&plain(|_| Decimal::ZERO)));
    }
    // A loss is never negative where a cache write costs at least a read; were
    // one negative, sharing would raise it, and the bounds swap.
    let lower = plain(|l| l.min(Decimal::ZERO));
    // The upper bounds' plans, priced exactly: costs some plan surely reaches.
    let known: Vec<Point> = frontier(&plain(|l| l.max(Decimal::ZERO)))
        .iter()
        .map(|p| price(tiers, reach, places, &p.picks))
        .collect();
    if let Some(found) = grouping::applies(tiers)
        .then(|| grouped_frontier(tiers, reach, places, &known))
        .flatten()
    {
        return Ok(found);
    }
    let upper = staircase(known);
    // Each tier's choices, cheapest lower bound first.
    let order: Vec<Vec<usize>> = lower
        .iter()
        .map(|options| {
            let mut o: Vec<usize> = (0..options.len()).collect();
            o.sort_by(|&a, &b| options[a].cost.cmp(&options[b].cost));
            o
        })
        .collect();
    // What the tiers from `j` on can add at best: the cheapest cost, the highest quality.
    let n = tiers.len();
    let mut cheapest = vec![Decimal::ZERO; n + 1];
    let mut best = vec![Decimal::ZERO; n + 1];
    for j in (0..n).rev() {
        let options = &lower[j];
        cheapest[j] = cheapest[j + 1] + options.iter().map(|c| c.cost).min().unwrap_or_default();
        best[j] = best[j + 1] + options.iter().map(|c| c.quality).max().unwrap_or_default();
    }
    let walk = Walk {
        tiers,
        reach,
        places,
        lower: &lower,
        order: &order,
        upper: &upper,
        cheapest: &cheapest,
        best: &best,
        visits: Cell::new(0),
        max_visits,
    };
    let mut picks = Vec::with_capacity(n);
    let mut plans = Vec::new();
    if tiers.iter().all(|t| !t.is_empty()) {
        walk.go(0, Decimal::ZERO, Decimal::ZERO, &mut picks, &mut plans)?;
    }
    Ok(staircase(plans))
}

/// The depth-first walk's fixed inputs.
struct Walk<'a> {
    tiers: &'a [Vec<Shared>],
    reach: &'a [Decimal],
    places: u32,
    lower: &'a [Vec<Choice>],
    order: &'a [Vec<usize>],
    /// The plans of the upper bounds' frontier, priced exactly: cheapest first, quality rising.
    upper: &'a [Point],
    cheapest: &'a [Decimal],
    best: &'a [Decimal],
    /// Partial plans visited so far, and the most it may visit.
    visits: Cell<u64>,
    max_visits: u64,
}

impl Walk<'_> {
    /// `U(q)`: the cheapest known plan of quality at least `q`; `None` when none reaches it.
    fn bound(&self, quality: Decimal) -> Option<Decimal> {
        let at = self.upper.partition_point(|p| p.quality < quality);
        self.upper.get(at).map(|p| p.cost)
    }

    /// Whether every plan of lower bound `cost` and quality at most `quality` is strictly dominated.
    fn cut(&self, cost: Decimal, quality: Decimal) -> bool {
        self.bound(quality).is_some_and(|u| cost > u)
    }

    fn go(
        &self,
        j: usize,
        cost: Decimal,
        quality: Decimal,
        picks: &mut Vec<usize>,
        plans: &mut Vec<Point>,
    ) -> Result<(), TooLarge> {
        self.visits.set(self.visits.get() + 1);
        if self.visits.get() > self.max_visits {
            return Err(TooLarge);
        }
        if j == self.tiers.len() {
            plans.push(price(self.tiers, self.reach, self.places, picks));
            return Ok(());
        }
        let reachable = quality + self.best[j];
        for &i in &self.order[j] {
            let c = &self.lower[j][i];
            let floor = cost + c.cost + self.cheapest[j + 1];
            if self.cut(floor, reachable) {
                // Later choices of this tier cost at least as much.
                break;
            }
            if self.cut(floor, quality + c.quality + self.best[j + 1]) {
                continue;
            }
            picks.push(i);
            self.go(j + 1, cost + c.cost, quality + c.quality, picks, plans)?;
            picks.pop();
        }
        Ok(())
    }
}

/// The Pareto set of `plans`, cheapest first with quality rising.
pub(super) fn staircase(plans: Vec<Point>) -> Vec<Point> {
    pareto_of(&plans, |p| Choice {
        cost: p.cost,
        quality: p.quality,
    })
}

/// A whole plan priced exactly: each choice's loss at its model's share of
/// turns, `reach[j]` summed over every tier `j` that picks it.
pub(super) fn price(tiers: &[Vec<Shared>], reach: &[Decimal], places: u32, picks: &[usize]) -> Point {
    let chosen: Vec<&Shared> = picks.iter().zip(tiers).map(|(&i, t)| &t[i]).collect();
    let share = |k: usize| -> Decimal {
        chosen
            .iter()
            .zip(reach)
            .filter(|(other, _)| other.model == k)
            .map(|(_, r)| *r)
            .sum()
    };
    let mut cost = Decimal::ZERO;
    let mut quality = Decimal::ZERO;
    for o in &chosen {
        cost += o.choice.cost;
        for &(k, loss) in &o.losses {
            cost += added(loss, share(k), places);
        }
        quality += o.choice.quality;
    }
    Point {
        cost,
        quality,
        picks: picks.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn shared(model: usize, cost: Decimal, quality: Decimal, loss: Decimal) -> Shared {
        Shared {
            model,
            choice: Choice { cost, quality },
            losses: vec![(model, loss)],
        }
    }

    /// The frontier of two tiers of half the turns each, as (cost, quality, picks).
    fn halves(first: Vec<Shared>, second: Vec<Shared>) -> Vec<(Decimal, Decimal, Vec<usize>)> {
        shared_frontier(&[first, second], &[dec!(0.5), dec!(0.5)], 12)
            .expect("two tiers are small")
            .into_iter()
            .map(|p| (p.cost, p.quality, p.picks))
            .collect()
    }

    #[test]
    fn a_walk_no_bound_cuts_stops_at_its_limit() {
        // Twelve tiers of five alike choices ($10, loss $4 on its model and $1
        // on the next as a backup, quality 1): a backup's loss leaves the
        // grouping out, every lower bound ($120) is under every plan's exact
        // price ($132 with every tier on one model), so nothing is cut and
        // the walk would visit 5^12 plans; it stops after 1,000.
        let tier: Vec<Shared> = (0..5)
            .map(|m| Shared {
                model: m,
                choice: Choice {
                    cost: dec!(10),
                    quality: dec!(1),
                },
                losses: vec![(m, dec!(4)), ((m + 1) % 5, dec!(1))],
            })
            .collect();
        let tiers = vec![tier; 12];
        let reach = vec![Decimal::ONE / Decimal::from(12); 12];
        assert_eq!(frontier_within(&tiers, &reach, 12, 1_000), Err(TooLarge));
    }

    #[test]
    fn a_plan_is_priced_with_the_sharing_of_its_models() {
        let cases = [
            // Tier 0: model 0 at $10 (loss $4), model 1 at $9 (loss $4). Tier 1: model 0 only,
            // at $10 (loss $4); equal qualities. Model 0 for both: q = 1, no loss: $20. Models 1
            // and 0: each q = 1/2, loss $2 each: $9 + $2 + $10 + $2 = $23. The cheaper-looking
            // $9 choice loses.
            (
                vec![
                    shared(0, dec!(10), dec!(0.5), dec!(4)),
                    shared(1, dec!(9), dec!(0.5), dec!(4)),
                ],
                vec![shared(0, dec!(10), dec!(0.5), dec!(4))],
                vec![(dec!(20), dec!(1), vec![0, 0])],
            ),
            // Without loss: the separable frontier, $10 + $5 and $12 + $5.
            (
                vec![
                    shared(0, dec!(10), dec!(0.4), dec!(0)),
                    shared(1, dec!(12), dec!(0.5), dec!(0)),
                ],
                vec![shared(0, dec!(5), dec!(0.3), dec!(0))],
                vec![(dec!(15), dec!(0.7), vec![0, 0]), (dec!(17), dec!(0.8), vec![1, 0])],
            ),
        ];
        for (first, second, expected) in cases {
            assert_eq!(halves(first, second), expected);
        }
    }

    /// Generated tiers: 1 to 4 tiers of 1 to 4 choices on distinct models of
    /// 0..4, each losing history on its own model and, in some cases, on another
    /// (a backup) or by a negative amount; each tier 1% to 25% of the turns (all
    /// of them at most 100%).
    fn cases() -> impl Strategy<Value = (Vec<Vec<Shared>>, Vec<Decimal>)> {
        let choice = (
            0usize..4,
            0i64..20,
            0i64..10,
            -2i64..9,
            prop::option::of((0usize..4, 0i64..5)),
        );
        let tier = prop::collection::vec(choice, 1..5).prop_map(|choices| {
            let mut seen = Vec::new();
            choices
                .into_iter()
                .filter(|c| {
                    let fresh = !seen.contains(&c.0);
                    seen.push(c.0);
                    fresh
                })
                .map(|(model, cost, quality, loss, backup)| {
                    let mut losses = vec![(model, Decimal::new(loss.max(0), 0))];
                    // A negative loss or a backup in one choice of six or so.
                    if loss < 0 && quality % 3 == 0 {
                        losses[0].1 = Decimal::new(loss, 0);
                    }
                    if let Some((k, l)) = backup.filter(|&(k, _)| k != model && cost % 3 == 0) {
                        losses.push((k, Decimal::new(l, 0)));
                    }
                    Shared {
                        model,
                        choice: Choice {
                            cost: Decimal::new(cost, 0),
                            quality: Decimal::new(quality, 2),
                        },
                        losses,
                    }
                })
                .collect::<Vec<_>>()
        });
        // Half the cases keep each loss on its own model and not negative: the grouping's.
        (prop::collection::vec((tier, 1i64..26), 1..5), any::<bool>()).prop_map(|(tiers, own)| {
            tiers
                .into_iter()
                .map(|(mut t, r)| {
                    for o in t.iter_mut().filter(|_| own) {
                        o.losses.truncate(1);
                        o.losses[0].1 = o.losses[0].1.max(Decimal::ZERO);
                    }
                    (t, Decimal::new(r, 2))
                })
                .unzip()
        })
    }

    /// Every plan priced by the formula of the module (each loss times 1 minus
    /// its model's share of turns, rounded to 12 places), and the plans no
    /// other beats on both cost and quality.
    fn brute_force(tiers: &[Vec<Shared>], reach: &[Decimal]) -> Vec<(Decimal, Decimal)> {
        let mut plans: Vec<Vec<usize>> = vec![Vec::new()];
        for t in tiers {
            plans = plans
                .into_iter()
                .flat_map(|p| {
                    (0..t.len()).map(move |i| {
                        let mut next = p.clone();
                        next.push(i);
                        next
                    })
                })
                .collect();
        }
        let points: Vec<(Decimal, Decimal)> = plans
            .iter()
            .map(|picks| {
                let chosen: Vec<&Shared> = picks.iter().zip(tiers).map(|(&i, t)| &t[i]).collect();
                let mut cost = Decimal::ZERO;
                for o in &chosen {
                    cost += o.choice.cost;
                    for &(k, loss) in &o.losses {
                        let q: Decimal = chosen
                            .iter()
                            .zip(reach)
                            .filter(|(c, _)| c.model == k)
                            .map(|(_, r)| *r)
                            .sum();
                        cost += (loss * (Decimal::ONE - q)).round_dp(12);
                    }
                }
                (cost, chosen.iter().map(|o| o.choice.quality).sum())
            })
            .collect();
        let mut best: Vec<(Decimal, Decimal)> = points
            .iter()
            .filter(|&&(c, q)| !points.iter().any(|&(c2, q2)| c2 <= c && q2 >= q && (c2, q2) != (c, q)))
            .copied()
            .collect();
        best.sort();
        best.dedup();
        best
    }

    proptest! {
        #[test]
        fn the_frontier_is_what_brute_force_finds((tiers, reach) in cases()) {
            let found = shared_frontier(&tiers, &reach, 12).expect("small cases finish");
            let points: Vec<(Decimal, Decimal)> = found.iter().map(|p| (p.cost, p.quality)).collect();
            prop_assert_eq!(&points, &brute_force(&tiers, &reach));
            for p in &found {
                prop_assert_eq!(price(&tiers, &reach, 12, &p.picks).cost, p.cost);
            }
        }
    }
}
