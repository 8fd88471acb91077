//! `--format focus`: a plan as FOCUS rows, the FinOps Foundation's open
//! billing format (FinOps Open Cost and Usage Specification, version 1.2:
//! github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag `v1.2`, commit
//! `7296e3146fb931ee32b6496fa6e4200e7f4384f7`, `specification/columns/`), so a
//! FinOps tool can hold the plan next to the bill. docs/output-formats.md
//! says what each column holds.
//!
//! A plan (`simulate`) or a replay of logs (`replay`): one row per line of a
//! strategy's bill summed over its calls (`engine::Charges`: a tier, a kind
//! of call, a model, a part of the bill, a billing class and a rate), and one
//! per tier for the people handling what no model served; for a self-hosted
//! strategy of a plan, its rent in accelerator-hours and its overhead; for a
//! provisioned or committed-spend strategy, its commitment's rows
//! (`focus_commitment`). Every one of the
//! specification's 57 columns is written, in its order (alphabetical), empty
//! where it does not apply. The strategies are alternatives: each is its own
//! sub account, and a strategy's rows add up to its total. A forecast
//! (`forecast`): the month to date's rows and the rest of the month's,
//! marked as forecast ([`forecast_csv`]).

use super::csv::{CsvCells, line};
use super::focus_commitment::{Commitment, commitment_rows};
use crate::engine::{Charge, Charges, Escalated, ReplayReport, SimulationReport};
use crate::pricing::{Catalog, SELF_HOSTED as PROVIDER};
use crate::scenario::Scenario;
use crate::tariff::{CapacityBill, Mode, Part, StorageBill};
use crate::usage::forecast::{Forecast, Month};
use chrono::NaiveDate;
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

/// A report that is no bill was asked for as FOCUS rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--format focus writes the bill of a plan, of replayed logs or of a forecast: use it with `simulate`, `replay` or `forecast`"
)]
pub struct NotABill;

/// The exporter of every report but the bills (`simulate` and `replay` write
/// their rows with [`plan_csv`] and [`replay_csv`]).
pub struct FocusExporter;

impl super::Exporter for FocusExporter {
    fn export(&self, _: &dyn super::Report) -> anyhow::Result<String> {
        Err(NotABill.into())
    }
}

/// The month a plan's rows are dated: the month of the catalog's `as_of`
/// date (the prices the plan is at); `None` when that is no date.
fn period(as_of: &str) -> Option<(NaiveDate, NaiveDate)> {
    let month = Month::of(NaiveDate::parse_from_str(as_of, "%Y-%m-%d").ok()?);
    Some((month.first, month.end()))
}

