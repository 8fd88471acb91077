//! Routing, all of it: how a strategy really serves its requests. The
//! classifier that routes them (and errs, and may cost), cascades that try
//! cheap models first, fallback chains that survive failures, and quality
//! scores, as validated domain types with their exact probability arithmetic;
//! checking a scenario's routing sections (`validate`); what serves each tier
//! in expectation, priced through the tariff (`expected`); the same questions
//! asked of each sampled interaction by Monte Carlo (`sampled`). `rules` and
//! `evaluation` measure keyword routing on labelled questions (`route-eval`);
//! `threshold` calibrates a router's threshold on labelled scores
//! (`router-calibrate`); `sample` reads the labelled CSV files of both.

mod cascade;
mod chain;
mod classifier;
mod confusion;
pub mod evaluation;
mod expected;
mod fallback;
mod measured;
mod quality;
pub mod rules;
mod sample;
mod sampled;
pub mod threshold;
pub(crate) mod validate;

pub use cascade::{Cascade, Verifier};
pub use chain::{ChainOutcome, Step, StepOutcome, run};
pub use classifier::{Call, Classifier, ClassifierKind, LlmClassifier};
pub use confusion::{Confusion, Row as ConfusionRow};
pub(crate) use expected::{Resolved, Windows, lookup};
pub use fallback::{FailedBilling, Fallback, MAX_RETRIES};
pub use measured::{Measured, UNMATCHED};
pub use quality::Quality;
pub(crate) use sampled::{Link, MAX_LEAVES, Outcome, Walk, routes};
