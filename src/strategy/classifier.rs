//! The classifier of a routed strategy: how each request finds its tier, what
//! that costs and how often it errs (DESIGN.md 2.2).

use super::confusion::Confusion;
use crate::scenario::TierTokens;
use rust_decimal::Decimal;

/// A model call made for a request (an LLM classifier, a cascade's judge):
/// a request of its own, with its own tokens, priced like any other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The model as the scenario names it (id or alias).
    pub model: String,
    pub tokens: TierTokens,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassifierKind {
    /// Requests arrive labelled: free and exact.
    None,
    /// Keyword or pattern rules: free, with an optional confusion matrix.
    Rules,
    /// A classifier model, paid per request.
    Llm,
    /// Rules decide the requests they cover, the LLM classifier the rest.
    Hybrid,
}

impl ClassifierKind {
    pub fn name(self) -> &'static str {
        match self {
            ClassifierKind::None => "none",
            ClassifierKind::Rules => "rules",
            ClassifierKind::Llm => "llm",
            ClassifierKind::Hybrid => "hybrid",
        }
    }
}

/// The LLM part of a classifier: its call and, per tier, the share of that
/// tier's requests it classifies (1 for `llm`; `1 - coverage` in a hybrid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmClassifier {
    pub call: Call,
    pub share: Vec<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classifier {
    pub kind: ClassifierKind,
    /// The effective `M[t][j]` (a hybrid's rules and LLM matrices blended by coverage).
    pub matrix: Confusion,
    pub llm: Option<LlmClassifier>,
}

impl Classifier {
    /// Labelled requests over `k` tiers.
    pub fn none(k: usize) -> Self {
        Self {
            kind: ClassifierKind::None,
            matrix: Confusion::identity(k),
            llm: None,
        }
    }
}
