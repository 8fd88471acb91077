//! How a strategy really serves its requests: the classifier that routes them
//! (and errs, and may cost), cascades that try cheap models first, fallback
//! chains that survive failures, and quality scores. These are the validated
//! domain types and their exact probability arithmetic; the engine prices them.
//! `rules` and `evaluation` measure keyword routing on labelled questions.

mod cascade;
mod chain;
mod classifier;
mod confusion;
pub mod evaluation;
mod fallback;
mod measured;
mod quality;
pub mod rules;

pub use cascade::{Cascade, Verifier};
pub use chain::{ChainOutcome, Step, StepOutcome, run};
pub use classifier::{Call, Classifier, ClassifierKind, LlmClassifier};
pub use confusion::{Confusion, Row as ConfusionRow};
pub use fallback::{FailedBilling, Fallback, MAX_RETRIES};
pub use measured::{Measured, UNMATCHED};
pub use quality::Quality;
