//! `--format focus`: a plan as FOCUS rows, the FinOps Foundation's open
//! billing format (FinOps Open Cost and Usage Specification, version 1.2:
//! github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag `v1.2`, commit
//! `7296e3146fb931ee32b6496fa6e4200e7f4384f7`, `specification/columns/`), so a
//! FinOps tool can hold the plan next to the bill. docs/output-formats.md
//! says what each column holds.
//!
//! One row per line of a strategy's bill (`explain`'s lines: a tier, a kind
//! of call, a model, a part of the bill and a billing class), and one per
//! tier for the people handling what no model served. Every one of the
//! specification's 57 columns is written, in its order (alphabetical), empty
//! where it does not apply. The strategies of a plan are alternatives: each
//! is its own sub account, and a strategy's rows add up to its total.

use super::csv::{CsvCells, line};
use crate::engine::{Role, SimulationReport};
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use crate::tariff::{BillLine, Mode, Part};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde_json::json;

/// The specification's columns, in its order.
pub const COLUMNS: [&str; 57] = [
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingAccountType",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "Tags",
];

/// Tokens a rate is quoted for: the catalogs' "per 1M tokens".
const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// A report that is no plan was asked for as FOCUS rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--format focus writes the bill of a plan: use it with `simulate`")]
pub struct NotABill;

/// The exporter of every report but a plan's (`simulate` writes its rows with [`plan_csv`]).
pub struct FocusExporter;

impl super::Exporter for FocusExporter {
    fn export(&self, _: &dyn super::Report) -> anyhow::Result<String> {
        Err(NotABill.into())
    }
}

/// The month a plan's rows are dated: the month of the catalog's `as_of`
/// date (the prices the plan is at); `None` when that is no date.
fn period(as_of: &str) -> Option<(NaiveDate, NaiveDate)> {
    let day = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").ok()?;
    let start = day.with_day0(0)?;
    Some((start, start.checked_add_months(Months::new(1))?))
}

