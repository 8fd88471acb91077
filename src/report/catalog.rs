//! How the `catalog` commands read: a catalog's models (`list`), one model's
//! prices and limits (`show`), one row per model and price (`export`), and the
//! implausible prices of checked catalogs (`validate`).

use super::{Block, Document, Records, Report, TableBlock};
use crate::money::exact;
use crate::pricing::{Catalog, Implausible, ListedRate, Model};
use crate::tariff::cache_minimum;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

/// The CSV columns of `catalog export`, in order; documented in docs/catalogs.md.
pub const EXPORT_COLUMNS: [&str; 10] = [
    "catalog",
    "as_of",
    "currency",
    "model",
    "provider",
    "aliases",
    "rate",
    "price",
    "unit",
    "above_tokens",
];

/// The CSV columns of `catalog list`.
const LIST_COLUMNS: [&str; 16] = [
    "model",
    "provider",
    "aliases",
    "input",
    "output",
    "cached_input",
    "cache_write",
    "cache_write_1h",
    "reasoning",
    "batch_input",
    "batch_output",
    "context_window",
    "max_output_tokens",
    "deprecation_date",
    "successor",
    "currency",
];

/// The CSV columns of `catalog validate`.
const VALIDATE_COLUMNS: [&str; 7] = ["file", "catalog", "model", "field", "value", "unit", "expected"];

fn price(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".into(), exact)
}

fn cell(value: Option<Decimal>) -> String {
    value.map_or_else(String::new, exact)
}

fn count(value: Option<u64>) -> String {
    value.map_or_else(String::new, |n| crate::figures::tokens(Decimal::from(n)))
}

fn catalog_facts(c: &Catalog) -> Block {
    Block::Facts(vec![
        (
            "Catalog".into(),
            format!("{}, prices as of {}, {} ({})", c.name, c.as_of, c.currency, c.file),
        ),
        ("Price source".into(), c.source.clone()),
    ])
}

fn catalog_json(c: &Catalog) -> serde_json::Value {
    json!({ "name": c.name, "as_of": c.as_of.to_string(), "currency": c.currency, "source": c.source, "file": c.file })
}

/// The models of a catalog that a selection picked.
pub struct CatalogListing<'a> {
    pub catalog: &'a Catalog,
    pub models: Vec<&'a Model>,
}

impl Report for CatalogListing<'_> {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "{}: {} of {} models, per 1M tokens",
            self.catalog.name,
            self.models.len(),
            self.catalog.models.len()
        )));
        doc.push(catalog_facts(self.catalog));
        let mut table = TableBlock::numeric(&[
            "Model",
            "Provider",
            "Input",
            "Output",
            "Cached input",
            "Cache write",
            "Batch in",
            "Batch out",
            "Context",
            "Deprecated",
        ])
        .left_columns(2);
        for m in &self.models {
            table.row(vec![
                m.id.clone(),
                m.provider.clone(),
                exact(m.standard.input),
                exact(m.standard.output),
                price(m.standard.cached_input),
                price(m.standard.cache_write),
                price(m.batch.input),
                price(m.batch.output),
                count(m.context_window),
                m.deprecation_date.map_or_else(String::new, |d| d.to_string()),
            ]);
        }
        doc.push(Block::Table(table));
        doc
    }

    fn records(&self) -> Records {
        let rows = self
            .models
            .iter()
            .map(|m| {
                vec![
                    m.id.clone(),
                    m.provider.clone(),
                    m.aliases.join(" "),
                    exact(m.standard.input),
                    exact(m.standard.output),
                    cell(m.standard.cached_input),
                    cell(m.standard.cache_write),
                    cell(m.standard.cache_write_1h),
                    cell(m.standard.reasoning),
                    cell(m.batch.input),
                    cell(m.batch.output),
                    m.context_window.map_or_else(String::new, |n| n.to_string()),
                    m.max_output_tokens.map_or_else(String::new, |n| n.to_string()),
                    m.deprecation_date.map_or_else(String::new, |d| d.to_string()),
                    m.successor.clone().unwrap_or_default(),
                    self.catalog.currency.clone(),
                ]
            })
            .collect();
        Records {
            headers: LIST_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        Ok(json!({
            "catalog": catalog_json(self.catalog),
            "models": self.models.iter().map(|m| model_json(m)).collect::<Vec<_>>(),
        }))
    }
}

