//! Where strategy A becomes cheaper than strategy B as one parameter moves.
//!
//! Where every cost is linear in the parameter (volume, shares, hit and batch
//! rates, early stop, most prices), the difference `A - B` is a straight line:
//! two exact costs at the ends of the range give the crossing exactly,
//! `x = lo + D(lo)·(hi - lo) / (D(lo) - D(hi))`. The line is checked at the
//! middle of the range first: a rate the catalog derives from another (a
//! long-context cache rate scaled like input) can bend a price's cost, and
//! then the sweep is solved as the non-linear kinds are. Where the cost is not
//! linear (token counts, pruning, summaries: caps and thresholds bend it), each
//! pair of neighbouring sweep values whose difference changes sign is bisected:
//! to the exact whole token for token counts, to `TOLERANCE` for fractions.

use super::path::{Kind, Param};
use crate::money;
use rust_decimal::Decimal;
use serde::Serialize;

/// How close a bisection of a fraction gets.
pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);
/// Bisection steps at most (far more than `TOLERANCE` needs on [0, 1]).
const MAX_STEPS: u32 = 200;

/// One point where the cheaper of A and B changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crossing {
    pub at: Decimal,
    /// `above`: A is cheaper than B above `at` (and B below); `below`: the reverse.
    pub a_cheaper: &'static str,
    /// `exact` (linear, or whole tokens) or `bisection`.
    pub method: &'static str,
    /// How far the true crossing may be from `at` (bisection of a fraction).
    pub tolerance: Option<Decimal>,
    /// A's and B's costs at `at`.
    pub cost_a: Decimal,
    pub cost_b: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakeven {
    pub a: String,
    pub b: String,
    pub path: String,
    pub crossings: Vec<Crossing>,
    /// The answer in a sentence.
    pub statement: String,
}

type Costs<'a> = dyn Fn(Decimal) -> anyhow::Result<(Decimal, Decimal)> + 'a;
type Diff<'a> = dyn Fn(Decimal) -> anyhow::Result<Decimal> + 'a;

/// Solves for the crossings of `a` and `b` over `values` of `param`.
pub fn solve(
    a: &str,
    b: &str,
    param: &Param,
    values: &[Decimal],
    costs: impl Fn(Decimal) -> anyhow::Result<(Decimal, Decimal)>,
) -> anyhow::Result<Breakeven> {
    let mut xs = values.to_vec();
    xs.sort();
    xs.dedup();
    let (Some(&lo), Some(&hi)) = (xs.first(), xs.last()) else {
        anyhow::bail!("no values to search");
    };
    if lo == hi {
        return Err(super::SweepError("--breakeven needs at least two different values".into()).into());
    }
    let diff = |x: Decimal| costs(x).map(|(ca, cb)| ca - cb);
    let straight = if param.linear() {
        linear(lo, hi, &diff, &costs)?
    } else {
        None
    };
    let crossings = match straight {
        Some(crossings) => crossings,
        None => {
            let mut found = Vec::new();
            let mut signed: Vec<(Decimal, Decimal)> = Vec::new();
            for &x in &xs {
                let d = diff(x)?;
                if !d.is_zero() {
                    signed.push((x, d));
                }
            }
            for pair in signed.windows(2) {
                let ((x0, d0), (x1, d1)) = (pair[0], pair[1]);
                if d0.is_sign_negative() != d1.is_sign_negative() {
                    found.push(bisect(x0, x1, d0, param.kind() == Kind::Tokens, &diff, &costs)?);
                }
            }
            found
        }
    };
    let statement = statement(a, b, param, lo, hi, &crossings, &diff)?;
    Ok(Breakeven {
        a: a.to_string(),
        b: b.to_string(),
        path: param.path.clone(),
        crossings,
        statement,
    })
}

fn crossing(at: Decimal, a_cheaper_above: bool, method: &'static str, costs: &Costs) -> anyhow::Result<Crossing> {
    let (cost_a, cost_b) = costs(at)?;
    Ok(Crossing {
        at: at.normalize(),
        a_cheaper: if a_cheaper_above { "above" } else { "below" },
        method,
        tolerance: (method == "bisection").then_some(TOLERANCE),
        cost_a: cost_a.normalize(),
        cost_b: cost_b.normalize(),
    })
}

/// The sign of a difference: -1, 0 or 1.
fn sign(d: Decimal) -> i8 {
    if d.is_zero() {
        0
    } else if d.is_sign_negative() {
        -1
    } else {
        1
    }
}

/// The crossing of a straight difference, or `None` when the difference is
/// not straight on `[lo, hi]` (its middle is off the line through its ends).
fn linear(lo: Decimal, hi: Decimal, diff: &Diff<'_>, costs: &Costs) -> anyhow::Result<Option<Vec<Crossing>>> {
    let (d0, d1) = (diff(lo)?, diff(hi)?);
    let mid = diff((lo + hi) / Decimal::TWO)?;
    // Exact arithmetic keeps a line exact but for division's 28th digit.
    let slack = (d0.abs().max(d1.abs()) * Decimal::new(1, 20)).max(Decimal::new(1, 20));
    if (mid - (d0 + d1) / Decimal::TWO).abs() > slack {
        return Ok(None);
    }
    // A line that is flat, keeps one sign at both ends, or only reaches zero at
    // an end (the two touch there), never crosses zero inside them.
    if d0 == d1 || sign(d0) * sign(d1) >= 0 {
        return Ok(Some(Vec::new()));
    }
    // The costs at the crossing are read off the two lines, at the crossing
    // itself: priced again at `at` (carried to 20 places) they would differ in
    // the last places by the rounding of `at`.
    let t = d0 / (d0 - d1);
    let ((a0, b0), (a1, b1)) = (costs(lo)?, costs(hi)?);
    let on_line = |v0: Decimal, v1: Decimal| money::carry(v0 + (v1 - v0) * t);
    Ok(Some(vec![Crossing {
        at: money::carry(lo + t * (hi - lo)),
        a_cheaper: if d1 < d0 { "above" } else { "below" },
        method: "exact",
        tolerance: None,
        cost_a: on_line(a0, a1),
        cost_b: on_line(b0, b1),
    }]))
}

