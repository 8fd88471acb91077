//! Token-saving techniques and the order they act in: pruning, summary and early
//! stop change tokens; caching and batch change the rates those tokens pay.

mod batch;
mod caching;
mod early_stop;
mod pruning;
mod summary;

pub use batch::Batch;
pub use caching::{Caching, PrefixPart};
pub use early_stop::EarlyStop;
pub use pruning::Pruning;
pub use summary::Summary;

use serde::Serialize;

/// One technique, named as in the scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technique {
    Pruning,
    Summary,
    EarlyStop,
    Caching,
    Batch,
}

impl Technique {
    /// Every technique, in the order it acts (and a ladder adds them).
    pub const ORDER: [Technique; 5] = [
        Technique::Pruning,
        Technique::Summary,
        Technique::EarlyStop,
        Technique::Caching,
        Technique::Batch,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Technique::Pruning => "pruning",
            Technique::Summary => "summary",
            Technique::EarlyStop => "early_stop",
            Technique::Caching => "caching",
            Technique::Batch => "batch",
        }
    }

    /// A human label, as in a ladder row.
    pub fn label(self) -> &'static str {
        match self {
            Technique::Pruning => "context pruning",
            Technique::Summary => "summary-based history",
            Technique::EarlyStop => "streaming early stop",
            Technique::Caching => "prompt caching",
            Technique::Batch => "batch API",
        }
    }
}

/// The techniques a strategy uses; `None` means off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Techniques {
    pub pruning: Option<Pruning>,
    pub summary: Option<Summary>,
    pub early_stop: Option<EarlyStop>,
    pub caching: Option<Caching>,
    pub batch: Option<Batch>,
}

impl Techniques {
    /// Whether `technique` is on.
    pub fn has(&self, technique: Technique) -> bool {
        match technique {
            Technique::Pruning => self.pruning.is_some(),
            Technique::Summary => self.summary.is_some(),
            Technique::EarlyStop => self.early_stop.is_some(),
            Technique::Caching => self.caching.is_some(),
            Technique::Batch => self.batch.is_some(),
        }
    }

    /// The techniques that are on, in the order they act.
    pub fn enabled(&self) -> Vec<Technique> {
        Technique::ORDER.into_iter().filter(|t| self.has(*t)).collect()
    }

    /// These techniques with only those in `keep` left on.
    pub fn only(&self, keep: &[Technique]) -> Techniques {
        let on = |t: Technique| keep.contains(&t);
        Techniques {
            pruning: self.pruning.clone().filter(|_| on(Technique::Pruning)),
            summary: self.summary.clone().filter(|_| on(Technique::Summary)),
            early_stop: self.early_stop.clone().filter(|_| on(Technique::EarlyStop)),
            caching: self.caching.clone().filter(|_| on(Technique::Caching)),
            batch: self.batch.clone().filter(|_| on(Technique::Batch)),
        }
    }
}
