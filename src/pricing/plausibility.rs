//! Prices that are legal but probably wrong: a cache read dearer than input, a
//! cache write cheaper than input, a batch or flex rate above the standard
//! one, a priority rate below it, output
//! cheaper than input, an Anthropic 1-hour cache write far from 2 × input,
//! and long-context rates no request can reach (their threshold at or above
//! the context window, which holds a request's input and output together).
//! Loading records them as the catalog's warnings; `catalog validate` lists them.

use super::catalog::{Catalog, Model};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Anthropic bills a 1-hour cache write at 2 × input; within this share of that is "about 2 ×".
const ONE_HOUR_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// One implausible rate: which model, which field, its value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Implausible {
    pub model: String,
    /// The field as the catalog writes it, such as `cache_write_1h` or `batch.input`.
    pub field: &'static str,
    /// Per 1M tokens, or tokens for a threshold (`unit`).
    pub value: Decimal,
    /// `per 1M` for a rate, `tokens` for a threshold.
    pub unit: &'static str,
    pub expected: String,
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "model {}: {} = {} {}, expected {}",
            self.model, self.field, self.value, self.unit, self.expected
        )
    }
}

/// Every implausible rate of `model`.
pub fn check(model: &Model) -> Vec<Implausible> {
    let mut out = Vec::new();
    let std = &model.standard;
    let mut flag = |field: &'static str, value: Decimal, expected: String| {
        out.push(Implausible {
            model: model.id.clone(),
            field,
            value,
            unit: "per 1M",
            expected,
        });
    };
    if std.output < std.input {
        flag("output", std.output, format!("at least the input rate {}", std.input));
    }
    if let Some(read) = std.cached_input
        && read > std.input
    {
        flag("cached_input", read, format!("at most the input rate {}", std.input));
    }
    if let Some(write) = std.cache_write
        && write < std.input
    {
        flag("cache_write", write, format!("at least the input rate {}", std.input));
    }
    if let Some(write) = std.cache_write_1h {
        let twice = std.input * Decimal::TWO;
        let (low, high) = (
            twice * (Decimal::ONE - ONE_HOUR_TOLERANCE),
            twice * (Decimal::ONE + ONE_HOUR_TOLERANCE),
        );
        if model.is_anthropic() && (write < low || write > high) {
            flag(
                "cache_write_1h",
                write,
                format!(
                    "about 2 × input = {} ({} to {}) for an Anthropic model",
                    twice.normalize(),
                    low.normalize(),
                    high.normalize()
                ),
            );
        } else if write < std.input {
            flag(
                "cache_write_1h",
                write,
                format!("at least the input rate {}", std.input),
            );
        }
    }
    let batch = &model.batch;
    for (field, rate, standard) in [
        ("batch.input", batch.input, Some(std.input)),
        ("batch.output", batch.output, Some(std.output)),
        ("batch.cached_input", batch.cached_input, std.cached_input),
        ("batch.cache_write", batch.cache_write, std.cache_write),
    ] {
        if let (Some(rate), Some(standard)) = (rate, standard)
            && rate > standard
        {
            flag(field, rate, format!("at most the standard rate {standard}"));
        }
    }
    // A priority rate is dearer than standard, a flex rate cheaper.
    let tiers = [
        (
            &model.tiers.priority,
            ["priority.input", "priority.output", "priority.cached_input"],
            true,
        ),
        (
            &model.tiers.flex,
            ["flex.input", "flex.output", "flex.cached_input"],
            false,
        ),
    ];
    for (rates, [input, output, cached], dearer) in tiers {
        let Some(rates) = rates else { continue };
        for (field, rate, standard) in [
            (input, rates.input, Some(std.input)),
            (output, rates.output, Some(std.output)),
            (cached, rates.cached_input, std.cached_input),
        ] {
            if let (Some(rate), Some(standard)) = (rate, standard)
                && (if dearer { rate < standard } else { rate > standard })
            {
                let bound = if dearer { "at least" } else { "at most" };
                flag(field, rate, format!("{bound} the standard rate {standard}"));
            }
        }
    }
    if let (Some(long), Some(window)) = (
        &model.long_context,
        model.extended_context_window.max(model.context_window),
    ) && long.above_tokens >= window
    {
        out.push(Implausible {
            model: model.id.clone(),
            field: "long_context.above_tokens",
            value: Decimal::from(long.above_tokens),
            unit: "tokens",
            expected: format!("below the context window ({window} tokens): else its rates never apply"),
        });
    }
    out
}