/// Between `x0` (difference `d0`) and `x1` (`d1`, of the other sign): the
/// first value from which the sign of `d1` holds.
fn bisect(
    x0: Decimal,
    x1: Decimal,
    d0: Decimal,
    whole: bool,
    diff: &Diff<'_>,
    costs: &Costs,
) -> anyhow::Result<Crossing> {
    let falls = d0.is_sign_positive();
    // Looking for the first x where A < B (falls) or where A >= B (rises).
    let reached = |d: Decimal| {
        if falls {
            d.is_sign_negative() && !d.is_zero()
        } else {
            !d.is_sign_negative() || d.is_zero()
        }
    };
    let (mut lo, mut hi) = (x0, x1);
    for _ in 0..MAX_STEPS {
        let done = if whole {
            hi - lo <= Decimal::ONE
        } else {
            hi - lo <= TOLERANCE
        };
        if done {
            break;
        }
        let mid = (lo + hi) / Decimal::TWO;
        let mid = if whole { mid.floor() } else { mid };
        if reached(diff(mid)?) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    crossing(hi, falls, if whole { "exact" } else { "bisection" }, costs)
}

fn statement(
    a: &str,
    b: &str,
    param: &Param,
    lo: Decimal,
    hi: Decimal,
    crossings: &[Crossing],
    diff: &Diff<'_>,
) -> anyhow::Result<String> {
    let path = &param.path;
    if crossings.is_empty() {
        let (d0, d1) = (diff(lo)?, diff(hi)?);
        let between = if param.linear() {
            String::new()
        } else {
            " at the sweep's values (the cost is not linear in this parameter: a finer grid may find a crossing between them)".to_string()
        };
        // Where the two touch at one end of the range, the other end says which is cheaper.
        let (inside, touch) = match (d0.is_zero(), d1.is_zero()) {
            (true, false) => (d1, Some(lo)),
            (false, true) => (d0, Some(hi)),
            _ => (d0, None),
        };
        let cheaper = if inside.is_sign_negative() { a } else { b };
        return Ok(match touch {
            _ if d0.is_zero() && d1.is_zero() => {
                format!("{a} and {b} cost the same for {path} from {lo} to {hi}{between}")
            }
            Some(end) => format!(
                "{a} and {b} never cross for {path} from {lo} to {hi}: {cheaper} is the cheaper, and they \
                 cost the same only at the end of the range, {path} = {end}{between}"
            ),
            None => {
                format!(
                    "{a} and {b} never cross for {path} from {lo} to {hi}: {cheaper} is always the cheaper{between}"
                )
            }
        });
    }
    let parts: Vec<String> = crossings
        .iter()
        .map(|c| {
            let above = c.a_cheaper == "above";
            let (side, how) = match (c.method, param.linear()) {
                ("exact", true) => (
                    if above { "above" } else { "below" },
                    format!("exact: the cost is linear in {path}"),
                ),
                ("exact", false) => (
                    if above { "from" } else { "below" },
                    "found by bisection, exact to the token".to_string(),
                ),
                _ => (
                    if above { "above about" } else { "below about" },
                    format!("bisection to ±{}", c.tolerance.unwrap_or(TOLERANCE)),
                ),
            };
            let there = if c.cost_a == c.cost_b {
                format!("both cost {} there", money::exact(c.cost_a))
            } else {
                format!(
                    "{a} costs {} and {b} {} there",
                    money::exact(c.cost_a),
                    money::exact(c.cost_b)
                )
            };
            let on = if side == "from" { " on" } else { "" };
            format!("{a} is cheaper than {b} {side} {path} = {}{on} ({how}; {there})", c.at)
        })
        .collect();
    Ok(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::path::{Target, TokenField};
    use rust_decimal_macros::dec;

    #[test]
    fn a_line_crosses_where_it_is_zero() {
        // A = 2x, B = 3 + x: equal at x = 3, A cheaper below.
        let p = Param {
            path: "price.m.input".into(),
            target: Target::Price("m".into(), crate::sweep::path::PriceField::Input),
        };
        let b = solve("A", "B", &p, &[dec!(0), dec!(1.7), dec!(5)], |x| {
            Ok((dec!(2) * x, dec!(3) + x))
        })
        .unwrap();
        assert_eq!(b.crossings.len(), 1);
        assert_eq!((b.crossings[0].at, b.crossings[0].a_cheaper), (dec!(3), "below"));
        let never = solve("A", "B", &p, &[dec!(4), dec!(5)], |x| Ok((dec!(2) * x, dec!(3) + x))).unwrap();
        assert!(never.crossings.is_empty());
        assert!(
            never.statement.contains("B is always the cheaper"),
            "{}",
            never.statement
        );
    }

    #[test]
    fn a_step_is_found_to_the_token() {
        // A jumps from 10 to 0 at 1,234 tokens and up; B is 5.
        let p = Param {
            path: "tiers.t.context_tokens".into(),
            target: Target::Tokens(0, TokenField::Context),
        };
        let step = |x: Decimal| Ok((if x >= dec!(1234) { dec!(0) } else { dec!(10) }, dec!(5)));
        let b = solve("A", "B", &p, &[dec!(0), dec!(1000), dec!(2000)], step).unwrap();
        assert_eq!((b.crossings[0].at, b.crossings[0].a_cheaper), (dec!(1234), "above"));
    }
}