/// One row: a value for each of [`COLUMNS`] by name; the others stay empty.
pub(super) struct Row(Vec<(&'static str, String)>);

impl Row {
    /// The row with `column` holding `value` instead.
    pub(super) fn set(mut self, column: &'static str, value: String) -> Self {
        match self.0.iter_mut().find(|(name, _)| *name == column) {
            Some(cell) => cell.1 = value,
            None => self.0.push((column, value)),
        }
        self
    }

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

/// What the rows of one run share: the account, the currency, the period.
pub(super) struct Account<'a> {
    /// The scenario's name.
    name: &'a str,
    /// `Plan` or `Replay`.
    kind: &'static str,
    pub(super) currency: &'a str,
    start: String,
    end: String,
}

/// What every row of one strategy shares.
pub(super) struct Common<'a> {
    pub(super) account: &'a Account<'a>,
    strategy: &'a str,
    /// The strategy's region, when it names one (`RegionId`, `RegionName`).
    region: Option<&'a str>,
    /// The rows' charge period when it is not the billing period (a
    /// forecast's month to date and rest of the month).
    period: Option<(String, String)>,
    /// Rows of a forecast's rest of the month: expected, not billed.
    forecast: bool,
}

impl Common<'_> {
    pub(super) fn row(&self, cost: Decimal, values: Vec<(&'static str, String)>) -> Row {
        let account = self.account;
        let cost = cost.normalize().to_string();
        let mut all = vec![
            ("BilledCost", cost.clone()),
            ("BillingAccountId", format!("llmcost:{}", account.name)),
            ("BillingAccountName", account.name.to_string()),
            ("BillingAccountType", account.kind.into()),
            ("BillingCurrency", account.currency.to_string()),
            ("BillingPeriodEnd", account.end.clone()),
            ("BillingPeriodStart", account.start.clone()),
            ("ChargeCategory", "Usage".into()),
            ("ChargeFrequency", "Usage-Based".into()),
            (
                "ChargePeriodEnd",
                self.period
                    .as_ref()
                    .map_or_else(|| account.end.clone(), |p| p.1.clone()),
            ),
            (
                "ChargePeriodStart",
                self.period
                    .as_ref()
                    .map_or_else(|| account.start.clone(), |p| p.0.clone()),
            ),
            ("ContractedCost", cost.clone()),
            ("EffectiveCost", cost.clone()),
            ("ListCost", cost),
            ("PricingCategory", "Standard".into()),
            ("SubAccountId", format!("llmcost:{}:{}", account.name, self.strategy)),
            ("SubAccountName", self.strategy.to_string()),
            ("SubAccountType", "Strategy".into()),
        ];
        if let Some(region) = self.region {
            all.extend([("RegionId", region.to_string()), ("RegionName", region.to_string())]);
        }
        all.extend(values.into_iter().map(|(column, value)| match column {
            "ChargeDescription" if self.forecast => (column, format!("forecast, not billed: {value}")),
            _ => (column, value),
        }));
        Row(all)
    }

    /// The tags every row of a tier carries.
    pub(super) fn tags(&self, tier: Option<&str>, call: &str) -> String {
        let mut tags = json!({
            "x_llmcost_strategy": self.strategy,
            "x_llmcost_tier": tier,
            "x_llmcost_call": call,
        });
        if self.forecast {
            tags["x_llmcost_forecast"] = true.into();
        }
        tags.to_string()
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

/// What one charge is: its model, part, kind of call, class and tier.
pub(super) fn description(c: &Charge) -> String {
    let class = match c.mode {
        Mode::Standard => String::new(),
        mode => format!(", {}", mode.name()),
    };
    let tier = c
        .tier
        .as_ref()
        .map_or_else(|| "logged usage, no tier".to_string(), |t| format!("tier {t}"));
    format!(
        "{} {} ({} calls{class}), {tier}",
        c.model,
        c.part.label(),
        c.role.name()
    )
}

/// The row of one charge, on a model of `provider`.
pub(super) fn charge_row(common: &Common, c: &Charge, provider: &str) -> Row {
    let (pricing_unit, consumed_unit) = units(c.part);
    let pricing = match c.part {
        Part::Fee => c.quantity,
        _ => (c.quantity / PER_MILLION).normalize(),
    };
    let (tokens, cache) = direction(c.part);
    let model = c.model.as_str();
    let price_id = format!(
        "{model}:{}:{}{}",
        c.part.name(),
        c.mode.name(),
        if c.long_context { ":long-context" } else { "" }
    );
    let mut details = json!({
        "x_Model": model,
        "x_TokenDirection": tokens,
        "x_CacheAction": cache,
        "x_BillingClass": c.mode.name(),
        "x_LongContext": c.long_context,
    });
    if matches!(c.mode, Mode::Priority | Mode::Flex) {
        details["x_ServiceTier"] = c.mode.name().into();
    }
    common.row(
        c.cost,
        vec![
            ("ChargeDescription", description(c)),
            ("ConsumedQuantity", c.quantity.to_string()),
            ("ConsumedUnit", consumed_unit.into()),
            ("ContractedUnitPrice", c.rate.normalize().to_string()),
            ("InvoiceIssuerName", provider.into()),
            ("ListUnitPrice", c.rate.normalize().to_string()),
            ("PricingQuantity", pricing.to_string()),
            ("PricingUnit", pricing_unit.into()),
            ("ProviderName", provider.into()),
            ("PublisherName", provider.into()),
            ("ServiceCategory", "AI and Machine Learning".into()),
            ("ServiceName", provider.into()),
            ("ServiceSubcategory", "Generative AI".into()),
            ("SkuId", model.into()),
            ("SkuMeter", c.part.label().into()),
            ("SkuPriceDetails", details.to_string()),
            ("SkuPriceId", price_id),
            ("Tags", common.tags(c.tier.as_deref(), c.role.name())),
        ],
    )
}

/// The row of the people who handle a tier's requests no model served, at `each` a request.
fn people_row(common: &Common, e: &Escalated, each: Decimal) -> Row {
    common.row(
        e.cost,
        vec![
            (
                "ChargeDescription",
                format!("requests no model served, handled by a person, tier {}", e.tier),
            ),
            ("ConsumedQuantity", e.requests.to_string()),
            ("ConsumedUnit", "Requests".into()),
            ("ContractedUnitPrice", each.normalize().to_string()),
            ("InvoiceIssuerName", "people".into()),
            ("ListUnitPrice", each.normalize().to_string()),
            ("PricingQuantity", e.requests.to_string()),
            ("PricingUnit", "Requests".into()),
            ("ProviderName", "people".into()),
            ("PublisherName", "people".into()),
            ("ServiceCategory", "Other".into()),
            ("ServiceName", "escalation".into()),
            ("ServiceSubcategory", "Other (Other)".into()),
            ("Tags", common.tags(Some(&e.tier), "escalation")),
        ],
    )
}

/// The rows of a self-hosted deployment's month: the accelerator-hours
/// rented, and the fixed overhead.
fn rent_rows(common: &Common, bill: &CapacityBill) -> [Row; 2] {
    let id = bill.deployment.as_str();
    let hours = (Decimal::from(bill.accelerators) * bill.hours).normalize();
    let rent = common.row(
        bill.rental,
        vec![
            (
                "ChargeDescription",
                format!(
                    "{id} rent: {} accelerator(s) for {} hours",
                    bill.accelerators,
                    bill.hours.normalize()
                ),
            ),
            ("ConsumedQuantity", hours.to_string()),
            ("ConsumedUnit", "Hours".into()),
            ("ContractedUnitPrice", bill.accelerator_hourly.normalize().to_string()),
            ("InvoiceIssuerName", PROVIDER.into()),
            ("ListUnitPrice", bill.accelerator_hourly.normalize().to_string()),
            ("PricingQuantity", hours.to_string()),
            ("PricingUnit", "Hours".into()),
            ("ProviderName", PROVIDER.into()),
            ("PublisherName", PROVIDER.into()),
            ("ServiceCategory", "AI and Machine Learning".into()),
            ("ServiceName", PROVIDER.into()),
            ("ServiceSubcategory", "Generative AI".into()),
            ("SkuId", id.into()),
            ("SkuMeter", "accelerator-hours".into()),
            (
                "SkuPriceDetails",
                json!({"x_Deployment": id, "x_Replicas": bill.replicas}).to_string(),
            ),
            ("SkuPriceId", format!("{id}:rent")),
            ("Tags", common.tags(None, "capacity")),
        ],
    );
    let overhead = common.row(
        bill.overhead,
        vec![
            ("ChargeDescription", format!("{id} fixed overhead for the month")),
            ("ConsumedQuantity", "1".into()),
            ("ConsumedUnit", "Months".into()),
            ("ContractedUnitPrice", bill.overhead.normalize().to_string()),
            ("InvoiceIssuerName", PROVIDER.into()),
            ("ListUnitPrice", bill.overhead.normalize().to_string()),
            ("PricingQuantity", "1".into()),
            ("PricingUnit", "Months".into()),
            ("ProviderName", PROVIDER.into()),
            ("PublisherName", PROVIDER.into()),
            ("ServiceCategory", "Other".into()),
            ("ServiceName", PROVIDER.into()),
            ("ServiceSubcategory", "Other (Other)".into()),
            ("SkuId", id.into()),
            ("SkuMeter", "overhead".into()),
            ("SkuPriceDetails", json!({"x_Deployment": id}).to_string()),
            ("SkuPriceId", format!("{id}:overhead")),
            ("Tags", common.tags(None, "capacity")),
        ],
    );
    [rent, overhead]
}

/// The rows of a strategy's explicit caches: one per cache, its tokens kept
/// for the month's hours at the model's storage rate (per 1M token-hours).
fn storage_rows(common: &Common, bill: &StorageBill, catalog: &Catalog) -> Vec<Row> {
    bill.caches
        .iter()
        .map(|cache| {
            let model = cache.model.as_str();
            let provider = provider(catalog, model);
            let token_hours = (cache.tokens * cache.hours).normalize();
            common.row(
                cache.cost,
                vec![
                    (
                        "ChargeDescription",
                        format!(
                            "{model} explicit cache of tier {}: {} tokens kept {} hours",
                            cache.tier, cache.tokens, cache.hours
                        ),
                    ),
                    ("ConsumedQuantity", token_hours.to_string()),
                    ("ConsumedUnit", "Token-Hours".into()),
                    ("ContractedUnitPrice", cache.rate.normalize().to_string()),
                    ("InvoiceIssuerName", provider.clone()),
                    ("ListUnitPrice", cache.rate.normalize().to_string()),
                    ("PricingQuantity", (token_hours / PER_MILLION).normalize().to_string()),
                    ("PricingUnit", "1000000 Token-Hours".into()),
                    ("ProviderName", provider.clone()),
                    ("PublisherName", provider.clone()),
                    ("ServiceCategory", "AI and Machine Learning".into()),
                    ("ServiceName", provider),
                    ("ServiceSubcategory", "Generative AI".into()),
                    ("SkuId", model.into()),
                    ("SkuMeter", "cache storage".into()),
                    (
                        "SkuPriceDetails",
                        json!({"x_Model": model, "x_CacheAction": "storage"}).to_string(),
                    ),
                    ("SkuPriceId", format!("{model}:cache-storage")),
                    ("Tags", common.tags(Some(&cache.tier), "cache storage")),
                ],
            )
        })
        .collect()
}

/// A strategy's name, its charges, a self-hosted deployment's month, a
/// commitment's and its explicit caches'.
type StrategyBill<'a> = (
    &'a str,
    &'a Charges,
    Option<&'a CapacityBill>,
    Option<Commitment<'a>>,
    Option<&'a StorageBill>,
);

/// The FOCUS CSV of `bills` of `scenario`.
fn csv(
    account: &Account,
    bills: &[StrategyBill],
    scenario: &Scenario,
    catalog: &Catalog,
    cells: CsvCells,
) -> anyhow::Result<String> {
    let mut bytes = line(&COLUMNS, cells)?;
    for (strategy, charges, capacity, commitment, storage) in bills {
        let planned = scenario.strategies.iter().find(|s| s.name == *strategy);
        let common = Common {
            account,
            strategy,
            region: planned.and_then(|s| s.service.region.as_deref()),
            period: None,
            forecast: false,
        };
        for row in capacity.iter().flat_map(|bill| rent_rows(&common, bill)) {
            bytes.extend(line(&row.cells(), cells)?);
        }
        for row in storage.iter().flat_map(|bill| storage_rows(&common, bill, catalog)) {
            bytes.extend(line(&row.cells(), cells)?);
        }
        if let Some(commitment) = commitment {
            for row in commitment_rows(&common, charges, commitment, &|id: &str| provider(catalog, id)) {
                bytes.extend(line(&row.cells(), cells)?);
            }
            continue;
        }
        // A person's price per request is the strategy's fallback escalation cost.
        let each = planned
            .and_then(|s| s.fallback.as_ref())
            .map_or(Decimal::ZERO, |f| f.escalation_cost);
        bytes.extend(bill_rows(&common, charges, catalog, each, cells)?);
    }
    Ok(String::from_utf8(bytes)?)
}

/// The rows of one bill: a row per charge, one per tier for the people
/// handling what no model served at `each` a request.
fn bill_rows(
    common: &Common,
    charges: &Charges,
    catalog: &Catalog,
    each: Decimal,
    cells: CsvCells,
) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for charge in charges.lines() {
        bytes.extend(line(
            &charge_row(common, &charge, &provider(catalog, &charge.model)).cells(),
            cells,
        )?);
    }
    for escalated in charges.escalated() {
        bytes.extend(line(&people_row(common, &escalated, each).cells(), cells)?);
    }
    Ok(bytes)
}

/// The provider of catalog model `id`.
fn provider(catalog: &Catalog, id: &str) -> String {
    catalog.find(id).map(|m| m.provider.clone()).unwrap_or_default()
}

/// A UTC midnight as FOCUS writes a date and time.
fn midnight(day: NaiveDate) -> String {
    format!("{}T00:00:00Z", day.format("%Y-%m-%d"))
}

/// A plan as FOCUS CSV: every strategy's month, line by line; `report` is
/// `scenario` priced with `catalog`. Its rows are dated the month of the
/// catalog's `as_of` date.
pub fn plan_csv(
    report: &SimulationReport,
    scenario: &Scenario,
    catalog: &Catalog,
    cells: CsvCells,
) -> anyhow::Result<String> {
    let Some((start, end)) = period(&report.catalog.as_of) else {
        anyhow::bail!(
            "catalog {}: `as_of` {:?} is not a date; FOCUS rows are dated by it",
            report.catalog.name,
            report.catalog.as_of
        );
    };
    let account = Account {
        name: &report.scenario.name,
        kind: "Plan",
        currency: &report.catalog.currency,
        start: midnight(start),
        end: midnight(end),
    };
    let charges: Vec<Charges> = report.strategies.iter().map(Charges::of_plan).collect();
    let bills: Vec<StrategyBill> = report
        .strategies
        .iter()
        .zip(&charges)
        .map(|(s, c)| {
            let commitment = (s.commitment.as_ref().map(Commitment::Provisioned))
                .or_else(|| s.spend.as_ref().map(Commitment::Spend));
            (s.name.as_str(), c, s.capacity.as_ref(), commitment, s.storage.as_ref())
        })
        .collect();
    csv(&account, &bills, scenario, catalog, cells)
}

/// Replayed logs as FOCUS CSV: every strategy's bill of the logged calls,
/// dated from the first call's day to the day after the last (UTC).
pub fn replay_csv(
    report: &ReplayReport,
    scenario: &Scenario,
    catalog: &Catalog,
    cells: CsvCells,
) -> anyhow::Result<String> {
    let Some((first, last)) = report.period else {
        anyhow::bail!("{}: no call was replayed, so there is no bill to write", report.source);
    };
    let after = last.succ_opt().unwrap_or(last);
    let account = Account {
        name: &report.scenario.name,
        kind: "Replay",
        currency: &report.currency,
        start: midnight(first),
        end: midnight(after),
    };
    let bills: Vec<StrategyBill> = report
        .strategies
        .iter()
        .map(|s| (s.name.as_str(), &s.charges, None, None, None))
        .collect();
    csv(&account, &bills, scenario, catalog, cells)
}

/// A forecast as FOCUS CSV: the month to date's bill as logged (`actual`,
/// line by line), charged from the month's first day to the end of its
/// latest call's day, then the calibrated plan's expected bill for the rest
/// of the month, each part of it (a part a set of rates) charged over its
/// days. Both are `Usage` (FOCUS 1.2
/// has no category or class for an estimate: `ChargeCategory` is one of
/// Adjustment, Credit, Purchase, Tax, Usage; `ChargeClass` only marks a
/// correction), so a forecast row says so in its `ChargeDescription`
/// (`forecast, not billed: ...`), its sub account (`rest of the month
/// (forecast)`) and its tag `x_llmcost_forecast`; the billing account's
/// type is `Forecast`.
pub fn forecast_csv(
    forecast: &Forecast,
    actual: &Charges,
    catalog: &Catalog,
    cells: CsvCells,
) -> anyhow::Result<String> {
    let month = forecast.period;
    let split = midnight(forecast.through.succ_opt().unwrap_or(forecast.through));
    let account = Account {
        name: &forecast.logs,
        kind: "Forecast",
        currency: &forecast.currency,
        start: midnight(month.first),
        end: midnight(month.end()),
    };
    let mut bytes = line(&COLUMNS, cells)?;
    let to_date = Common {
        account: &account,
        strategy: "month to date",
        region: None,
        period: Some((account.start.clone(), split.clone())),
        forecast: false,
    };
    bytes.extend(bill_rows(&to_date, actual, catalog, Decimal::ZERO, cells)?);
    for part in &forecast.rest {
        let rest = Common {
            account: &account,
            strategy: "rest of the month (forecast)",
            region: None,
            period: Some((midnight(part.from), midnight(part.end()))),
            forecast: true,
        };
        bytes.extend(bill_rows(&rest, &part.charges, catalog, Decimal::ZERO, cells)?);
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