fn model_json(m: &Model) -> serde_json::Value {
    json!({
        "id": m.id,
        "provider": m.provider,
        "aliases": m.aliases,
        "rates": m.listed_rates(),
        "reasoning_ratio": m.reasoning_ratio,
        "min_cacheable_tokens": m.min_cacheable_tokens,
        "context_window": m.context_window,
        "extended_context_window": m.extended_context_window,
        "max_output_tokens": m.max_output_tokens,
        "deprecation_date": m.deprecation_date.map(|d| d.to_string()),
        "successor": m.successor,
    })
}

/// One model of a catalog, every price and limit.
pub struct ModelSheet<'a> {
    pub catalog: &'a Catalog,
    pub model: &'a Model,
}

fn rate_row(r: &ListedRate) -> Vec<String> {
    vec![
        r.rate.to_string(),
        exact(r.price),
        r.unit.label().to_string(),
        r.above_tokens.map_or_else(String::new, |n| {
            format!("input above {}", crate::figures::tokens(Decimal::from(n)))
        }),
    ]
}

impl Report for ModelSheet<'_> {
    fn document(&self) -> Document {
        let m = self.model;
        let mut doc = Document::default();
        doc.push(Block::Title(format!("{} ({})", m.id, self.catalog.name)));
        let mut facts = vec![("Provider".to_string(), m.provider.clone())];
        let mut fact = |label: &str, value: Option<String>| {
            if let Some(v) = value {
                facts.push((label.to_string(), v));
            }
        };
        fact("Aliases", (!m.aliases.is_empty()).then(|| m.aliases.join(", ")));
        fact("Context window", m.context_window.map(|n| count(Some(n))));
        fact(
            "Extended window",
            m.extended_context_window
                .map(|n| format!("{} (on request)", count(Some(n)))),
        );
        fact("Max output", m.max_output_tokens.map(|n| count(Some(n))));
        let minimum = cache_minimum(m);
        fact(
            "Min cacheable prefix",
            (minimum.tokens > 0).then(|| format!("{} ({})", count(Some(minimum.tokens)), minimum.says())),
        );
        fact(
            "Reasoning ratio",
            m.reasoning_ratio
                .map(|r| format!("{} reasoning tokens per output token", exact(r))),
        );
        fact("Deprecation date", m.deprecation_date.map(|d| d.to_string()));
        fact("Successor", m.successor.clone());
        fact(
            "Price periods",
            m.history.as_ref().map(|h| {
                let periods: Vec<String> = h.periods.iter().map(|p| p.summary()).collect();
                format!(
                    "{}; the rates below are those of {}",
                    periods.join("; "),
                    self.catalog.as_of
                )
            }),
        );
        doc.push(Block::Facts(facts));
        doc.push(catalog_facts(self.catalog));
        let mut table = TableBlock::numeric(&["Rate", "Price", "Unit", "Applies"]);
        table.align[2] = super::Align::Left;
        table.align[3] = super::Align::Left;
        for r in m.listed_rates() {
            table.row(rate_row(&r));
        }
        doc.push(Block::Table(table));
        doc.push(Block::Notes(self.catalog.price_warnings(m)));
        doc
    }

    fn records(&self) -> Records {
        Records {
            headers: vec!["rate", "price", "unit", "above_tokens", "currency"],
            rows: self
                .model
                .listed_rates()
                .iter()
                .map(|r| {
                    vec![
                        r.rate.to_string(),
                        exact(r.price),
                        r.unit.label().to_string(),
                        r.above_tokens.map_or_else(String::new, |n| n.to_string()),
                        self.catalog.currency.clone(),
                    ]
                })
                .collect(),
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        Ok(json!({ "catalog": catalog_json(self.catalog), "model": model_json(self.model) }))
    }
}

