//! Confusion counts measured by `route-eval`: labelled questions by true tier
//! and the tier the rules chose (or `unmatched`). `route-eval` writes them as
//! YAML; a scenario's classifier reads them with `matrix_file:` and turns them
//! into a confusion matrix (rules alone: unmatched questions go to the default
//! tier) or a coverage and a matrix of the matched questions (a hybrid).

use super::rules::tier_position;
use crate::input::{Field, InputError, Source};
use crate::yaml_writer::{Document, scalar};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The column of questions no rule matched.
pub const UNMATCHED: &str = "unmatched";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasured {
    rules: String,
    sample: String,
    default: Option<String>,
    tiers: Vec<String>,
    counts: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Counts of labelled questions, `counts[t][j]` for true tier `t` and chosen
/// tier `j`, with one more column (`unmatched`) at index `tiers.len()`.
#[derive(Debug, Clone)]
pub struct Measured {
    pub rules: String,
    pub sample: String,
    /// The tier of a question no rule matched, when the rules name one.
    pub default: Option<usize>,
    pub tiers: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    /// The document, to locate errors found when a scenario uses it.
    pub source: Option<Source>,
}

impl Measured {
    /// Reads a file written by `route-eval`.
    pub fn load(path: &Path) -> Result<Self, InputError> {
        let src = Source::read(path, "confusion-count")?;
        let raw: RawMeasured = src.parse("confusion-count file (written by route-eval)")?;
        let tier_field = Field::named("tiers");
        if raw.tiers.is_empty() {
            return Err(src.error(&tier_field, "lists no tiers"));
        }
        let position = |field: &Field, name: &str| tier_position(&src, field, name, &raw.tiers);
        let default = raw
            .default
            .as_deref()
            .map(|d| position(&Field::named("default"), d))
            .transpose()?;
        let k = raw.tiers.len();
        let mut counts = vec![vec![0; k + 1]; k];
        for (tier, row) in &raw.counts {
            let field = Field::named("counts").key(tier);
            let t = position(&field, tier)?;
            for (routed, &n) in row {
                let j = if routed == UNMATCHED {
                    k
                } else {
                    position(&field.key(routed), routed)?
                };
                counts[t][j] = n;
            }
        }
        Ok(Self {
            rules: raw.rules,
            sample: raw.sample,
            default,
            tiers: raw.tiers,
            counts,
            source: Some(src),
        })
    }

    /// The YAML `load` reads, with comments saying what it holds.
    pub fn to_yaml(&self) -> String {
        let mut out = Document::default();
        out.comment(
            "Confusion counts measured by `llmcost route-eval`: labelled questions by\n\
             true tier (rows) and the tier the rules chose (columns); `unmatched`\n\
             counts questions no rule matched. A scenario's classifier reads this\n\
             file with `matrix_file:`. A `rules` classifier sends unmatched questions\n\
             to the default tier; a `hybrid` one sends them to its LLM classifier.",
        );
        out.field(0, "rules", &scalar(&self.rules));
        out.field(0, "sample", &scalar(&self.sample));
        if let Some(d) = self.default {
            out.field(0, "default", &scalar(&self.tiers[d]));
        }
        let names: Vec<String> = self.tiers.iter().map(|t| scalar(t).into_owned()).collect();
        out.field(0, "tiers", &format!("[{}]", names.join(", ")));
        out.line(0, "counts:");
        for (t, row) in self.counts.iter().enumerate() {
            let cells: Vec<String> = names
                .iter()
                .map(String::as_str)
                .chain([UNMATCHED])
                .zip(row)
                .map(|(name, n)| format!("{name}: {n}"))
                .collect();
            out.field(2, &names[t], &format!("{{{}}}", cells.join(", ")));
        }
        out.into_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let m = Measured {
            rules: "kw".into(),
            sample: "q s.csv".into(),
            default: Some(1),
            tiers: vec!["simple".into(), "yes".into()],
            counts: vec![vec![3, 1, 2], vec![0, 4, 0]],
            source: None,
        };
        let text = m.to_yaml();
        assert!(
            text.contains("  simple: {simple: 3, \"yes\": 1, unmatched: 2}\n"),
            "{text}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.yaml");
        std::fs::write(&path, &text).unwrap();
        let back = Measured::load(&path).unwrap();
        assert_eq!(
            (back.rules, back.sample, back.default, back.tiers, back.counts),
            (m.rules, m.sample, m.default, m.tiers, m.counts)
        );
    }

    #[test]
    fn unknown_tiers_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.yaml");
        std::fs::write(
            &path,
            "rules: r\nsample: s\ntiers: [a, b]\ncounts:\n  a: {a: 1}\n  c: {a: 1}\n",
        )
        .unwrap();
        let e = Measured::load(&path).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.message.contains("names tier `c`"), "{e}");
    }
}
