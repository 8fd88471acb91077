//! The one shape every usage reader returns: one logged call, or a bucket of
//! calls a provider reports together (OpenAI and Anthropic usage reports
//! count calls per model and time bucket).
//!
//! Token counts are split the way a bill prices them, whatever the source
//! calls them: `input` is input neither read from nor written to a cache;
//! `output` is visible output, without the reasoning tokens that `reasoning`
//! holds when a source breaks them out (sources that only report a total
//! completion count put it all in `output`).

use crate::input::json::Obj;
use crate::tariff::{Mode, Paid};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where a record came from, for messages: the source (a file's path, or a
/// database table) and, where it has one, the line or row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: String,
    /// 1-based line of a text file, or row of a table or query result.
    pub line: Option<u64>,
}

impl Origin {
    /// Where a JSON object of a usage file starts.
    pub fn of(object: &Obj<'_>) -> Self {
        Self {
            source: object.file().to_string(),
            line: object.line().map(|l| l as u64),
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.source),
            None => f.write_str(&self.source),
        }
    }
}

/// Whole tokens of one record, as a bill prices them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageTokens {
    /// Input neither read from nor written to a prompt cache.
    pub input: u64,
    pub cache_read: u64,
    /// Input written to a cache that lives 5 minutes (a provider's default).
    pub cache_write_5m: u64,
    /// Input written to a cache that lives 1 hour.
    pub cache_write_1h: u64,
    /// Visible output (all output when the source does not break out reasoning).
    pub output: u64,
    /// Reasoning tokens the source reports apart from `output`.
    pub reasoning: u64,
}

impl UsageTokens {
    /// Every input token: uncached, read and written (counts of a record
    /// may add up past a `u64`).
    pub fn prompt(&self) -> u128 {
        self.paid(1).prompt()
    }

    /// What `requests` calls of these tokens paid for, as the tariff bills them.
    pub(crate) fn paid(&self, requests: u64) -> Paid {
        Paid {
            requests,
            input: self.input,
            cache_read: self.cache_read,
            cache_write_5m: self.cache_write_5m,
            cache_write_1h: self.cache_write_1h,
            output: self.output,
            reasoning: self.reasoning,
        }
    }
}

impl From<[u64; 6]> for UsageTokens {
    /// The counts in the order of the fields: input, cache read, cache
    /// written for 5 minutes, for 1 hour, output, reasoning.
    fn from([input, cache_read, cache_write_5m, cache_write_1h, output, reasoning]: [u64; 6]) -> Self {
        UsageTokens {
            input,
            cache_read,
            cache_write_5m,
            cache_write_1h,
            output,
            reasoning,
        }
    }
}

/// One logged call, or a bucket of `requests` calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub origin: Origin,
    /// When the call started (a bucket's start).
    pub start: DateTime<Utc>,
    /// The model as the source names it (matched against a catalog later).
    pub model: String,
    /// Calls this record stands for: 1 for a logged call; 0 when the source
    /// counts tokens but not calls (Anthropic's usage report).
    pub requests: u64,
    pub tokens: UsageTokens,
    /// What the source counts that no per-token text price covers (audio or
    /// image tokens, web searches), by the source's own field name: counted
    /// so that a report can list it, never priced as text.
    pub unpriced: BTreeMap<String, u64>,
    /// Whether the calls were above the model's long-context threshold, when
    /// the source says so (Anthropic's `context_window`); else the tariff
    /// judges it from the tokens.
    pub long_context: Option<bool>,
    /// Whether the calls ran on a provider's batch API.
    pub batch: bool,
    /// The provider's service tier when the source records one (`priority`, `flex`, ...).
    pub service_tier: Option<String>,
    /// The cost the source itself recorded, in the source's currency.
    pub recorded_cost: Option<Decimal>,
    /// Who or what the calls were for: `project`, `team`, `user`, `workspace`,
    /// `api_key`, ... as the source names them.
    pub labels: BTreeMap<String, String>,
    /// Free tags the source attaches (LiteLLM `request_tags`, Langfuse tags).
    pub tags: Vec<String>,
    /// The prompt text, when the source keeps it (for routing rules).
    pub prompt: Option<String>,
    /// The source's identifier of the call.
    pub id: Option<String>,
}

impl Usage {
    /// The billing class the calls ran in: the batch API, else the service
    /// tier the source records (OpenAI `priority`, `flex`; Anthropic
    /// `priority`, `priority_on_demand`, `flex`, `flex_discount`), else
    /// standard (`default`, `standard`, `auto`, `scale` and no tier recorded).
    pub fn mode(&self) -> Mode {
        mode_of(self.batch, self.service_tier.as_deref())
    }

    /// The region the calls ran in, when the source records one other than
    /// the list price's (Anthropic's `inference_geo` label: `us`; not
    /// empty, `global` or `not_available`).
    pub fn region(&self) -> Option<&str> {
        self.labels.get(REGION).and_then(|geo| region_of(geo))
    }
}

/// The label that names the region the calls ran in.
pub(crate) const REGION: &str = "inference_geo";

/// The service tiers a source records that bill as priority and as flex;
/// any other, or none, bills as standard (docs/service-tiers.md).
pub(crate) const TIERS: [(Mode, [&str; 2]); 2] = [
    (Mode::Priority, ["priority", "priority_on_demand"]),
    (Mode::Flex, ["flex", "flex_discount"]),
];

/// The billing class of calls on the batch API or not, in a service `tier`
/// ([`Usage::mode`]).
pub(crate) fn mode_of(batch: bool, tier: Option<&str>) -> Mode {
    let tiered = tier.and_then(|tier| TIERS.iter().find(|(_, names)| names.contains(&tier)));
    match tiered {
        _ if batch => Mode::Batch,
        Some((mode, _)) => *mode,
        None => Mode::Standard,
    }
}

/// The region a `REGION` label's value names, if other than the list price's ([`Usage::region`]).
pub(crate) fn region_of(geo: &str) -> Option<&str> {
    (!matches!(geo, "" | "global" | "not_available")).then_some(geo)
}