/// Every price of a catalog, one row per model and rate.
pub struct RateExport<'a> {
    pub catalog: &'a Catalog,
}

impl Report for RateExport<'_> {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("{}: every price", self.catalog.name)));
        doc.push(catalog_facts(self.catalog));
        let mut table = TableBlock::numeric(&["Model", "Rate", "Price", "Unit", "Applies"]).left_columns(2);
        table.align[3] = super::Align::Left;
        table.align[4] = super::Align::Left;
        for m in &self.catalog.models {
            for r in m.listed_rates() {
                let mut row = vec![m.id.clone()];
                row.extend(rate_row(&r));
                table.row(row);
            }
        }
        doc.push(Block::Table(table));
        doc
    }

    fn records(&self) -> Records {
        let c = self.catalog;
        let mut rows = Vec::new();
        for m in &c.models {
            for r in m.listed_rates() {
                rows.push(vec![
                    c.name.clone(),
                    c.as_of.to_string(),
                    c.currency.clone(),
                    m.id.clone(),
                    m.provider.clone(),
                    m.aliases.join(" "),
                    r.rate.to_string(),
                    exact(r.price),
                    r.unit.label().to_string(),
                    r.above_tokens.map_or_else(String::new, |n| n.to_string()),
                ]);
            }
        }
        Records {
            headers: EXPORT_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        let rows: Vec<serde_json::Value> = self
            .catalog
            .models
            .iter()
            .flat_map(|m| {
                m.listed_rates().into_iter().map(move |r| {
                    json!({ "model": m.id, "provider": m.provider, "aliases": m.aliases, "rate": r.rate,
                            "price": r.price, "unit": r.unit, "above_tokens": r.above_tokens })
                })
            })
            .collect();
        Ok(json!({ "catalog": catalog_json(self.catalog), "rates": rows }))
    }
}

/// One catalog that `validate` read.
#[derive(Debug, Clone, Serialize)]
pub struct ValidatedCatalog {
    pub file: String,
    pub name: String,
    pub as_of: String,
    pub models: usize,
    pub warnings: Vec<Implausible>,
}

/// The catalogs `validate` read, and their implausible prices.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub catalogs: Vec<ValidatedCatalog>,
}

impl Report for Validation {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        let warnings: usize = self.catalogs.iter().map(|c| c.warnings.len()).sum();
        doc.push(Block::Title(format!(
            "{} valid catalog{}, {warnings} implausible price{}",
            self.catalogs.len(),
            if self.catalogs.len() == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        )));
        doc.push(Block::Facts(
            self.catalogs
                .iter()
                .map(|c| {
                    (
                        c.file.clone(),
                        format!(
                            "{}, as of {}: {} models, {} warning{}",
                            c.name,
                            c.as_of,
                            c.models,
                            c.warnings.len(),
                            if c.warnings.len() == 1 { "" } else { "s" }
                        ),
                    )
                })
                .collect(),
        ));
        if warnings > 0 {
            let mut table =
                TableBlock::numeric(&["Catalog", "Model", "Field", "Value", "Unit", "Expected"]).left_columns(3);
            table.align[4] = super::Align::Left;
            table.align[5] = super::Align::Left;
            for c in &self.catalogs {
                for w in &c.warnings {
                    table.row(vec![
                        c.name.clone(),
                        w.model.clone(),
                        w.field.to_string(),
                        exact(w.value),
                        w.unit.to_string(),
                        w.expected.clone(),
                    ]);
                }
            }
            doc.push(Block::Heading("Implausible prices".into()));
            doc.push(Block::Table(table));
        }
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for c in &self.catalogs {
            for w in &c.warnings {
                rows.push(vec![
                    c.file.clone(),
                    c.name.clone(),
                    w.model.clone(),
                    w.field.to_string(),
                    exact(w.value),
                    w.unit.to_string(),
                    w.expected.clone(),
                ]);
            }
        }
        Records {
            headers: VALIDATE_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
