//! Writing a catalog as YAML that `load` reads back to the same models: prices
//! as plain, unquoted exact decimals (`2.5`, never `"2.5"` or `2.4999999`),
//! fields in the order the shipped catalogs use, names quoted only where YAML
//! would read them as something else (`crate::yaml_writer`).

use super::catalog::{ClassRates, LongContext, Model, RateCard, ServiceTiers};
use crate::money::exact;
use crate::yaml_writer::{Document, quoted, scalar};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// What a catalog file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub as_of: NaiveDate,
    pub currency: String,
    pub source: String,
    /// Comment lines written above the header (without `# `).
    pub comments: Vec<String>,
}

/// The catalog document for `header` and `models`, in the order given.
pub fn to_yaml(header: &Header, models: &[Model]) -> String {
    let mut w = Yaml(Document::with_capacity(models.len() * 320 + 512));
    for line in &header.comments {
        w.0.comment(line);
    }
    w.field(0, "name", &scalar(&header.name));
    w.field(0, "as_of", &header.as_of.to_string());
    w.field(0, "currency", &scalar(&header.currency));
    w.field(0, "source", &quoted(&header.source));
    w.line(0, "models:");
    for model in models {
        w.model(model);
    }
    w.0.into_text()
}

/// A catalog document: prices and counts as the loader reads them.
struct Yaml(Document);

impl Yaml {
    fn line(&mut self, indent: usize, text: &str) {
        self.0.line(indent, text);
    }

    fn field(&mut self, indent: usize, key: &str, value: &str) {
        self.0.field(indent, key, value);
    }

    fn price(&mut self, indent: usize, key: &str, value: Option<Decimal>) {
        if let Some(v) = value {
            self.field(indent, key, &exact(v));
        }
    }

    fn count(&mut self, indent: usize, key: &str, value: Option<u64>) {
        if let Some(v) = value {
            self.field(indent, key, &v.to_string());
        }
    }

    fn model(&mut self, m: &Model) {
        self.line(2, &format!("{}:", scalar(&m.id)));
        self.field(4, "provider", &scalar(&m.provider));
        if !m.aliases.is_empty() {
            let aliases: Vec<Cow<str>> = m.aliases.iter().map(|a| scalar(a)).collect();
            self.field(4, "aliases", &format!("[{}]", aliases.join(", ")));
        }
        match &m.history {
            None => self.rates(
                4,
                Rates {
                    standard: &m.standard,
                    per_request: m.per_request,
                    batch: &m.batch,
                    tiers: &m.tiers,
                    long_context: m.long_context.as_ref(),
                },
            ),
            Some(history) => {
                self.line(4, "periods:");
                for p in &history.periods {
                    let mut item = Yaml(Document::with_capacity(256));
                    if let Some(from) = p.from {
                        item.field(8, "from", &from.to_string());
                    }
                    if let Some(until) = p.until {
                        item.field(8, "until", &until.to_string());
                    }
                    item.rates(
                        8,
                        Rates {
                            standard: &p.standard,
                            per_request: p.per_request,
                            batch: &p.batch,
                            tiers: &p.tiers,
                            long_context: p.long_context.as_ref(),
                        },
                    );
                    // A list item: its first line carries the dash.
                    for (i, line) in item.0.into_text().lines().enumerate() {
                        let line = if i == 0 {
                            format!("      - {}", &line[8..])
                        } else {
                            line.to_string()
                        };
                        self.line(0, &line);
                    }
                }
            }
        }
        self.price(4, "reasoning_ratio", m.reasoning_ratio);
        self.count(4, "min_cacheable_tokens", m.min_cacheable_tokens);
        self.price(4, "cache_storage", m.cache_storage);
        if !m.regions.is_empty() {
            self.line(4, "regions:");
            for (name, multiplier) in &m.regions {
                self.field(6, &scalar(name), &exact(*multiplier));
            }
        }
        self.count(4, "context_window", m.context_window);
        self.count(4, "extended_context_window", m.extended_context_window);
        self.count(4, "max_output_tokens", m.max_output_tokens);
        if let Some(date) = m.deprecation_date {
            self.field(4, "deprecation_date", &date.to_string());
        }
        if let Some(successor) = &m.successor {
            self.field(4, "successor", &scalar(successor));
        }
    }

