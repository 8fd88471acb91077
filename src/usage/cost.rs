//! A cost a provider recorded (one row of a cost report), read to reconcile
//! priced usage with what was billed, and the rule that one report is in one
//! currency.

use super::Origin;
use crate::input::InputError;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One recorded cost: an amount for a time bucket, with what it was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostLine {
    pub origin: Origin,
    /// The bucket's start (inclusive).
    pub start: DateTime<Utc>,
    /// The bucket's end (exclusive).
    pub end: DateTime<Utc>,
    /// The amount in units of the currency (dollars, not cents), exact.
    pub amount: Decimal,
    /// The ISO 4217 code in upper case (`USD`), whatever case the source wrote.
    pub currency: String,
    /// What the cost is for, as the source words it (OpenAI's `line_item`,
    /// Anthropic's `description`).
    pub description: Option<String>,
    /// The model, when the source names it apart.
    pub model: Option<String>,
    /// Who or what the cost was for, and how it was billed (`project`,
    /// `workspace`, `api_key`, `token_type`, ...), as the source names them.
    pub labels: BTreeMap<String, String>,
}

/// Checks that every line is in the currency of the first: amounts in two
/// currencies cannot be added without an exchange rate the report lacks.
pub fn one_currency(lines: &[CostLine]) -> Result<(), InputError> {
    let Some(first) = lines.first() else {
        return Ok(());
    };
    match lines.iter().find(|l| l.currency != first.currency) {
        None => Ok(()),
        Some(other) => Err(InputError {
            file: other.origin.source.clone(),
            line: other.origin.line.map(|l| l as usize),
            field: Some("currency".into()),
            message: format!(
                "`{}` differs from `{}` of the first cost line ({}); the costs of one report must be in one currency",
                other.currency, first.currency, first.origin
            ),
            hint: Some("reconcile each currency's costs from a report of their own".into()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(currency: &str, at: u64) -> CostLine {
        CostLine {
            origin: Origin {
                source: "costs.json".into(),
                line: Some(at),
            },
            start: DateTime::UNIX_EPOCH,
            end: DateTime::UNIX_EPOCH,
            amount: Decimal::ONE,
            currency: currency.into(),
            description: None,
            model: None,
            labels: BTreeMap::new(),
        }
    }

    #[test]
    fn a_second_currency_is_refused_at_its_line() {
        assert!(one_currency(&[line("USD", 3), line("USD", 9)]).is_ok());
        let e = one_currency(&[line("USD", 3), line("USD", 9), line("EUR", 15)]).unwrap_err();
        assert_eq!(e.line, Some(15));
        assert_eq!(
            e.message,
            "`EUR` differs from `USD` of the first cost line (costs.json:3); the costs of one report must be in one currency"
        );
    }
}
