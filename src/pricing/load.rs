//! Reading a catalog file and checking it: names, dates, non-negative prices,
//! unique ids and aliases. Implausible ratios only warn (`plausibility`).

use super::catalog::{BatchRates, Catalog, LongContext, Model, RateCard};
use super::raw::{RawBatch, RawCatalog, RawLongContext, RawModel};
use crate::input::{ExactDecimal, Field, InputError, Source};
use crate::notes::Notes;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;

/// The largest price accepted per 1M tokens or per request: far above any real
/// price, low enough that no monthly figure can overflow.
pub(crate) const MAX_PRICE: i64 = 1_000_000;

impl Catalog {
    /// Reads and validates the catalog at `path`.
    pub fn load(path: &Path) -> Result<Self, InputError> {
        Self::from_source(&Source::read(path, "price catalog")?)
    }

    /// Validates a catalog document.
    pub fn from_source(src: &Source) -> Result<Self, InputError> {
        let raw: RawCatalog = src.parse("price catalog")?;
        Loader { src }.catalog(raw)
    }
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(src: &Source, field: &Field, text: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| src.error(field, format!("`{text}` is not a date; write it as YYYY-MM-DD")))
}

struct Loader<'a> {
    src: &'a Source,
}

impl Loader<'_> {
    fn catalog(&self, raw: RawCatalog) -> Result<Catalog, InputError> {
        for (key, value) in [
            ("name", &raw.name),
            ("currency", &raw.currency),
            ("source", &raw.source),
        ] {
            if value.trim().is_empty() {
                return Err(self.src.error(&Field::named(key), "must not be empty"));
            }
        }
        let as_of = parse_date(self.src, &Field::named("as_of"), &raw.as_of)?;
        if raw.models.is_empty() {
            return Err(self
                .src
                .error(&Field::named("models"), "the catalog lists no models")
                .with_hint("add at least one model: `models: {gpt-4o: {provider: openai, input: 2.5, output: 10}}`"));
        }
        let mut models = Vec::with_capacity(raw.models.len());
        let mut index: HashMap<String, usize> = HashMap::new();
        for (id, raw_model) in raw.models {
            let field = Field::named("models").key(&id);
            let model = self.model(&field, id, raw_model)?;
            for name in std::iter::once(&model.id).chain(&model.aliases) {
                if let Some(&other) = index.get(name) {
                    let other: &Model = &models[other];
                    return Err(self.src.error(
                        &field,
                        format!(
                            "`{name}` names both `{}` and `{}`; ids and aliases must be unique",
                            other.id, model.id
                        ),
                    ));
                }
                index.insert(name.clone(), models.len());
            }
            models.push(model);
        }
        let mut catalog = Catalog {
            name: raw.name,
            as_of,
            currency: raw.currency,
            source: raw.source,
            notes: raw.notes,
            file: self.src.name.clone(),
            models,
            warnings: Notes::default(),
            index,
        };
        let warnings: Vec<String> = catalog.models.iter().flat_map(|m| catalog.price_warnings(m)).collect();
        for warning in warnings {
            catalog.warnings.add(warning);
        }
        Ok(catalog)
    }

    fn model(&self, field: &Field, id: String, raw: RawModel) -> Result<Model, InputError> {
        let standard = self.card(
            field,
            RawCard {
                input: raw.input,
                output: raw.output,
                cached_input: raw.cached_input,
                cache_write: raw.cache_write,
                cache_write_1h: raw.cache_write_1h,
                reasoning: raw.reasoning,
            },
        )?;
        let batch = self.batch(&field.key("batch"), raw.batch)?;
        let long_context = raw
            .long_context
            .map(|lc| self.long_context(&field.key("long_context"), lc))
            .transpose()?;
        let reasoning_ratio = raw
            .reasoning_ratio
            .map(|r| self.price(&field.key("reasoning_ratio"), r))
            .transpose()?;
        let per_request = raw
            .per_request
            .map(|p| self.price(&field.key("per_request"), p))
            .transpose()?
            .unwrap_or_default();
        let deprecation_date = raw
            .deprecation_date
            .map(|d| parse_date(self.src, &field.key("deprecation_date"), &d))
            .transpose()?;
        if raw.provider.trim().is_empty() {
            return Err(self.src.error(&field.key("provider"), "must not be empty"));
        }
        Ok(Model {
            id,
            provider: raw.provider,
            aliases: raw.aliases,
            standard,
            batch,
            long_context,
            reasoning_ratio,
            min_cacheable_tokens: raw.min_cacheable_tokens.unwrap_or(0),
            per_request,
            context_window: raw.context_window,
            max_output_tokens: raw.max_output_tokens,
            deprecation_date,
            successor: raw.successor,
        })
    }

    fn long_context(&self, field: &Field, raw: RawLongContext) -> Result<LongContext, InputError> {
        let rates = self.card(
            field,
            RawCard {
                input: raw.input,
                output: raw.output,
                cached_input: raw.cached_input,
                cache_write: raw.cache_write,
                cache_write_1h: raw.cache_write_1h,
                reasoning: raw.reasoning,
            },
        )?;
        let batch = self.batch(&field.key("batch"), raw.batch)?;
        Ok(LongContext {
            above_tokens: raw.above_tokens,
            rates,
            batch,
        })
    }

    fn card(&self, field: &Field, raw: RawCard) -> Result<RateCard, InputError> {
        let opt = |key: &str, v: Option<ExactDecimal>| v.map(|p| self.price(&field.key(key), p)).transpose();
        Ok(RateCard {
            input: self.price(&field.key("input"), raw.input)?,
            output: self.price(&field.key("output"), raw.output)?,
            cached_input: opt("cached_input", raw.cached_input)?,
            cache_write: opt("cache_write", raw.cache_write)?,
            cache_write_1h: opt("cache_write_1h", raw.cache_write_1h)?,
            reasoning: opt("reasoning", raw.reasoning)?,
        })
    }

    fn batch(&self, field: &Field, raw: Option<RawBatch>) -> Result<BatchRates, InputError> {
        let Some(raw) = raw else {
            return Ok(BatchRates::default());
        };
        let opt = |key: &str, v: Option<ExactDecimal>| v.map(|p| self.price(&field.key(key), p)).transpose();
        Ok(BatchRates {
            input: opt("input", raw.input)?,
            output: opt("output", raw.output)?,
            cached_input: opt("cached_input", raw.cached_input)?,
            cache_write: opt("cache_write", raw.cache_write)?,
        })
    }

    fn price(&self, field: &Field, value: ExactDecimal) -> Result<Decimal, InputError> {
        let v = value.0;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(self
                .src
                .error(field, format!("price {v} is negative; prices are zero or more")));
        }
        if v > Decimal::from(MAX_PRICE) {
            return Err(self.src.error(
                field,
                format!("price {v} is implausibly large (the limit is {MAX_PRICE} per 1M tokens or per request)"),
            ));
        }
        Ok(v)
    }
}