    /// The rates of a model, or of one of its periods.
    fn rates(&mut self, indent: usize, r: Rates) {
        self.card(indent, r.standard);
        self.price(indent, "per_request", Some(r.per_request).filter(|p| !p.is_zero()));
        self.batch(indent, r.batch);
        self.tiers(indent, r.tiers);
        if let Some(lc) = r.long_context {
            self.line(indent, "long_context:");
            self.field(indent + 2, "above_tokens", &lc.above_tokens.to_string());
            self.card(indent + 2, &lc.rates);
            self.batch(indent + 2, &lc.batch);
            self.tiers(indent + 2, &lc.tiers);
        }
    }

    fn card(&mut self, indent: usize, c: &RateCard) {
        self.price(indent, "input", Some(c.input));
        self.price(indent, "output", Some(c.output));
        self.price(indent, "cached_input", c.cached_input);
        self.price(indent, "cache_write", c.cache_write);
        self.price(indent, "cache_write_1h", c.cache_write_1h);
        self.price(indent, "reasoning", c.reasoning);
    }

    fn batch(&mut self, indent: usize, b: &ClassRates) {
        if *b != ClassRates::default() {
            self.class(indent, "batch", b);
        }
    }

    fn tiers(&mut self, indent: usize, tiers: &ServiceTiers) {
        for (name, rates) in [("priority", &tiers.priority), ("flex", &tiers.flex)] {
            if let Some(rates) = rates {
                self.class(indent, name, rates);
            }
        }
    }

    fn class(&mut self, indent: usize, name: &str, b: &ClassRates) {
        self.line(indent, &format!("{name}:"));
        self.price(indent + 2, "input", b.input);
        self.price(indent + 2, "output", b.output);
        self.price(indent + 2, "cached_input", b.cached_input);
        self.price(indent + 2, "cache_write", b.cache_write);
    }
}

/// The rates a model, or one of its periods, lists.
struct Rates<'a> {
    standard: &'a RateCard,
    per_request: Decimal,
    batch: &'a ClassRates,
    tiers: &'a ServiceTiers,
    long_context: Option<&'a LongContext>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;

    fn header() -> Header {
        Header {
            name: "t".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 9, 29).unwrap(),
            currency: "USD".into(),
            source: "test: \"quoted\"".into(),
            comments: vec!["A comment.".into()],
        }
    }

    #[test]
    fn round_trips_through_the_loader() {
        let text = "name: t\nas_of: 2026-09-29\ncurrency: USD\nsource: s\nmodels:
  \"odd: name\":
    provider: anthropic
    aliases: [\"yes\", odd]
    input: 0.000123456789012345678
    output: 15
    cached_input: 0.3
    cache_write: 3.75
    cache_write_1h: 6
    reasoning: 15
    reasoning_ratio: 0.5
    min_cacheable_tokens: 1024
    cache_storage: 4.5
    per_request: 0.01
    batch: {input: 1.5, cache_write: 1.875}
    priority: {input: 6, output: 30, cached_input: 0.6}
    flex: {input: 1.5, output: 7.5}
    regions: {us: 1.1, \"eu: west\": 1.25}
    long_context:
      above_tokens: 200000
      input: 6
      output: 22.5
      batch: {input: 3}
      priority: {input: 12, output: 45}
    context_window: 1000000
    max_output_tokens: 64000
    deprecation_date: 2026-11-30
    successor: \"next: one\"
";
        let original = Catalog::from_source(&Source::new("a.yaml", text)).unwrap();
        let written = to_yaml(&header(), &original.models);
        assert!(
            written.starts_with("# A comment.\nname: t\nas_of: 2026-09-29\n"),
            "{written}"
        );
        assert!(written.contains("    input: 0.000123456789012345678\n"), "{written}");
        assert!(written.contains("    aliases: [\"yes\", odd]\n"), "{written}");
        let back = Catalog::from_source(&Source::new("b.yaml", written.clone())).unwrap();
        assert_eq!(back.models, original.models, "{written}");
        assert_eq!(back.source, "test: \"quoted\"");
    }
}
