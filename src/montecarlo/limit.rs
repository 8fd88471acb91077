//! How many interactions a run may draw one by one. By default a cell of more
//! than `EXACT_UP_TO` interactions is drawn as counts and sums, so time does
//! not grow with volume; `--per-interaction` draws every interaction of a tier
//! with a token spread, and at a billion interactions a day that is months of
//! computing. Such a run is refused before it starts, saying how far it is over.

use crate::figures;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// The most interactions drawn one by one over all runs: about three minutes at
/// the 50 million a second `cargo bench --bench montecarlo` expects.
pub const MAX_DRAWN_ONE_BY_ONE: u64 = 10_000_000_000;

/// The interactions `runs` months draw one by one when every interaction is
/// drawn: those of the tiers with a token spread (tiers without one cost the
/// same however their interactions are counted).
pub fn drawn_one_by_one(scenario: &Scenario, runs: u64) -> Decimal {
    let spread_share: Decimal = scenario
        .tiers
        .iter()
        .zip(&scenario.uncertainty.spreads)
        .filter(|(_, s)| !s.input_cv.is_zero() || !s.output_cv.is_zero())
        .map(|(t, _)| t.share)
        .sum();
    scenario.volume.per_month * spread_share * Decimal::from(runs)
}

/// `--per-interaction` asked for more draws one by one than a run may make;
/// the message says how far over, and the run count that would fit.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TooManyDraws(String);

/// Refuses drawing every interaction when that is more than
/// `MAX_DRAWN_ONE_BY_ONE`, with the run count that would fit.
pub fn check_per_interaction(scenario: &Scenario, runs: u64) -> Result<(), TooManyDraws> {
    let drawn = drawn_one_by_one(scenario, runs);
    let limit = Decimal::from(MAX_DRAWN_ONE_BY_ONE);
    if drawn <= limit {
        return Ok(());
    }
    let per_run = drawn / Decimal::from(runs);
    let fewer = (limit / per_run).floor();
    let instead = if fewer >= Decimal::ONE {
        format!("lower --runs to {} or fewer, or ", figures::tokens(fewer))
    } else {
        String::new()
    };
    Err(TooManyDraws(format!(
        "--per-interaction would draw {} interactions one by one ({} a month in tiers with a token spread × {} runs), above the limit of {}\n  hint: {instead}leave out --per-interaction: cells above {} interactions are then drawn as counts and sums",
        figures::tokens(drawn.round()),
        figures::tokens(per_run.round()),
        figures::tokens(Decimal::from(runs)),
        figures::tokens(limit),
        figures::tokens(Decimal::from(super::EXACT_UP_TO)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn scenario(per_day: &str, uncertainty: &str) -> Scenario {
        let text = format!(
            "name: s\nvolume: {{interactions_per_day: {per_day}}}\ntiers:\n  - {{name: a, share: 40%, input_tokens: 100, output_tokens: 10}}\n  - {{name: b, share: 60%, input_tokens: 100, output_tokens: 10}}\nstrategies: [{{name: m, model: m}}]\nbaseline: m\n{uncertainty}"
        );
        Scenario::from_source(Source::new("s.yaml", text), None).unwrap()
    }

    #[test]
    fn only_tiers_with_a_spread_are_drawn_one_by_one() {
        // 1,000 a day × 30 days = 30,000 a month; tier b (60%) has a spread:
        // 18,000 a month, × 10 runs = 180,000.
        let s = scenario("1000", "uncertainty: {tiers: {b: {output_cv: 50%}}}\n");
        assert_eq!(drawn_one_by_one(&s, 10), Decimal::from(180_000));
        assert_eq!(drawn_one_by_one(&scenario("1000", ""), 10), Decimal::ZERO);
    }

    #[test]
    fn a_billion_a_day_is_refused_with_the_runs_that_fit() {
        // 10^9 a day × 30 = 3 × 10^10 a month, all with a spread; × 10,000 runs = 3 × 10^14.
        let s = scenario("1000000000", "uncertainty: {input_cv: 30%}\n");
        let e = check_per_interaction(&s, 10_000).unwrap_err().to_string();
        assert!(
            e.starts_with("--per-interaction would draw 300,000,000,000,000 interactions one by one (30,000,000,000 a month in tiers with a token spread × 10,000 runs), above the limit of 10,000,000,000"),
            "{e}"
        );
        // not even one month fits: no run count to suggest.
        assert!(e.contains("hint: leave out --per-interaction: cells above 16"), "{e}");
        // 10^6 a day: 3 × 10^7 a month; 10^10 / (3 × 10^7) = 333.3, so 333 runs fit.
        let s = scenario("1000000", "uncertainty: {input_cv: 30%}\n");
        let e = check_per_interaction(&s, 10_000).unwrap_err().to_string();
        assert!(e.contains("hint: lower --runs to 333 or fewer, or leave out"), "{e}");
        assert!(check_per_interaction(&s, 333).is_ok());
        // without a spread nothing is drawn one by one, whatever the volume.
        assert!(check_per_interaction(&scenario("1000000000", ""), 1_000_000).is_ok());
    }
}