/// One row: a value for each of [`COLUMNS`] by name; the others stay empty.
struct Row(Vec<(&'static str, String)>);

impl Row {
    fn cells(&self) -> Vec<String> {
        COLUMNS
            .iter()
            .map(|c| {
                self.0
                    .iter()
                    .find(|(name, _)| name == c)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// What every row of one strategy shares.
struct Common<'a> {
    report: &'a SimulationReport,
    strategy: &'a str,
    tier: &'a str,
    start: String,
    end: String,
}

impl Common<'_> {
    fn row(&self, cost: Decimal, values: Vec<(&'static str, String)>) -> Row {
        let cost = cost.normalize().to_string();
        let mut all = vec![
            ("BilledCost", cost.clone()),
            ("BillingAccountId", format!("llmcost:{}", self.report.scenario.name)),
            ("BillingAccountName", self.report.scenario.name.clone()),
            ("BillingAccountType", "Plan".into()),
            ("BillingCurrency", self.report.catalog.currency.clone()),
            ("BillingPeriodEnd", self.end.clone()),
            ("BillingPeriodStart", self.start.clone()),
            ("ChargeCategory", "Usage".into()),
            ("ChargeFrequency", "Usage-Based".into()),
            ("ChargePeriodEnd", self.end.clone()),
            ("ChargePeriodStart", self.start.clone()),
            ("ContractedCost", cost.clone()),
            ("EffectiveCost", cost.clone()),
            ("ListCost", cost),
            ("PricingCategory", "Standard".into()),
            (
                "SubAccountId",
                format!("llmcost:{}:{}", self.report.scenario.name, self.strategy),
            ),
            ("SubAccountName", self.strategy.to_string()),
            ("SubAccountType", "Strategy".into()),
        ];
        all.extend(values);
        Row(all)
    }
}

/// The unit a part of the bill is priced and consumed in.
fn units(part: Part) -> (&'static str, &'static str) {
    match part {
        Part::Fee => ("Requests", "Requests"),
        _ => ("1000000 Tokens", "Tokens"),
    }
}

/// The direction of a part's tokens and what the cache did with them.
fn direction(part: Part) -> (&'static str, &'static str) {
    match part {
        Part::Input => ("input", "none"),
        Part::CacheRead => ("input", "read"),
        Part::CacheWrite => ("input", "write"),
        Part::Output => ("output", "none"),
        Part::Reasoning => ("output (reasoning)", "none"),
        Part::Fee => ("none", "none"),
    }
}

/// The row of one bill line of `calls` calls a month on `model` (of `provider`).
fn line_row(common: &Common, role: Role, model: &str, provider: &str, long: bool, l: &BillLine, calls: Decimal) -> Row {
    let (pricing_unit, consumed_unit) = units(l.part);
    let consumed = (l.weight * l.quantity * calls).normalize();
    let pricing = match l.part {
        Part::Fee => consumed,
        _ => (consumed / PER_MILLION).normalize(),
    };
    let (tokens, cache) = direction(l.part);
    let price_id = format!(
        "{model}:{}:{}{}",
        l.part.name(),
        l.mode.name(),
        if long { ":long-context" } else { "" }
    );
    let details = json!({
        "x_Model": model,
        "x_TokenDirection": tokens,
        "x_CacheAction": cache,
        "x_BillingClass": l.mode.name(),
        "x_LongContext": long,
    });
    let tags = json!({
        "x_llmcost_strategy": common.strategy,
        "x_llmcost_tier": common.tier,
        "x_llmcost_call": role.name(),
    });
    let batch = if l.mode == Mode::Batch { ", batch" } else { "" };
    common.row(
        l.monthly(calls),
        vec![
            (
                "ChargeDescription",
                format!(
                    "{model} {} ({} calls{batch}), tier {}",
                    l.part.label(),
                    role.name(),
                    common.tier
                ),
            ),
            ("ConsumedQuantity", consumed.to_string()),
            ("ConsumedUnit", consumed_unit.into()),
            ("ContractedUnitPrice", l.rate.normalize().to_string()),
            ("InvoiceIssuerName", provider.into()),
            ("ListUnitPrice", l.rate.normalize().to_string()),
            ("PricingQuantity", pricing.to_string()),
            ("PricingUnit", pricing_unit.into()),
            ("ProviderName", provider.into()),
            ("PublisherName", provider.into()),
            ("ServiceCategory", "AI and Machine Learning".into()),
            ("ServiceName", provider.into()),
            ("ServiceSubcategory", "Generative AI".into()),
            ("SkuId", model.into()),
            ("SkuMeter", l.part.label().into()),
            ("SkuPriceDetails", details.to_string()),
            ("SkuPriceId", price_id),
            ("Tags", tags.to_string()),
        ],
    )
}

/// The row of the people who handle a tier's requests no model served, at `each` a request.
fn people_row(common: &Common, escalations: Decimal, each: Decimal, cost: Decimal) -> Row {
    let tags = json!({
        "x_llmcost_strategy": common.strategy,
        "x_llmcost_tier": common.tier,
        "x_llmcost_call": "escalation",
    });
    common.row(
        cost,
        vec![
            (
                "ChargeDescription",
                format!("requests no model served, handled by a person, tier {}", common.tier),
            ),
            ("ConsumedQuantity", escalations.normalize().to_string()),
            ("ConsumedUnit", "Requests".into()),
            ("ContractedUnitPrice", each.normalize().to_string()),
            ("InvoiceIssuerName", "people".into()),
            ("ListUnitPrice", each.normalize().to_string()),
            ("PricingQuantity", escalations.normalize().to_string()),
            ("PricingUnit", "Requests".into()),
            ("ProviderName", "people".into()),
            ("PublisherName", "people".into()),
            ("ServiceCategory", "Other".into()),
            ("ServiceName", "escalation".into()),
            ("ServiceSubcategory", "Other (Other)".into()),
            ("Tags", tags.to_string()),
        ],
    )
}

/// A plan as FOCUS CSV: every strategy's bill, line by line; `report` is
/// `scenario` priced with `catalog`.
pub fn plan_csv(
    report: &SimulationReport,
    scenario: &Scenario,
    catalog: &Catalog,
    cells: CsvCells,
) -> anyhow::Result<String> {
    let provider = |id: &str| catalog.find(id).map(|m| m.provider.clone()).unwrap_or_default();
    let Some((start, end)) = period(&report.catalog.as_of) else {
        anyhow::bail!(
            "catalog {}: `as_of` {:?} is not a date; FOCUS rows are dated by it",
            report.catalog.name,
            report.catalog.as_of
        );
    };
    let time = |d: NaiveDate| format!("{}T00:00:00Z", d.format("%Y-%m-%d"));
    let mut bytes = line(&COLUMNS, cells)?;
    for (strategy, planned) in report.strategies.iter().zip(&scenario.strategies) {
        let escalation = planned.fallback.as_ref().map_or(Decimal::ZERO, |f| f.escalation_cost);
        for tier in &strategy.tiers {
            let common = Common {
                report,
                strategy: &strategy.name,
                tier: &tier.tier,
                start: time(start),
                end: time(end),
            };
            for served in &tier.served {
                let provider = provider(&served.model);
                for l in &served.bill.lines {
                    if l.quantity.is_zero() || l.weight.is_zero() {
                        continue;
                    }
                    let row = line_row(
                        &common,
                        served.role,
                        &served.model,
                        &provider,
                        served.bill.long_context,
                        l,
                        served.requests,
                    );
                    bytes.extend(line(&row.cells(), cells)?);
                }
            }
            if !tier.components.human.is_zero() {
                let row = people_row(&common, tier.escalations, escalation, tier.components.human);
                bytes.extend(line(&row.cells(), cells)?);
            }
        }
    }
    Ok(String::from_utf8(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_dated_the_month_of_its_prices() {
        let (start, end) = period("2025-11-14").unwrap();
        assert_eq!(start.to_string(), "2025-11-01");
        assert_eq!(end.to_string(), "2025-12-01");
        assert_eq!(period("2025-12-31").unwrap().1.to_string(), "2026-01-01");
        assert!(period("November").is_none());
    }

    #[test]
    fn the_columns_are_in_alphabetical_order_once_each() {
        let mut sorted = COLUMNS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, COLUMNS.to_vec());
    }
}
