//! What each strategy does with an interaction of a tier beyond its
//! techniques: the tier its classifier routes it as, the attempts that fail on
//! each model of its chain, whether a cascade keeps each answer, and whether a
//! person ends up handling it (docs/routing.md, as `expected.rs` prices it).
//!
//! Each is a question asked of every interaction and answered by a uniform
//! number of its own:
//! - "does the LLM classifier decide it?": `U < share` (a hybrid's rules decide the rest);
//! - "which tier is it routed as?": the row of its true tier, the true tier
//!   first, cut at the running sums (the rules' row or the LLM classifier's);
//! - "how many attempts fail on step s of the chain?": `k` when
//!   `1 - fᵏ ≤ U < 1 - fᵏ⁺¹`, all `n` attempts when `U ≥ 1 - fⁿ`;
//! - "is step s's answer kept?": `U < accept`.
//!
//! Every strategy asking a question reads the same number (common random
//! numbers): a more accurate classifier routes right every request a less
//! accurate one does, and a model failing more often fails whenever one
//! failing less does. The questions form a tree: a node asks the first
//! question a strategy still asks there, cut at the probabilities of the
//! strategies asking it, so a backup's question is asked only below a failure.
//! A leaf is one combination of answers, of probability the product of its
//! intervals'; each strategy reads it as the calls it makes (a tariff and how
//! many) and whether the request was escalated.

use crate::montecarlo::Uniform;
use rust_decimal::Decimal;

/// The most leaves one tier's tree may have.
pub const MAX_LEAVES: usize = 10_000;

/// One model of a chain as a strategy walks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The probability that one attempt fails, and the attempts before moving on.
    pub failure: Decimal,
    pub attempts: u32,
    /// The probability that an answer is kept.
    pub accept: Decimal,
    /// The tariff of an answer, kept or rejected.
    pub answer: usize,
    /// The tariff of a failed attempt; `None` when it is not billed.
    pub failed: Option<usize>,
    /// The tariffs of the judge's call after an answer (none without a judge).
    pub judge: Vec<usize>,
}

/// How one strategy routes and serves a request of one tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// The probability that the LLM classifier decides, and its call's tariff.
    pub llm: Decimal,
    pub classifier: Option<usize>,
    /// The routed tiers (each given as its chain in `chains`) and their
    /// probabilities, the true tier first: as the rules (or labels) route it,
    /// and as the LLM classifier does.
    pub rows: [Vec<(usize, Decimal)>; 2],
    /// The chain of each tier a request can be routed as.
    pub chains: Vec<Vec<Link>>,
}

/// What one strategy does with the interactions of one leaf.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// `(tariff, calls per interaction)`.
    pub calls: Vec<(usize, u64)>,
    /// Whether no model served the request, so a person handles it.
    pub escalated: bool,
}

impl Outcome {
    fn add(&mut self, tariff: usize, count: u64) {
        if count == 0 {
            return;
        }
        match self.calls.iter_mut().find(|(t, _)| *t == tariff) {
            Some((_, n)) => *n += count,
            None => self.calls.push((tariff, count)),
        }
    }
}

/// The leaves of a tier's tree, most likely first.
#[derive(Debug, Clone, PartialEq)]
pub struct Routes {
    pub probabilities: Vec<f64>,
    /// `outcomes[strategy][leaf]`.
    pub outcomes: Vec<Vec<Outcome>>,
}

/// The tree has more than `MAX_LEAVES` leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyLeaves;

/// Where a strategy is in the walk of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Classify,
    Route { llm: bool },
    Fail { chain: usize, step: usize },
    Accept { chain: usize, step: usize },
    Done,
}

impl Stage {
    /// The question the stage asks, numbered in the order they are asked.
    fn question(self) -> Option<usize> {
        match self {
            Stage::Classify => Some(0),
            Stage::Route { .. } => Some(1),
            Stage::Fail { step, .. } => Some(2 + 2 * step),
            Stage::Accept { step, .. } => Some(3 + 2 * step),
            Stage::Done => None,
        }
    }
}

impl Walk {
    fn link(&self, chain: usize, step: usize) -> &Link {
        &self.chains[chain][step]
    }

