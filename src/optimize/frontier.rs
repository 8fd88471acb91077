//! The exact Pareto frontier of a sum of per-tier choices (a multiple-choice
//! knapsack with two objectives): monthly cost, lower is better, and quality,
//! higher is better. Each tier's choices are first cut to their own Pareto
//! set; the frontier of the first `j + 1` tiers is then the Pareto set of the
//! frontier of the first `j` plus each of tier `j`'s choices, merged exactly:
//! the frontier is sorted by cost, so each choice shifts it into one sorted
//! list, and a heap merges the lists cheapest first, keeping a point only when
//! its quality beats every cheaper one's. No point is sampled or rounded.
//!
//! With `K` choices a tier, `T` tiers and `F` points on the largest frontier
//! met, the work is `O(T · F · K · log K)`. `F` is at most the number of
//! distinct qualities a plan can reach (scores in whole percents and shares in
//! whole percents: at most 10,001), and at most the product of the tiers'
//! Pareto sets.

use rust_decimal::Decimal;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// One choice for one tier: what it adds to the plan's cost and quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub cost: Decimal,
    pub quality: Decimal,
}

/// A plan on the frontier: its totals and, per tier, the position of the
/// choice it makes in that tier's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub cost: Decimal,
    pub quality: Decimal,
    pub picks: Vec<usize>,
}

/// A point of a partial frontier: its totals, the point of the previous
/// layer it extends and the choice it adds.
struct Node {
    cost: Decimal,
    quality: Decimal,
    parent: usize,
    pick: usize,
}

