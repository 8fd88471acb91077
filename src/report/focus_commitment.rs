//! FOCUS rows of a commitment's month (docs/output-formats.md, "Commitments"),
//! in FOCUS 1.2's terms for commitment discounts
//! (`specification/columns/chargecategory.md`, `commitmentdiscount*.md`,
//! `pricingcategory.md`, `effectivecost.md`, tag `v1.2`).
//!
//! A provisioned strategy (`tariff::CommitmentBill`): the reservation as a
//! `Purchase` of a usage-based commitment (`BilledCost` the reservation,
//! `EffectiveCost` 0: it covers the month's calls); each line of the calls
//! split in two, the overflow share billed at list rates (`Standard`) and the
//! rest carried by the units (`Committed`, `CommitmentDiscountStatus` `Used`,
//! `BilledCost` 0, `EffectiveCost` and `CommitmentDiscountQuantity` its part
//! of the reservation and of its unit-hours, apportioned by list cost). A committed-spend strategy (`tariff::SpendBill`): each line
//! discounted (`Committed`, `Used`, a spend-based commitment), and the
//! true-up as the commitment's `Unused` part. Either way the rows'
//! `BilledCost` adds up exactly to the strategy's total (`money::apportion`).

use super::focus::{Common, Row, charge_row, description};
use crate::engine::{Charge, Charges};
use crate::money::{apportion, carry};
use crate::tariff::{CommitmentBill, SpendBill};
use rust_decimal::Decimal;
use serde_json::json;