    /// `1 - fᵏ` for `k` = 1..=attempts: below the k-th, fewer than k attempts failed.
    fn survivals(link: &Link) -> impl Iterator<Item = Decimal> + '_ {
        (0..link.attempts).scan(Decimal::ONE, |power, _| {
            *power *= link.failure;
            Some(Decimal::ONE - *power)
        })
    }

    /// The running sums of a row but its last entry (which takes what is left).
    fn running(row: &[(usize, Decimal)]) -> impl Iterator<Item = (usize, Decimal)> + '_ {
        row[..row.len().saturating_sub(1)]
            .iter()
            .scan(Decimal::ZERO, |sum, &(tier, p)| {
                *sum += p;
                Some((tier, *sum))
            })
    }

    /// The probabilities the walk compares the number of its question with at `stage`.
    fn probabilities(&self, stage: Stage) -> Vec<Decimal> {
        match stage {
            Stage::Classify => vec![self.llm],
            Stage::Route { llm } => Self::running(&self.rows[usize::from(llm)]).map(|(_, s)| s).collect(),
            Stage::Fail { chain, step } => Self::survivals(self.link(chain, step)).collect(),
            Stage::Accept { chain, step } => vec![self.link(chain, step).accept],
            Stage::Done => Vec::new(),
        }
    }

    /// The stage after `stage` when its number fell in interval `i` of `u`;
    /// the calls made on the way go into `outcome`.
    fn advance(&self, stage: Stage, u: &Uniform, i: usize, outcome: &mut Outcome) -> Stage {
        let below = |p: Decimal| i < u.below(p);
        match stage {
            Stage::Classify => {
                let llm = below(self.llm);
                if let (true, Some(tariff)) = (llm, self.classifier) {
                    outcome.add(tariff, 1);
                }
                Stage::Route { llm }
            }
            Stage::Route { llm } => {
                let row = &self.rows[usize::from(llm)];
                let last = row.last().map_or(0, |(tier, _)| *tier);
                let routed = Self::running(row)
                    .find(|(_, sum)| below(*sum))
                    .map_or(last, |(tier, _)| tier);
                self.enter(routed, 0, outcome)
            }
            Stage::Fail { chain, step } => {
                let link = self.link(chain, step);
                let failed = Self::survivals(link).filter(|s| !below(*s)).count() as u64;
                if let Some(tariff) = link.failed {
                    outcome.add(tariff, failed);
                }
                if failed == u64::from(link.attempts) {
                    self.enter(chain, step + 1, outcome)
                } else {
                    Stage::Accept { chain, step }
                }
            }
            Stage::Accept { chain, step } => {
                let link = self.link(chain, step);
                outcome.add(link.answer, 1);
                for &tariff in &link.judge {
                    outcome.add(tariff, 1);
                }
                if below(link.accept) {
                    Stage::Done
                } else {
                    self.enter(chain, step + 1, outcome)
                }
            }
            Stage::Done => Stage::Done,
        }
    }

    /// Step `step` of a chain, or a person once the chain has no step left.
    fn enter(&self, chain: usize, step: usize, outcome: &mut Outcome) -> Stage {
        if step < self.chains.get(chain).map_or(0, Vec::len) {
            Stage::Fail { chain, step }
        } else {
            outcome.escalated = true;
            Stage::Done
        }
    }
}

/// The tree of every strategy's walk (one walk per strategy).
pub fn routes(walks: &[Walk]) -> Result<Routes, TooManyLeaves> {
    routes_within(walks, MAX_LEAVES)
}

/// The tree, refused past `limit` leaves.
fn routes_within(walks: &[Walk], limit: usize) -> Result<Routes, TooManyLeaves> {
    let mut leaves = Leaves {
        limit,
        found: Vec::new(),
    };
    let stages = vec![Stage::Classify; walks.len()];
    let outcomes = vec![Outcome::default(); walks.len()];
    grow(walks, &stages, &outcomes, 1.0, &mut leaves)?;
    let mut leaves = leaves.found;
    leaves.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut by_strategy = vec![Vec::with_capacity(leaves.len()); walks.len()];
    let mut probabilities = Vec::with_capacity(leaves.len());
    for (p, outcomes) in leaves {
        probabilities.push(p);
        for (column, o) in by_strategy.iter_mut().zip(outcomes) {
            column.push(o);
        }
    }
    Ok(Routes {
        probabilities,
        outcomes: by_strategy,
    })
}

/// The leaves found so far (probability and outcomes), and how many there may be.
struct Leaves {
    limit: usize,
    found: Vec<(f64, Vec<Outcome>)>,
}