/// The next point of one shifted list in the merge: cheapest first, then the
/// best quality, then the list and position (a fixed order for ties).
#[derive(PartialEq, Eq)]
struct Head {
    cost: Decimal,
    quality: Decimal,
    list: usize,
    at: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap pops the greatest: the cheapest must compare greatest.
        (Reverse(self.cost), self.quality, Reverse(self.list), Reverse(self.at)).cmp(&(
            Reverse(other.cost),
            other.quality,
            Reverse(other.list),
            Reverse(other.at),
        ))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The positions of `choices` that no other choice dominates (as cheap or
/// cheaper and as good or better), cheapest first; of equal choices the first.
pub fn pareto(choices: &[Choice]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..choices.len()).collect();
    order.sort_by(|&a, &b| {
        choices[a]
            .cost
            .cmp(&choices[b].cost)
            .then(choices[b].quality.cmp(&choices[a].quality))
            .then(a.cmp(&b))
    });
    let mut best: Option<Decimal> = None;
    order
        .into_iter()
        .filter(|&i| {
            let keep = best.is_none_or(|b| choices[i].quality > b);
            if keep {
                best = Some(choices[i].quality);
            }
            keep
        })
        .collect()
}

/// The items no other item dominates by their totals, cheapest first with
/// quality rising; of equal items the first.
pub fn pareto_of<T: Clone>(items: &[T], totals: impl Fn(&T) -> Choice) -> Vec<T> {
    let choices: Vec<Choice> = items.iter().map(totals).collect();
    pareto(&choices).into_iter().map(|i| items[i].clone()).collect()
}

/// The Pareto frontier of every plan that makes one choice per tier, cheapest
/// first (quality then rises strictly). Empty when a tier has no choice.
pub fn frontier(tiers: &[Vec<Choice>]) -> Vec<Point> {
    let mut layers: Vec<Vec<Node>> = Vec::with_capacity(tiers.len() + 1);
    let mut current = vec![Node {
        cost: Decimal::ZERO,
        quality: Decimal::ZERO,
        parent: 0,
        pick: 0,
    }];
    for choices in tiers {
        let own = pareto(choices);
        let head = |list: usize, at: usize, current: &[Node]| Head {
            cost: current[at].cost + choices[own[list]].cost,
            quality: current[at].quality + choices[own[list]].quality,
            list,
            at,
        };
        let mut heap: BinaryHeap<Head> = (0..own.len()).map(|list| head(list, 0, &current)).collect();
        let mut next = Vec::new();
        let mut best: Option<Decimal> = None;
        while let Some(h) = heap.pop() {
            if best.is_none_or(|b| h.quality > b) {
                best = Some(h.quality);
                next.push(Node {
                    cost: h.cost,
                    quality: h.quality,
                    parent: h.at,
                    pick: own[h.list],
                });
            }
            if h.at + 1 < current.len() {
                heap.push(head(h.list, h.at + 1, &current));
            }
        }
        layers.push(std::mem::replace(&mut current, next));
    }
    current
        .iter()
        .enumerate()
        .map(|(end, node)| {
            let mut picks = vec![0; tiers.len()];
            let mut at = end;
            let mut layer: &[Node] = &current;
            for t in (0..tiers.len()).rev() {
                picks[t] = layer[at].pick;
                at = layer[at].parent;
                layer = &layers[t];
            }
            Point {
                cost: node.cost,
                quality: node.quality,
                picks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use std::collections::BTreeSet;

    fn c(cost: Decimal, quality: Decimal) -> Choice {
        Choice { cost, quality }
    }

    #[test]
    fn two_tiers_by_hand() {
        // Tier A: (1, 0.5), (3, 0.8), (4, 0.7: dominated by the second).
        // Tier B: (2, 0.1), (5, 0.2).
        // Plans: 1+2=3 q0.6; 1+5=6 q0.7; 3+2=5 q0.9; 3+5=8 q1.0 (and the
        // dominated choice's). Frontier: (3, 0.6), (5, 0.9), (8, 1.0);
        // (6, 0.7) costs more than (5, 0.9) for less.
        let tiers = vec![
            vec![c(dec!(1), dec!(0.5)), c(dec!(3), dec!(0.8)), c(dec!(4), dec!(0.7))],
            vec![c(dec!(2), dec!(0.1)), c(dec!(5), dec!(0.2))],
        ];
        let f = frontier(&tiers);
        let got: Vec<(Decimal, Decimal, Vec<usize>)> = f.into_iter().map(|p| (p.cost, p.quality, p.picks)).collect();
        assert_eq!(
            got,
            vec![
                (dec!(3), dec!(0.6), vec![0, 0]),
                (dec!(5), dec!(0.9), vec![1, 0]),
                (dec!(8), dec!(1.0), vec![1, 1]),
            ]
        );
    }

    #[test]
    fn a_tier_without_choices_leaves_no_plan() {
        assert!(frontier(&[vec![c(dec!(1), dec!(1))], vec![]]).is_empty());
    }

    /// Every plan, enumerated, and the points no other plan dominates.
    fn brute_force(tiers: &[Vec<Choice>]) -> BTreeSet<(Decimal, Decimal)> {
        let mut plans = vec![(Decimal::ZERO, Decimal::ZERO)];
        for choices in tiers {
            plans = plans
                .iter()
                .flat_map(|&(cost, quality)| choices.iter().map(move |ch| (cost + ch.cost, quality + ch.quality)))
                .collect();
        }
        plans
            .iter()
            .filter(|&&(cost, quality)| {
                !plans
                    .iter()
                    .any(|&(c2, q2)| c2 <= cost && q2 >= quality && (c2, q2) != (cost, quality))
            })
            .copied()
            .collect()
    }

    fn choices() -> impl Strategy<Value = Vec<Vec<Choice>>> {
        let choice = (0u32..12, 0u32..12).prop_map(|(cost, quality)| Choice {
            cost: Decimal::new(i64::from(cost) * 5, 1),
            quality: Decimal::new(i64::from(quality), 2),
        });
        prop::collection::vec(prop::collection::vec(choice, 1..5), 1..5)
    }

    proptest! {
        #[test]
        fn the_merge_equals_brute_force(tiers in choices()) {
            let f = frontier(&tiers);
            let merged: BTreeSet<(Decimal, Decimal)> = f.iter().map(|p| (p.cost, p.quality)).collect();
            prop_assert_eq!(merged.len(), f.len());
            prop_assert_eq!(merged, brute_force(&tiers));
            for p in &f {
                let cost: Decimal = p.picks.iter().zip(&tiers).map(|(&i, ch)| ch[i].cost).sum();
                let quality: Decimal = p.picks.iter().zip(&tiers).map(|(&i, ch)| ch[i].quality).sum();
                prop_assert_eq!((cost, quality), (p.cost, p.quality));
            }
            prop_assert!(f.windows(2).all(|w| w[0].cost < w[1].cost && w[0].quality < w[1].quality));
        }
    }
}