/// A strategy's commitment.
pub(super) enum Commitment<'a> {
    Provisioned(&'a CommitmentBill),
    Spend(&'a SpendBill),
}

/// The rows of `charges` under `commitment`; `provider` names a catalog model's provider.
pub(super) fn commitment_rows(
    common: &Common,
    charges: &Charges,
    commitment: &Commitment,
    provider: &dyn Fn(&str) -> String,
) -> Vec<Row> {
    let lines: Vec<Charge> = charges.lines().collect();
    let costs: Vec<Decimal> = lines.iter().map(|c| c.cost).collect();
    match commitment {
        Commitment::Provisioned(bill) => provisioned(common, &lines, &costs, bill, provider),
        Commitment::Spend(bill) => spend(common, &lines, &costs, bill, provider),
    }
}

/// `charge` with `quantity` and `cost` instead.
fn part(charge: &Charge, quantity: Decimal, cost: Decimal) -> Charge {
    Charge {
        quantity: quantity.normalize(),
        cost: cost.normalize(),
        ..charge.clone()
    }
}

/// `row` with its commitment columns; `status` for a usage row.
fn committed(row: Row, id: &str, category: &str, kind: &str, status: Option<&str>) -> Row {
    let row = row
        .set("CommitmentDiscountCategory", category.into())
        .set("CommitmentDiscountId", id.into())
        .set("CommitmentDiscountName", id.into())
        .set("CommitmentDiscountType", kind.into());
    match status {
        Some(status) => row
            .set("CommitmentDiscountStatus", status.into())
            .set("PricingCategory", "Committed".into()),
        None => row,
    }
}

/// The row of `charge`, on a model of `provider`, described as its part `what`.
fn described(common: &Common, charge: &Charge, provider: &str, what: &str) -> Row {
    charge_row(common, charge, provider).set("ChargeDescription", format!("{}, {what}", description(charge)))
}

const PROVISIONED: &str = "Provisioned Throughput";
const SPEND: &str = "Committed Spend";

/// The reservation's purchase, then each line's overflow and carried parts.
fn provisioned(
    common: &Common,
    lines: &[Charge],
    costs: &[Decimal],
    bill: &CommitmentBill,
    provider: &dyn Fn(&str) -> String,
) -> Vec<Row> {
    let id = bill.offer.as_str();
    let seller = provider(&bill.model);
    let unit_hours = (Decimal::from(bill.units) * bill.hours).normalize();
    let purchase = common
        .row(
            bill.reservation,
            vec![
                (
                    "ChargeDescription",
                    format!(
                        "{id} reservation: {} {}(s) for {} hours",
                        bill.units,
                        bill.unit,
                        bill.hours.normalize()
                    ),
                ),
                ("CommitmentDiscountQuantity", unit_hours.to_string()),
                ("CommitmentDiscountUnit", format!("{}-Hours", bill.unit)),
                ("ContractedUnitPrice", bill.unit_hourly.normalize().to_string()),
                ("InvoiceIssuerName", seller.clone()),
                ("ListUnitPrice", bill.unit_hourly.normalize().to_string()),
                ("PricingQuantity", unit_hours.to_string()),
                ("PricingUnit", format!("{}-Hours", bill.unit)),
                ("ProviderName", seller.clone()),
                ("PublisherName", seller.clone()),
                ("ServiceCategory", "AI and Machine Learning".into()),
                ("ServiceName", seller.clone()),
                ("ServiceSubcategory", "Generative AI".into()),
                ("SkuId", id.into()),
                ("SkuMeter", "reservation".into()),
                (
                    "SkuPriceDetails",
                    json!({"x_Model": bill.model, "x_Units": bill.units, "x_SizedToPeak": bill.sized_to_peak})
                        .to_string(),
                ),
                ("SkuPriceId", format!("{id}:reservation")),
                ("Tags", common.tags(None, "commitment")),
            ],
        )
        .set("ChargeCategory", "Purchase".into())
        .set("ChargeFrequency", "Recurring".into())
        .set("EffectiveCost", "0".into());
    let mut rows = vec![committed(purchase, id, "Usage", PROVISIONED, None)];
    let overflows = apportion(bill.overflow, costs);
    let carried: Vec<Decimal> = costs.iter().zip(&overflows).map(|(c, o)| c - o).collect();
    let amortised = apportion(bill.reservation, &carried);
    let used = apportion(unit_hours, &carried);
    let lines = lines
        .iter()
        .zip(&overflows)
        .zip(&carried)
        .zip(amortised.iter().zip(&used));
    for (((charge, overflow), carried), (effective, used)) in lines {
        let seller = provider(&charge.model);
        let spilled = carry(charge.quantity * bill.overflow_share);
        if !spilled.is_zero() || !overflow.is_zero() {
            let c = part(charge, spilled, *overflow);
            rows.push(described(common, &c, &seller, &format!("overflow above {id}")));
        }
        let kept = charge.quantity - spilled;
        if !kept.is_zero() || !carried.is_zero() {
            let c = part(charge, kept, *carried);
            let row = described(common, &c, &seller, &format!("carried by {id}"))
                .set("BilledCost", "0".into())
                .set("EffectiveCost", effective.normalize().to_string())
                .set("CommitmentDiscountQuantity", used.normalize().to_string())
                .set("CommitmentDiscountUnit", format!("{}-Hours", bill.unit));
            rows.push(committed(row, id, "Usage", PROVISIONED, Some("Used")));
        }
    }
    rows
}

/// Each line discounted, then the true-up when the discounted usage falls short.
fn spend(
    common: &Common,
    lines: &[Charge],
    costs: &[Decimal],
    bill: &SpendBill,
    provider: &dyn Fn(&str) -> String,
) -> Vec<Row> {
    let id = bill.offer.as_str();
    let discounted = apportion(bill.discounted, costs);
    let mut rows = Vec::new();
    for (charge, cost) in lines.iter().zip(&discounted) {
        let cost = cost.normalize().to_string();
        let row = described(common, charge, &provider(&charge.model), &format!("drawn from {id}"))
            .set("BilledCost", cost.clone())
            .set("ContractedCost", cost.clone())
            .set("EffectiveCost", cost.clone())
            .set(
                "ContractedUnitPrice",
                carry(charge.rate * (Decimal::ONE - bill.discount)).to_string(),
            )
            .set("CommitmentDiscountQuantity", cost)
            .set("CommitmentDiscountUnit", common.account.currency.to_string());
        rows.push(committed(row, id, "Spend", SPEND, Some("Used")));
    }
    if !bill.shortfall.is_zero() {
        let seller = provider(&bill.model);
        let shortfall = bill.shortfall.normalize().to_string();
        let row = common
            .row(
                bill.shortfall,
                vec![
                    (
                        "ChargeDescription",
                        format!("{id} true-up: the commitment's undrawn part"),
                    ),
                    ("CommitmentDiscountQuantity", shortfall.clone()),
                    ("CommitmentDiscountUnit", common.account.currency.to_string()),
                    ("ContractedUnitPrice", shortfall.clone()),
                    ("InvoiceIssuerName", seller.clone()),
                    ("ListUnitPrice", shortfall),
                    ("PricingQuantity", "1".into()),
                    ("PricingUnit", "Months".into()),
                    ("ProviderName", seller.clone()),
                    ("PublisherName", seller.clone()),
                    ("ServiceCategory", "AI and Machine Learning".into()),
                    ("ServiceName", seller),
                    ("ServiceSubcategory", "Generative AI".into()),
                    ("SkuId", id.into()),
                    ("SkuMeter", "true-up".into()),
                    (
                        "SkuPriceDetails",
                        json!({"x_Model": bill.model, "x_Commitment": bill.commitment.normalize().to_string()})
                            .to_string(),
                    ),
                    ("SkuPriceId", format!("{id}:true-up")),
                    ("Tags", common.tags(None, "commitment")),
                ],
            )
            .set("ChargeFrequency", "Recurring".into());
        rows.push(committed(row, id, "Spend", SPEND, Some("Unused")));
    }
    rows
}
