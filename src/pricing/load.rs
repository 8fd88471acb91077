//! Reading a catalog file and checking it: names, dates, non-negative prices,
//! unique ids and aliases. Implausible ratios only warn (`plausibility`).

use super::catalog::{Catalog, ClassRates, History, LongContext, Model, PricePeriod, RateCard, ServiceTiers};
use super::raw::{RawBatch, RawCatalog, RawLongContext, RawModel, RawPeriod};
use super::{provisioned, self_hosted};
use crate::input::{ExactDecimal, Field, InputError, Source};
use crate::notes::Notes;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The largest price accepted per 1M tokens or per request: far above any real
/// price, low enough that no monthly figure can overflow.
pub(crate) const MAX_PRICE: i64 = 1_000_000;

/// Whether `multiplier` is one a region may put on every token rate: more
/// than 0 and at most 10 (1.1 for a 10% uplift).
pub(crate) fn region_multiplier_in_range(multiplier: Decimal) -> bool {
    multiplier > Decimal::ZERO && multiplier <= Decimal::TEN
}

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
            let model = self.model(&field, id, raw_model, as_of)?;
            self.register(&model, &field, &models, &mut index)?;
            models.push(model);
        }
        // Capacity sections: each entry is also listed as a model a strategy names.
        let deployments = self.listed(
            "self_hosted",
            raw.self_hosted,
            &mut models,
            &mut index,
            |field, id, raw, _| self_hosted::deployment(self.src, field, id, raw),
        )?;
        let offers = self.listed(
            "provisioned",
            raw.provisioned,
            &mut models,
            &mut index,
            |field, id, raw, models| provisioned::offer(self.src, field, id, raw, models),
        )?;
        let spends = self.listed(
            "committed_spend",
            raw.committed_spend,
            &mut models,
            &mut index,
            |field, id, raw, models| provisioned::spend(self.src, field, id, raw, models),
        )?;
        let mut catalog = Catalog {
            name: raw.name,
            as_of,
            currency: raw.currency,
            source: raw.source,
            notes: raw.notes,
            file: self.src.name.clone(),
            models,
            deployments,
            offers,
            spends,
            warnings: Notes::default(),
            index,
        };
        let warnings: Vec<String> = catalog
            .models
            .iter()
            .filter(|m| {
                catalog.deployment(m).is_none()
                    && catalog.provisioned(m).is_none()
                    && catalog.committed_spend(m).is_none()
            })
            .flat_map(|m| catalog.price_warnings(m))
            .collect();
        for warning in warnings {
            catalog.warnings.add(warning);
        }
        Ok(catalog)
    }

    /// Adds the id and aliases of `model` (about to be `models[models.len()]`)
    /// to `index`. Each name must name one model, once: a model listing its own
    /// id or one alias twice is refused like a name two models share. Accepting
    /// the repetition would be harmless, but it is always a slip (often a
    /// copy-and-paste that meant another name), and a catalog is a reference
    /// others read, so the loader asks for the line to be fixed instead.
    /// The entries of section `section`, each read by `read` (given the
    /// models so far) into what it is and the model it is listed as, which is
    /// registered and added to `models`.
    fn listed<R, T>(
        &self,
        section: &str,
        raw: impl IntoIterator<Item = (String, R)>,
        models: &mut Vec<Model>,
        index: &mut HashMap<String, usize>,
        read: impl Fn(&Field, String, R, &[Model]) -> Result<(T, Model), InputError>,
    ) -> Result<Vec<T>, InputError> {
        let mut out = Vec::new();
        for (id, entry) in raw {
            let field = Field::named(section).key(&id);
            let (item, model) = read(&field, id, entry, models)?;
            self.register(&model, &field, models, index)?;
            models.push(model);
            out.push(item);
        }
        Ok(out)
    }

    fn register(
        &self,
        model: &Model,
        field: &Field,
        models: &[Model],
        index: &mut HashMap<String, usize>,
    ) -> Result<(), InputError> {
        let here = models.len();
        let aliases = field.key("aliases");
        let names = std::iter::once((field.clone(), &model.id))
            .chain(model.aliases.iter().enumerate().map(|(i, a)| (aliases.index(i), a)));
        for (at, name) in names {
            let Some(&other) = index.get(name) else {
                index.insert(name.clone(), here);
                continue;
            };
            let id = &model.id;
            let e = if other == here && name == id {
                self.src
                    .error(&at, format!("model `{id}` lists its own id `{name}` as an alias"))
                    .with_hint(format!(
                        "remove `{name}` from the aliases: a model's id always names it"
                    ))
            } else if other == here {
                let first = model.aliases.iter().position(|a| a == name).unwrap_or_default();
                self.src
                    .error(
                        &at,
                        format!(
                            "model `{id}` lists the alias `{name}` twice{}",
                            self.first_at(&aliases.index(first))
                        ),
                    )
                    .with_hint("remove one of them")
            } else {
                let other = &models[other];
                let owner = Field::named("models").key(&other.id);
                let (what, first) = if other.id == *name {
                    ("the id of model", owner)
                } else {
                    let i = other.aliases.iter().position(|a| a == name).unwrap_or_default();
                    ("an alias of model", owner.key("aliases").index(i))
                };
                let kind = if at == *field { "id" } else { "alias" };
                self.src
                    .error(
                        &at,
                        format!(
                            "{kind} `{name}` of model `{id}` is already {what} `{}`{}; ids and aliases must each name one model",
                            other.id,
                            self.first_at(&first)
                        ),
                    )
                    .with_hint(format!("keep `{name}` on one of the two models"))
            };
            return Err(e);
        }
        Ok(())
    }

    /// " (first at line N)" for `field`, where the document shows it.
    fn first_at(&self, field: &Field) -> String {
        self.src
            .error(field, "")
            .line
            .map_or(String::new(), |n| format!(" (first at line {n})"))
    }

    fn model(&self, field: &Field, id: String, raw: RawModel, as_of: NaiveDate) -> Result<Model, InputError> {
        if raw.provider.trim().is_empty() {
            return Err(self.src.error(&field.key("provider"), "must not be empty"));
        }
        let reasoning_ratio = raw
            .reasoning_ratio
            .map(|r| self.price(&field.key("reasoning_ratio"), r))
            .transpose()?;
        let deprecation_date = raw
            .deprecation_date
            .map(|d| parse_date(self.src, &field.key("deprecation_date"), &d))
            .transpose()?;
        let rates = [
            ("input", raw.input.is_some()),
            ("output", raw.output.is_some()),
            ("cached_input", raw.cached_input.is_some()),
            ("cache_write", raw.cache_write.is_some()),
            ("cache_write_1h", raw.cache_write_1h.is_some()),
            ("reasoning", raw.reasoning.is_some()),
            ("per_request", raw.per_request.is_some()),
            ("batch", raw.batch.is_some()),
            ("priority", raw.priority.is_some()),
            ("flex", raw.flex.is_some()),
            ("long_context", raw.long_context.is_some()),
        ];
        let (prices, history) = match raw.periods {
            None => {
                let missing = |key: &str| self.src.error(field, format!("missing field `{key}`"));
                let prices = self.period(
                    field,
                    RawPeriod {
                        from: None,
                        until: None,
                        input: raw.input.ok_or_else(|| missing("input"))?,
                        output: raw.output.ok_or_else(|| missing("output"))?,
                        cached_input: raw.cached_input,
                        cache_write: raw.cache_write,
                        cache_write_1h: raw.cache_write_1h,
                        reasoning: raw.reasoning,
                        per_request: raw.per_request,
                        batch: raw.batch,
                        priority: raw.priority,
                        flex: raw.flex,
                        long_context: raw.long_context,
                    },
                )?;
                (prices, None)
            }
            Some(periods) => {
                if let Some((key, _)) = rates.iter().find(|(_, given)| *given) {
                    return Err(self
                        .src
                        .error(
                            &field.key(key),
                            format!("model `{id}` lists `periods` and `{key}` beside them"),
                        )
                        .with_hint("a model with price periods gives every rate inside each period"));
                }
                let loaded = periods
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| self.period(&field.key("periods").index(i), p))
                    .collect::<Result<Vec<_>, _>>()?;
                let history = History::checked(self.src, &field.key("periods"), &id, loaded)?;
                (history.on(as_of, &id)?.clone(), Some(Box::new(history)))
            }
        };
        Ok(Model {
            id,
            provider: raw.provider,
            aliases: raw.aliases,
            standard: prices.standard,
            batch: prices.batch,
            long_context: prices.long_context,
            tiers: prices.tiers,
            regions: self.regions(field, raw.regions)?,
            reasoning_ratio,
            min_cacheable_tokens: raw.min_cacheable_tokens,
            cache_storage: raw
                .cache_storage
                .map(|r| self.price(&field.key("cache_storage"), r))
                .transpose()?,
            per_request: prices.per_request,
            context_window: raw.context_window,
            extended_context_window: raw.extended_context_window,
            max_output_tokens: raw.max_output_tokens,
            deprecation_date,
            successor: raw.successor,
            history,
        })
    }
    /// Regional endpoints and the multiplier each puts on every token rate.
    fn regions(
        &self,
        field: &Field,
        raw: BTreeMap<String, ExactDecimal>,
    ) -> Result<BTreeMap<String, Decimal>, InputError> {
        raw.into_iter()
            .map(|(name, m)| {
                let at = field.key("regions").key(&name);
                let multiplier = self.price(&at, m)?;
                if !region_multiplier_in_range(multiplier) {
                    return Err(self.src.error(
                        &at,
                        format!(
                            "multiplier {multiplier} is out of range; a region multiplies every token rate by \
                             more than 0 and at most 10 (1.1 for a 10% uplift)"
                        ),
                    ));
                }
                Ok((name, multiplier))
            })
            .collect()
    }

    /// One period's rates and days (a model without periods is one open period).
    fn period(&self, field: &Field, raw: RawPeriod) -> Result<PricePeriod, InputError> {
        let date = |key: &str, d: Option<String>| d.map(|d| parse_date(self.src, &field.key(key), &d)).transpose();
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
        Ok(PricePeriod {
            from: date("from", raw.from)?,
            until: date("until", raw.until)?,
            standard,
            batch: self.batch(&field.key("batch"), raw.batch)?,
            long_context: raw
                .long_context
                .map(|lc| self.long_context(&field.key("long_context"), lc))
                .transpose()?,
            per_request: raw
                .per_request
                .map(|p| self.price(&field.key("per_request"), p))
                .transpose()?
                .unwrap_or_default(),
            tiers: self.tiers(field, raw.priority, raw.flex)?,
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
        let tiers = self.tiers(field, raw.priority, raw.flex)?;
        Ok(LongContext {
            above_tokens: raw.above_tokens,
            rates,
            batch,
            tiers,
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

    fn batch(&self, field: &Field, raw: Option<RawBatch>) -> Result<ClassRates, InputError> {
        let Some(raw) = raw else {
            return Ok(ClassRates::default());
        };
        let opt = |key: &str, v: Option<ExactDecimal>| v.map(|p| self.price(&field.key(key), p)).transpose();
        Ok(ClassRates {
            input: opt("input", raw.input)?,
            output: opt("output", raw.output)?,
            cached_input: opt("cached_input", raw.cached_input)?,
            cache_write: opt("cache_write", raw.cache_write)?,
        })
    }

    /// The priority and flex sections: each, when given, with its input and
    /// output rates (the tariff scales only the cache rates it leaves out).
    fn tiers(
        &self,
        field: &Field,
        priority: Option<RawBatch>,
        flex: Option<RawBatch>,
    ) -> Result<ServiceTiers, InputError> {
        let tier = |name: &str, raw: Option<RawBatch>| -> Result<Option<ClassRates>, InputError> {
            let Some(raw) = raw else { return Ok(None) };
            let at = field.key(name);
            let rates = self.batch(&at, Some(raw))?;
            for (key, rate) in [("input", rates.input), ("output", rates.output)] {
                if rate.is_none() {
                    return Err(self.src.error(
                        &at,
                        format!(
                            "the {name} tier lists no `{key}` rate; a service tier gives at least its input and \
                             output rates (docs/service-tiers.md)"
                        ),
                    ));
                }
            }
            Ok(Some(rates))
        };
        Ok(ServiceTiers {
            priority: tier("priority", priority)?,
            flex: tier("flex", flex)?,
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
        // `b` lists (line 12) `a`, the id of the model on line 6.
        let e = load(&format!(
            "{HEAD}models:\n  a:\n    provider: p\n    input: 1\n    output: 1\n  b:\n    provider: p\n    aliases: [a]\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(12));
        assert_eq!(e.field.as_deref(), Some("models.b.aliases[0]"));
        assert_eq!(
            e.message,
            "alias `a` of model `b` is already the id of model `a` (first at line 6); ids and aliases must each name one model"
        );
    }

    #[test]
    fn a_model_listing_its_own_id_as_an_alias_is_located() {
        let e = load(&format!(
            "{HEAD}models:\n  m:\n    provider: p\n    aliases:\n      - m-latest\n      - m\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(10));
        assert_eq!(e.field.as_deref(), Some("models.m.aliases[1]"));
        assert_eq!(e.message, "model `m` lists its own id `m` as an alias");
        assert!(e.hint.is_some_and(|h| h.contains("remove `m` from the aliases")));
    }

    #[test]
    fn an_alias_listed_twice_names_both_lines() {
        let e = load(&format!(
            "{HEAD}models:\n  m:\n    provider: p\n    aliases:\n      - x\n      - y\n      - x\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(11));
        assert_eq!(e.message, "model `m` lists the alias `x` twice (first at line 9)");
    }

    #[test]
    fn an_alias_two_models_share_is_refused_at_the_second() {
        // models load in id order: `a` keeps `x`, `b` is refused.
        let e = load(&format!(
            "{HEAD}models:\n  b:\n    provider: p\n    aliases: [x]\n    input: 1\n    output: 1\n  a:\n    provider: p\n    aliases: [y, x]\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(8));
        assert_eq!(e.field.as_deref(), Some("models.b.aliases[0]"));
        assert!(
            e.message
                .starts_with("alias `x` of model `b` is already an alias of model `a` (first at line 13)"),
            "{e}"
        );
    }

    #[test]
    fn an_id_equal_to_an_earlier_alias_is_refused() {
        let e = load(&format!(
            "{HEAD}models:\n  a:\n    provider: p\n    aliases: [b]\n    input: 1\n    output: 1\n  b:\n    provider: p\n    input: 1\n    output: 1\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(11));
        assert_eq!(e.field.as_deref(), Some("models.b"));
        assert!(
            e.message
                .starts_with("id `b` of model `b` is already an alias of model `a` (first at line 8)"),
            "{e}"
        );
    }

    #[test]
    fn dates_must_be_dates() {
        let e = load("name: t\nas_of: November\ncurrency: USD\nsource: s\nmodels: {}\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
    }
}
