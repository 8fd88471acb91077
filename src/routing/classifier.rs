//! The classifier of a routed strategy: how each request finds its tier, what
//! that costs and how often it errs (docs/routing.md).

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

/// The LLM part of a classifier: its call, per tier the share of that tier's
/// requests it classifies (1 for `llm`; `1 - coverage` in a hybrid), and its
/// own matrix over those requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmClassifier {
    pub call: Call,
    pub share: Vec<Decimal>,
    pub matrix: Confusion,
    /// The accuracy the matrix was given as (`accuracy:` rather than `matrix:`).
    pub accuracy: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classifier {
    pub kind: ClassifierKind,
    /// The effective `M[t][j]` (a hybrid's rules and LLM matrices blended by coverage).
    pub matrix: Confusion,
    /// The rules' matrix over the requests they decide (perfect routing without rules).
    pub rules: Confusion,
    pub llm: Option<LlmClassifier>,
}

impl Classifier {
    /// Labelled requests over `k` tiers.
    pub fn none(k: usize) -> Self {
        Self::new(ClassifierKind::None, Confusion::identity(k), None)
    }

    /// A classifier from its parts; a hybrid's rules decide `1 - share` of each
    /// tier's requests, its LLM classifier the rest.
    pub fn new(kind: ClassifierKind, rules: Confusion, llm: Option<LlmClassifier>) -> Self {
        let matrix = match (&llm, kind) {
            (Some(l), ClassifierKind::Hybrid) => {
                let coverage: Vec<Decimal> = l.share.iter().map(|s| Decimal::ONE - s).collect();
                Confusion::blend(&coverage, &rules, &l.matrix)
            }
            (Some(l), _) => l.matrix.clone(),
            (None, _) => rules.clone(),
        };
        Self {
            kind,
            matrix,
            rules,
            llm,
        }
    }
}
