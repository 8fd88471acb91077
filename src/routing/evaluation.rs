//! Measuring keyword rules on labelled questions (`route-eval`): every
//! question of a CSV sample (columns `text` and `tier`; others are ignored)
//! is routed by the rules, and the counts give the confusion matrix, the
//! accuracy per tier and the share no rule matched.

use super::measured::{Measured, UNMATCHED};
use super::rules::Rules;
use super::sample::Sample;
use crate::input::{InputError, closest};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

/// One labelled question: its data row (1 = the first after the header), line and true tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub row: usize,
    pub line: u64,
    pub text: String,
    pub tier: usize,
}

/// Reads the labelled sample; any bad row is an error naming it, so no partial
/// sample is ever measured.
pub fn read_sample(path: &Path, rules: &Rules) -> Result<Vec<Question>, InputError> {
    let sample = Sample::read(path, "labelled CSV", &["text", "tier"], "text,tier")?;
    let at = |line: Option<u64>, field: Option<&str>, message: String| sample.error(line, field, message);
    let (text_col, tier_col) = (sample.columns[0], sample.columns[1]);
    let mut questions = Vec::new();
    for &(row, line, ref record) in &sample.rows {
        let text = record.get(text_col).unwrap_or_default();
        if text.is_empty() {
            return Err(at(line, Some("text"), format!("row {row}: the question is empty")));
        }
        let tier_name = record.get(tier_col).unwrap_or_default();
        let Some(tier) = rules.tier(tier_name) else {
            let e = at(
                line,
                Some("tier"),
                format!(
                    "row {row}: tier `{tier_name}` is not one of the rules' tiers ({})",
                    rules.tiers.join(", ")
                ),
            );
            return Err(
                match closest(tier_name, rules.tiers.iter().map(String::as_str), 1).first() {
                    Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                    None => e,
                },
            );
        };
        questions.push(Question {
            row,
            line: line.unwrap_or_default(),
            text: text.to_string(),
            tier,
        });
    }
    if questions.is_empty() {
        return Err(InputError::file(
            &sample.file,
            "the sample has no questions below its header",
        ));
    }
    Ok(questions)
}

/// How the rules routed one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub row: usize,
    pub text: String,
    pub tier: String,
    /// The tier a rule chose; `None` when no rule matched.
    pub routed: Option<String>,
    /// The keyword or pattern that matched.
    pub matched: Option<String>,
}

/// The accuracy of the rules on one tier's questions (or on all of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub tier: String,
    pub questions: u64,
    /// Questions some rule matched.
    pub matched: u64,
    /// Questions a rule sent to their true tier.
    pub right: u64,
    pub unmatched_share: Decimal,
    /// `right / matched`.
    pub accuracy_on_matched: Option<Decimal>,
    /// Right answers over all questions, unmatched ones sent to the default tier.
    pub accuracy_with_default: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub rules: String,
    pub description: String,
    pub rules_file: String,
    pub sample: String,
    pub default: Option<String>,
    pub tiers: Vec<String>,
    /// `counts[t][j]`: questions of true tier `t` routed as `j`; the last column is `unmatched`.
    pub counts: Vec<Vec<u64>>,
    pub per_tier: Vec<Accuracy>,
    pub overall: Accuracy,
    pub outcomes: Vec<Outcome>,
}

fn share(part: u64, whole: u64) -> Option<Decimal> {
    (whole > 0).then(|| (Decimal::from(part) / Decimal::from(whole)).normalize())
}