struct RawCard {
    input: ExactDecimal,
    output: ExactDecimal,
    cached_input: Option<ExactDecimal>,
    cache_write: Option<ExactDecimal>,
    cache_write_1h: Option<ExactDecimal>,
    reasoning: Option<ExactDecimal>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn load(text: &str) -> Result<Catalog, InputError> {
        Catalog::from_source(&Source::new("c.yaml", text))
    }

    const HEAD: &str = "name: t\nas_of: 2025-11-13\ncurrency: USD\nsource: test\n";

    #[test]
    fn prices_parse_exactly() {
        let c = load(&format!(
            "{HEAD}models:\n  m:\n    provider: p\n    input: 0.000123456789012345678\n    output: 0.15\n"
        ))
        .unwrap();
        let m = c.model("m").unwrap();
        assert_eq!(m.standard.input, dec!(0.000123456789012345678));
        assert_eq!(m.standard.input.to_string(), "0.000123456789012345678");
        assert_eq!(m.standard.output, dec!(0.15));
    }

    #[test]
    fn negative_prices_are_refused_with_their_line() {
        let e = load(&format!(
            "{HEAD}models:\n  m:\n    provider: p\n    input: -1\n    output: 2\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(8));
        assert_eq!(e.field.as_deref(), Some("models.m.input"));
        assert!(e.message.contains("-1 is negative"), "{e}");
    }

    #[test]
    fn an_empty_catalog_is_an_error() {
        let e = load(&format!("{HEAD}models: {{}}\n")).unwrap_err();
        assert!(e.message.contains("lists no models"), "{e}");
    }

    #[test]
    fn aliases_must_be_unique() {
        let e = load(&format!(
            "{HEAD}models:\n  a:\n    provider: p\n    input: 1\n    output: 1\n  b:\n    provider: p\n    aliases: [a]\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert!(e.message.contains("`a` names both"), "{e}");
    }

    #[test]
    fn dates_must_be_dates() {
        let e = load("name: t\nas_of: November\ncurrency: USD\nsource: s\nmodels: {}\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
    }
}
