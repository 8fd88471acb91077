//! The expected outcome of one request passed along a chain of models: each
//! step is a model tried up to `attempts` times (it fails with probability
//! `failure` per attempt); an answer is checked (`verified`) and accepted with
//! probability `accept`, else the request moves on, as it does when every
//! attempt failed. A request that leaves the last step unserved goes to a
//! person. Cascades, fallback chains and plain single calls are all chains.
//!
//! For a step reached with probability `R`, failure `f` and `n` attempts:
//! failed attempts `R·(f + f² + … + fⁿ)`, answers `R·(1 - fⁿ)`, of which
//! `accept` are delivered and the rest rejected; the next step is reached with
//! `R·(fⁿ + (1 - fⁿ)·(1 - accept))`.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub failure: Decimal,
    pub attempts: u32,
    pub accept: Decimal,
    pub verified: bool,
}

/// Expected counts per request entering the chain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepOutcome {
    /// Answers used.
    pub delivered: Decimal,
    /// Answers paid for and not used.
    pub rejected: Decimal,
    /// Failed attempts.
    pub failed: Decimal,
    /// Judge calls.
    pub verifications: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOutcome {
    pub steps: Vec<StepOutcome>,
    /// The probability that no step served the request.
    pub unserved: Decimal,
}

/// The expected outcome of `steps`.
pub fn run(steps: &[Step]) -> ChainOutcome {
    let mut reach = Decimal::ONE;
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let mut power = Decimal::ONE;
        let mut failed_per_entry = Decimal::ZERO;
        for _ in 0..step.attempts {
            power *= step.failure;
            failed_per_entry += power;
        }
        let answers = reach * (Decimal::ONE - power);
        let delivered = answers * step.accept;
        out.push(StepOutcome {
            delivered,
            rejected: answers - delivered,
            failed: reach * failed_per_entry,
            verifications: if step.verified { answers } else { Decimal::ZERO },
        });
        reach = reach * power + answers - delivered;
    }
    ChainOutcome {
        steps: out,
        unserved: reach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    impl Step {
        /// A model that never fails and whose answer is always used.
        fn answers() -> Self {
            Self {
                failure: Decimal::ZERO,
                attempts: 1,
                accept: Decimal::ONE,
                verified: false,
            }
        }
    }

    #[test]
    fn a_two_step_cascade_rejects_then_answers() {
        let steps = [
            Step {
                accept: dec!(0.7),
                verified: true,
                ..Step::answers()
            },
            Step::answers(),
        ];
        let o = run(&steps);
        assert_eq!(o.steps[0].delivered, dec!(0.7));
        assert_eq!(o.steps[0].rejected, dec!(0.3));
        assert_eq!(o.steps[0].verifications, dec!(1));
        assert_eq!(o.steps[1].delivered, dec!(0.3));
        assert_eq!(o.unserved, dec!(0));
    }

    #[test]
    fn retries_and_failures_reach_a_person() {
        // f = 0.1, one retry: failed attempts 0.1 + 0.01 = 0.11, answered
        // 1 - 0.01 = 0.99; the backup (f = 0.5, no retry) sees 0.01 of requests:
        // failed 0.005, answered 0.005; unserved 0.005.
        let steps = [
            Step {
                failure: dec!(0.1),
                attempts: 2,
                ..Step::answers()
            },
            Step {
                failure: dec!(0.5),
                ..Step::answers()
            },
        ];
        let o = run(&steps);
        assert_eq!((o.steps[0].failed, o.steps[0].delivered), (dec!(0.11), dec!(0.99)));
        assert_eq!((o.steps[1].failed, o.steps[1].delivered), (dec!(0.005), dec!(0.005)));
        assert_eq!(o.unserved, dec!(0.005));
    }
}