impl Evaluation {
    /// Routes every question of `sample` (read from `sample_file`) with `rules`.
    pub fn run(rules: &Rules, sample_file: &Path, sample: &[Question]) -> Self {
        let k = rules.tiers.len();
        let mut counts = vec![vec![0u64; k + 1]; k];
        let mut outcomes = Vec::with_capacity(sample.len());
        for q in sample {
            let m = rules.classify(&q.text);
            counts[q.tier][m.as_ref().map_or(k, |m| m.tier)] += 1;
            outcomes.push(Outcome {
                row: q.row,
                text: q.text.clone(),
                tier: rules.tiers[q.tier].clone(),
                routed: m.as_ref().map(|m| rules.tiers[m.tier].clone()),
                matched: m.map(|m| m.matched),
            });
        }
        let accuracy = |tier: String, rows: &[(usize, &Vec<u64>)]| {
            let questions: u64 = rows.iter().map(|(_, r)| r.iter().sum::<u64>()).sum();
            let unmatched: u64 = rows.iter().map(|(_, r)| r[k]).sum();
            let right: u64 = rows.iter().map(|(t, r)| r[*t]).sum();
            let by_default: u64 = rows
                .iter()
                .filter(|(t, _)| rules.default == Some(*t))
                .map(|(_, r)| r[k])
                .sum();
            Accuracy {
                tier,
                questions,
                matched: questions - unmatched,
                right,
                unmatched_share: share(unmatched, questions).unwrap_or_default(),
                accuracy_on_matched: share(right, questions - unmatched),
                accuracy_with_default: rules.default.and_then(|_| share(right + by_default, questions)),
            }
        };
        let rows: Vec<(usize, &Vec<u64>)> = counts.iter().enumerate().collect();
        let per_tier = rows
            .iter()
            .map(|&(t, r)| accuracy(rules.tiers[t].clone(), &[(t, r)]))
            .collect();
        let overall = accuracy("all".into(), &rows);
        Self {
            rules: rules.name.clone(),
            description: rules.description.clone(),
            rules_file: rules.file.clone(),
            sample: sample_file.display().to_string(),
            default: rules.default.map(|d| rules.tiers[d].clone()),
            tiers: rules.tiers.clone(),
            counts,
            per_tier,
            overall,
            outcomes,
        }
    }

    /// The counts as a scenario reads them.
    pub fn measured(&self) -> Measured {
        let file_name = Path::new(&self.sample)
            .file_name()
            .map_or_else(|| self.sample.clone(), |n| n.to_string_lossy().into_owned());
        Measured {
            rules: self.rules.clone(),
            sample: file_name,
            default: self
                .default
                .as_ref()
                .and_then(|d| self.tiers.iter().position(|t| t == d)),
            tiers: self.tiers.clone(),
            counts: self.counts.clone(),
            source: None,
        }
    }

    /// Column names of the counts: the tiers, then `unmatched`.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.tiers.iter().map(String::as_str).chain([UNMATCHED])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use rust_decimal_macros::dec;

    fn rules() -> Rules {
        Rules::from_source(&Source::new(
            "r.yaml",
            "name: r\ntiers: [simple, complex]\ndefault: simple\nrules:\n  - tier: simple\n    keywords: [when]\n  - tier: complex\n    keywords: [forecast]\n",
        ))
        .unwrap()
    }

    fn sample(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn counts_accuracy_and_unmatched_share() {
        let (_dir, path) = sample(
            "text,tier\nWhen do you open?,simple\nWhere are you?,simple\nWhen is the forecast due?,complex\n\"Forecast, please\",complex\n",
        );
        let r = rules();
        let e = Evaluation::run(&r, &path, &read_sample(&path, &r).unwrap());
        // simple: 1 right, 1 unmatched; complex: 1 sent to simple, 1 right.
        assert_eq!(e.counts, vec![vec![1, 0, 1], vec![1, 1, 0]]);
        assert_eq!(e.per_tier[0].accuracy_on_matched, Some(dec!(1)));
        // unmatched simple questions go to the default (simple): 2 / 2.
        assert_eq!(e.per_tier[0].accuracy_with_default, Some(dec!(1)));
        assert_eq!(e.per_tier[1].accuracy_on_matched, Some(dec!(0.5)));
        // overall: right 2 of 3 matched; with the default 3 of 4; unmatched 1 of 4.
        assert_eq!(e.overall.accuracy_with_default, Some(dec!(0.75)));
        assert_eq!(e.overall.unmatched_share, dec!(0.25));
    }

    #[test]
    fn an_unknown_tier_names_its_row() {
        let (_dir, path) = sample("text,tier\nWhen?,simple\nWhy?,complx\n");
        let e = read_sample(&path, &rules()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("row 2: tier `complx` is not one of"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `complex`?"));
    }

    #[test]
    fn a_ragged_row_is_named() {
        let (_dir, path) = sample("text,tier\nWhen?,simple\nOne, two,complex\n");
        let e = read_sample(&path, &rules()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("row 2: 3 fields where the header has 2"), "{e}");
    }
}
