//! A cascade: models tried cheapest first; each answer is accepted with a
//! probability per (tier, model), a rejected answer is paid for and the
//! request moves on, and the last model always answers.

use super::classifier::Call;
use rust_decimal::Decimal;

/// A judge that checks each answer before the cascade accepts or rejects it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub call: Call,
    /// Whether the judge also reads the request and the answer (their tokens
    /// are added to its input).
    pub reads_answer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cascade {
    /// Models as the scenario names them, in the order they are tried; at least two.
    pub models: Vec<String>,
    /// `accept[t][i]`: the probability that model `i`'s answer to a request of
    /// tier `t` is accepted; 1 for the last model.
    pub accept: Vec<Vec<Decimal>>,
    /// Runs after every answer but the last model's.
    pub verifier: Option<Verifier>,
}