impl Catalog {
    /// The implausible prices of `model`, as a run warns about them.
    pub fn price_warnings(&self, model: &Model) -> Vec<String> {
        check(model)
            .into_iter()
            .map(|w| format!("catalog {}: {w}", self.name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use rust_decimal_macros::dec;

    fn model(yaml: &str) -> Model {
        let text = format!("name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: s\nmodels:\n  m:\n{yaml}");
        let catalog = Catalog::from_source(&Source::new("t.yaml", text)).unwrap();
        catalog.model("m").unwrap().clone()
    }

    #[test]
    fn anthropic_one_hour_writes_must_be_about_twice_input() {
        // 0.8 input: 2 × = 1.6, 5% either side = 1.52 to 1.68; 6 is 7.5 × input.
        let m = model("    provider: anthropic\n    input: 0.8\n    output: 4\n    cache_write_1h: 6\n");
        let warnings = check(&m);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, "cache_write_1h");
        assert_eq!(warnings[0].value, dec!(6));
        assert_eq!(
            warnings[0].to_string(),
            "model m: cache_write_1h = 6 per 1M, expected about 2 × input = 1.6 (1.52 to 1.68) for an Anthropic model"
        );
        let fine = model("    provider: anthropic\n    input: 3\n    output: 15\n    cache_write_1h: 6\n");
        assert!(check(&fine).is_empty());
    }

    #[test]
    fn priority_is_dearer_than_standard_and_flex_cheaper() {
        let fine = model(
            "    provider: openai\n    input: 2\n    output: 8\n    priority: {input: 3.5, output: 14}\n    flex: {input: 1, output: 4}\n",
        );
        assert!(check(&fine).is_empty());
        let swapped = model(
            "    provider: openai\n    input: 2\n    output: 8\n    priority: {input: 1, output: 14}\n    flex: {input: 1, output: 9}\n",
        );
        let found: Vec<(&str, String)> = check(&swapped).into_iter().map(|w| (w.field, w.expected)).collect();
        assert_eq!(
            found,
            [
                ("priority.input", "at least the standard rate 2".to_string()),
                ("flex.output", "at most the standard rate 8".to_string()),
            ]
        );
    }

    #[test]
    fn other_providers_only_need_a_write_above_input() {
        let m = model("    provider: openai\n    input: 1\n    output: 4\n    cache_write_1h: 7\n");
        assert!(check(&m).is_empty());
        let cheap = model("    provider: openai\n    input: 1\n    output: 4\n    cache_write_1h: 0.5\n");
        assert_eq!(check(&cheap)[0].expected, "at least the input rate 1");
    }

    #[test]
    fn long_context_rates_above_the_window_can_never_apply() {
        let body = |window: u64| {
            format!(
                "    provider: anthropic\n    input: 3\n    output: 15\n    context_window: {window}\n    \
                 long_context: {{above_tokens: 200000, input: 6, output: 22.5}}\n"
            )
        };
        let unreachable = model(&body(200000));
        let w = check(&unreachable);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].field, "long_context.above_tokens");
        assert!(w[0].to_string().starts_with(
            "model m: long_context.above_tokens = 200000 tokens, expected below the context window (200000 tokens)"
        ));
        assert!(check(&model(&body(1_000_000))).is_empty());
        // A larger window the provider sells on request makes them reachable.
        let extended = format!("{}    extended_context_window: 1000000\n", body(200000));
        assert!(check(&model(&extended)).is_empty());
    }

    #[test]
    fn output_cheaper_than_input_warns() {
        let m = model("    provider: p\n    input: 0.3\n    output: 0.1\n");
        let w = check(&m);
        assert_eq!((w[0].field, w[0].value), ("output", dec!(0.1)));
        assert_eq!(w[0].expected, "at least the input rate 0.3");
    }
}