/// Grows the tree below a node reached with `probability`, where the
/// strategies stand at `stages` having made `outcomes`.
fn grow(
    walks: &[Walk],
    stages: &[Stage],
    outcomes: &[Outcome],
    probability: f64,
    leaves: &mut Leaves,
) -> Result<(), TooManyLeaves> {
    let Some(question) = stages.iter().filter_map(|s| s.question()).min() else {
        if leaves.found.len() == leaves.limit {
            return Err(TooManyLeaves);
        }
        leaves.found.push((probability, outcomes.to_vec()));
        return Ok(());
    };
    let asking: Vec<usize> = (0..walks.len())
        .filter(|&i| stages[i].question() == Some(question))
        .collect();
    let u = Uniform::new(asking.iter().flat_map(|&i| walks[i].probabilities(stages[i])));
    for (interval, p) in u.probabilities().into_iter().enumerate() {
        let mut next = stages.to_vec();
        let mut made = outcomes.to_vec();
        for &i in &asking {
            next[i] = walks[i].advance(stages[i], &u, interval, &mut made[i]);
        }
        grow(walks, &next, &made, probability * p, leaves)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn link(failure: Decimal, attempts: u32, accept: Decimal, answer: usize) -> Link {
        Link {
            failure,
            attempts,
            accept,
            answer,
            failed: Some(answer),
            judge: Vec::new(),
        }
    }

    /// A request of tier 0 served by tier 0's (tariff 0) or tier 1's model (tariff 1).
    fn routed(row: Vec<(usize, Decimal)>) -> Walk {
        Walk {
            llm: Decimal::ZERO,
            classifier: None,
            rows: [row.clone(), row],
            chains: vec![vec![link(dec!(0), 1, dec!(1), 0)], vec![link(dec!(0), 1, dec!(1), 1)]],
        }
    }

    fn expected_calls(routes: &Routes, strategy: usize, tariff: usize) -> f64 {
        routes.outcomes[strategy]
            .iter()
            .zip(&routes.probabilities)
            .map(|(o, p)| {
                let n = o.calls.iter().find(|(t, _)| *t == tariff).map_or(0, |(_, n)| *n);
                p * n as f64
            })
            .sum()
    }

    #[test]
    fn classifiers_share_one_number_so_the_more_accurate_errs_less_often() {
        // 90% and 70% right: three leaves (U < 0.7, 0.7 ≤ U < 0.9, U ≥ 0.9).
        let routes = routes(&[
            routed(vec![(0, dec!(0.9)), (1, dec!(0.1))]),
            routed(vec![(0, dec!(0.7)), (1, dec!(0.3))]),
        ])
        .unwrap();
        assert_eq!(routes.probabilities.len(), 3);
        let right = |s: usize| -> Vec<bool> { routes.outcomes[s].iter().map(|o| o.calls == vec![(0, 1)]).collect() };
        // Leaves most likely first: [0, 0.7), [0.7, 0.9), [0.9, 1).
        assert_eq!(right(0), vec![true, true, false]);
        assert_eq!(right(1), vec![true, false, false]);
        assert!((expected_calls(&routes, 1, 1) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn failures_retries_backups_and_escalation() {
        // f = 0.1 with one retry, then a backup failing half the time, then a person.
        let walk = Walk {
            llm: Decimal::ZERO,
            classifier: None,
            rows: [vec![(0, dec!(1))], vec![(0, dec!(1))]],
            chains: vec![vec![link(dec!(0.1), 2, dec!(1), 0), link(dec!(0.5), 1, dec!(1), 1)]],
        };
        let routes = routes(&[walk]).unwrap();
        // The first model: failed attempts 0.1 + 0.01, answers 0.99; the backup
        // is reached by 0.01: 0.005 failed attempts, 0.005 answers; 0.005 escalated.
        assert!((expected_calls(&routes, 0, 0) - (0.11 + 0.99)).abs() < 1e-12);
        assert!((expected_calls(&routes, 0, 1) - 0.01).abs() < 1e-12);
        let escalated: f64 = routes.outcomes[0]
            .iter()
            .zip(&routes.probabilities)
            .filter(|(o, _)| o.escalated)
            .map(|(_, p)| p)
            .sum();
        assert!((escalated - 0.005).abs() < 1e-12);
        // Leaves: answered first time, after a retry, by the backup, escalated.
        assert_eq!(routes.probabilities.len(), 4);
    }

    #[test]
    fn a_cascade_pays_rejected_answers_and_its_judge() {
        let mut first = link(dec!(0), 1, dec!(0.7), 0);
        first.judge = vec![2];
        let walk = Walk {
            llm: dec!(1),
            classifier: Some(3),
            rows: [vec![(0, dec!(1))], vec![(0, dec!(1))]],
            chains: vec![vec![first, link(dec!(0), 1, dec!(1), 1)]],
        };
        let routes = routes(&[walk]).unwrap();
        assert_eq!(routes.outcomes[0][0].calls, vec![(3, 1), (0, 1), (2, 1)]);
        assert_eq!(routes.outcomes[0][1].calls, vec![(3, 1), (0, 1), (2, 1), (1, 1)]);
        assert!((routes.probabilities[1] - 0.3).abs() < 1e-12);
    }

    #[test]
    fn a_tree_past_its_limit_is_refused() {
        // Routed among three tiers: three leaves.
        let third = Decimal::ONE / dec!(3);
        let walk = Walk {
            llm: Decimal::ZERO,
            classifier: None,
            rows: [(0..3).map(|j| (j, third)).collect(), Vec::new()],
            chains: (0..3).map(|j| vec![link(dec!(0), 1, dec!(1), j)]).collect(),
        };
        assert_eq!(
            routes_within(std::slice::from_ref(&walk), 3).map(|r| r.probabilities.len()),
            Ok(3)
        );
        assert_eq!(routes_within(&[walk], 2), Err(TooManyLeaves));
    }
}
