//! Exit codes, documented in the README and docs/errors.md: 0 success, 1 error, 2 usage error,
//! 3 a policy threshold was crossed (the report is still printed). The one place
//! that chooses them: the command line's own errors (`UsageError`, raised only
//! in `cli/`) and the domain errors that mean the request made no sense (a
//! sweep, a diff, a chart or an output that cannot be as asked, a replay of
//! routed strategies on usage buckets, an amount in another currency than the
//! catalog's, a strategy the scenario lacks, `calibrate` tiers by a label or
//! by prompts the logs do not hold, an `optimize` question no plan answers or a
//! `router-calibrate` target no threshold meets,
//! candidates it cannot use, or a plan it cannot write) are
//! usage errors; every other error is 1.

use crate::diff::DiffError;
use crate::engine::ReplayError;
use crate::money::OtherCurrency;
use crate::montecarlo::TooManyDraws;
use crate::optimize::OptimizeError;
use crate::report::chart::ChartError;
use crate::report::focus::NotABill;
use crate::report::sink::{OutputRefused, StdoutClosed};
use crate::routing::threshold::Unreachable;
use crate::scenario::StrategyError;
use crate::sweep::SweepError;
use crate::usage::calibrate::TieringRefused;
use std::process::ExitCode;

pub const SUCCESS: u8 = 0;
pub const ERROR: u8 = 1;
pub const USAGE: u8 = 2;
pub const THRESHOLD: u8 = 3;

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The run worked, and a threshold given on the command line was crossed.
    ThresholdCrossed,
}

impl Outcome {
    pub fn code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Success => SUCCESS,
            Outcome::ThresholdCrossed => THRESHOLD,
        })
    }
}

/// Arguments clap accepts that the command line's reading refuses (a
/// malformed `--set`, a `--breakeven` that is not two strategies, scenario
/// versions not in pairs): exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Whether `err` ends the run without a message: stdout closed by its
/// reader (`llmcost ... | head -1`), which ends the run with success, as a
/// shell pipeline expects (a streamed report meets it inside an I/O error).
pub fn is_quiet(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<StdoutClosed>()
            || cause
                .downcast_ref::<std::io::Error>()
                .and_then(|e| e.get_ref())
                .is_some_and(|inner| inner.is::<StdoutClosed>())
    })
}

/// The exit code of a failed run.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    if is_quiet(err) {
        return ExitCode::from(SUCCESS);
    }
    let usage = err.chain().any(|cause| {
        cause.is::<UsageError>()
            || cause.is::<SweepError>()
            || cause.is::<DiffError>()
            || cause.is::<OtherCurrency>()
            || cause.is::<StrategyError>()
            || cause.is::<ChartError>()
            || cause.is::<OutputRefused>()
            || cause.is::<NotABill>()
            || cause.is::<TooManyDraws>()
            || matches!(cause.downcast_ref(), Some(ReplayError::NeedsCalls { .. }))
            || cause.is::<TieringRefused>()
            || cause.is::<Unreachable>()
            || cause
                .downcast_ref::<OptimizeError>()
                .is_some_and(|e| !matches!(e, OptimizeError::Input(_)))
    });
    ExitCode::from(if usage { USAGE } else { ERROR })
}
