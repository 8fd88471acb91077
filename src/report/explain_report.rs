//! How `explain` reads: per tier, the techniques' adjustments, then every call
//! that served it with each bill line as `tokens × rate = cost`, per call
//! (exact) and per month, the escalations no model served, and a self-hosted
//! deployment's rent (`capacity` rows: accelerator-hours × hourly price, and the overhead),
//! and a provisioned commitment (`commitment` rows: unit-hours × hourly price,
//! and the calls its units carry, taken off), and a committed spend
//! (`commitment` rows: the discount, and the true-up), and explicit caches'
//! storage (`cache storage` rows: hours a month × tokens × rate per token-hour).

use super::capacity;
use super::{Block, Document, Records, Report, TableBlock, inputs};
use crate::engine::{ExplainReport, ExplainedCall, ExplainedTier, Role};
use crate::figures;
use crate::money::{self, exact};
use crate::tariff::{Mode, Part};
use rust_decimal::Decimal;

/// The CSV columns of `explain`, in order; documented in docs/techniques.md.
pub const EXPLAIN_COLUMNS: [&str; 13] = [
    "strategy",
    "tier",
    "model",
    "role",
    "calls",
    "mode",
    "part",
    "weight",
    "tokens_per_request",
    "rate",
    "cost_per_request",
    "monthly_cost",
    "currency",
];

impl ExplainReport {
    /// Per-call amounts, every digit: they are small and must read exactly.
    fn money(&self, amount: Decimal) -> String {
        money::display_exact(amount, &self.catalog.currency)
    }

    /// Monthly amounts, rounded by the display rule (exports keep every digit).
    fn monthly(&self, amount: Decimal) -> String {
        money::display(amount, &self.catalog.currency)
    }

    /// `1,000 × $0.15 / 1M`, or `1 × $0.01` for a fee.
    fn formula(&self, part: Part, quantity: Decimal, rate: Decimal) -> String {
        let rate = self.money(rate);
        match part {
            Part::Fee => format!("{} × {rate}", figures::tokens(quantity)),
            _ => format!("{} × {rate} / 1M", figures::tokens(quantity)),
        }
    }

    /// The heading of one call, and facts about its bill.
    fn call_heading(&self, tier: &ExplainedTier, call: &ExplainedCall) -> Option<String> {
        let only_answer = tier.calls.len() == 1 && call.role == Role::Answer && call.calls == tier.interactions;
        (!only_answer).then(|| {
            format!(
                "{} on {}: {} calls a month",
                call.role.label(),
                call.model,
                figures::tokens(call.calls)
            )
        })
    }

    fn call_table(&self, call: &ExplainedCall) -> TableBlock {
        let mut table =
            TableBlock::numeric(&["Line", "Mode", "Share", "Tokens × rate", "Per call", "Monthly"]).left_columns(2);
        for l in &call.lines {
            table.row(vec![
                l.line.part.label().to_string(),
                l.line.mode.name().to_string(),
                figures::percent_of(l.line.weight),
                self.formula(l.line.part, l.line.quantity, l.line.rate),
                self.money(l.line.cost),
                self.monthly(l.monthly),
            ]);
        }
        table.row(vec![
            "total".into(),
            String::new(),
            String::new(),
            String::new(),
            self.money(call.cost_per_call),
            self.monthly(call.cost),
        ]);
        table
    }

    fn tier_blocks(&self, tier: &ExplainedTier, doc: &mut Document) {
        doc.push(Block::Heading(format!(
            "{}: {}, {} interactions a month",
            tier.tier,
            tier.model,
            figures::tokens(tier.interactions)
        )));
        let mut facts = vec![format!(
            "{} input tokens per request",
            figures::tokens(tier.input_tokens_per_request)
        )];
        facts.extend(tier.adjustments.iter().map(|a| {
            format!(
                "{}: {} → {} tokens ({})",
                a.tokens,
                figures::tokens(a.before),
                figures::tokens(a.after),
                a.description
            )
        }));
        doc.push(Block::Text(facts.join("; ")));
        for call in &tier.calls {
            let mut notes = Vec::new();
            if let Some(heading) = self.call_heading(tier, call) {
                notes.push(heading);
            }
            if !call.cached_prefix.is_zero() {
                let mut text = format!("cached prefix: {} tokens", figures::tokens(call.cached_prefix));
                if call.cached.parts.len() > 1 {
                    let parts: Vec<String> = call
                        .cached
                        .parts
                        .iter()
                        .map(|(part, n)| format!("{} {}", part.name(), figures::tokens(*n)))
                        .collect();
                    text.push_str(&format!(
                        " ({} of {})",
                        parts.join(" + "),
                        figures::tokens(call.cached.stated)
                    ));
                }
                if let Some(rule) = &call.cache_rule {
                    text.push_str(&format!("; {} caches {rule}", call.model));
                }
                notes.push(text);
            }
            if !call.history_lost.is_zero() {
                notes.push(format!(
                    "{} of its cached history misses: the turn before went to another model",
                    figures::percent_of(call.history_lost)
                ));
            }
            if call.long_context {
                notes.push("above the model's long-context threshold: every rate is the long-context rate".into());
            }
            if call.region_multiplier != Decimal::ONE {
                notes.push(format!(
                    "region `{}`: every token rate × {} (the model's regional multiplier)",
                    self.service.region.as_deref().unwrap_or_default(),
                    call.region_multiplier.normalize()
                ));
            }
            if !notes.is_empty() {
                doc.push(Block::Text(notes.join("; ")));
            }
            doc.push(Block::Table(self.call_table(call)));
        }
        if !tier.escalations.is_zero() {
            doc.push(Block::Text(format!(
                "{} requests a month reach no model: people handling them cost {}",
                figures::tokens(tier.escalations),
                self.monthly(tier.escalation_cost)
            )));
        }
        if tier.calls.len() > 1 || !tier.escalations.is_zero() {
            doc.push(Block::Text(format!("tier total: {}", self.monthly(tier.cost))));
        }
    }
}

impl Report for ExplainReport {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "Bill of {} ({})",
            self.strategy, self.scenario.name
        )));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push((
            "Reading".into(),
            "each line is share × tokens × rate per call, then × calls a month".into(),
        ));
        let tiers: Vec<String> = self
            .service
            .tiers()
            .map(|mode| {
                let share = if mode == Mode::Priority {
                    self.service.priority
                } else {
                    self.service.flex
                };
                format!("{} {}", figures::percent_of(share), mode.name())
            })
            .collect();
        if let Some(region) = &self.service.region {
            facts.push((
                "Region".into(),
                format!("`{region}`: every token rate × the model's multiplier for it"),
            ));
        }
        if !tiers.is_empty() {
            facts.push((
                "Service tiers".into(),
                format!(
                    "{} of the calls not on the batch API, the rest standard (Mode: the share of calls in each)",
                    tiers.join(", ")
                ),
            ));
        }
        doc.push(Block::Facts(facts));
        let mut summary = TableBlock::numeric(&["Tier", "Model", "Interactions", "Monthly cost"]).left_columns(2);
        for tier in &self.tiers {
            self.tier_blocks(tier, &mut doc);
            summary.row(vec![
                tier.tier.clone(),
                tier.model.clone(),
                figures::tokens(tier.interactions),
                self.monthly(tier.cost),
            ]);
        }
        if let Some(bill) = &self.capacity {
            summary.row(vec![
                "capacity".into(),
                bill.deployment.clone(),
                String::new(),
                self.monthly(bill.total),
            ]);
            doc.push(Block::Heading(format!("Capacity: {}", bill.deployment)));
            let mut facts = capacity::facts(bill, &self.catalog.currency);
            facts.push((
                "Reading".into(),
                "the rent is paid for every hour whatever the calls; cached tokens lower no rent".into(),
            ));
            doc.push(Block::Facts(facts));
        }
        if let Some(bill) = &self.commitment {
            let covered = bill.pay_as_you_go - bill.overflow;
            summary.row(vec![
                "reservation".into(),
                bill.offer.clone(),
                String::new(),
                self.monthly(bill.reservation),
            ]);
            summary.row(vec![
                "covered".into(),
                bill.offer.clone(),
                String::new(),
                self.monthly(-covered),
            ]);
            doc.push(Block::Heading(format!("Commitment: {}", bill.offer)));
            let mut facts = capacity::commitment_facts(bill, &self.catalog.currency);
            facts.push((
                "Reading".into(),
                "the tiers above are every call at list rates; the units carry all but the overflow share, \
                 paid by the hour instead"
                    .into(),
            ));
            doc.push(Block::Facts(facts));
        }
        if let Some(bill) = &self.spend {
            summary.row(vec![
                "discount".into(),
                bill.offer.clone(),
                String::new(),
                self.monthly(bill.discounted - bill.pay_as_you_go),
            ]);
            summary.row(vec![
                "true-up".into(),
                bill.offer.clone(),
                String::new(),
                self.monthly(bill.shortfall),
            ]);
            doc.push(Block::Heading(format!("Committed spend: {}", bill.offer)));
            doc.push(Block::Facts(capacity::spend_facts(bill, &self.catalog.currency)));
        }
        if let Some(bill) = &self.storage {
            for cache in &bill.caches {
                summary.row(vec![
                    "cache storage".into(),
                    cache.model.clone(),
                    String::new(),
                    self.monthly(cache.cost),
                ]);
            }
            doc.push(Block::Heading("Explicit cache storage".into()));
            doc.push(Block::Facts(capacity::storage_facts(bill, &self.catalog.currency)));
        }
        summary.row(vec![
            "total".into(),
            String::new(),
            String::new(),
            self.monthly(self.total),
        ]);
        doc.push(Block::Heading("Total".into()));
        doc.push(Block::Table(summary));
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for tier in &self.tiers {
            for call in &tier.calls {
                for l in &call.lines {
                    rows.push(vec![
                        self.strategy.clone(),
                        tier.tier.clone(),
                        call.model.clone(),
                        call.role.name().to_string(),
                        exact(call.calls),
                        l.line.mode.name().to_string(),
                        l.line.part.name().to_string(),
                        exact(l.line.weight),
                        exact(l.line.quantity),
                        exact(l.line.rate),
                        exact(l.line.cost),
                        exact(l.monthly),
                        self.catalog.currency.clone(),
                    ]);
                }
            }
            if !tier.escalations.is_zero() {
                let per_case = tier.escalation_cost / tier.escalations;
                rows.push(vec![
                    self.strategy.clone(),
                    tier.tier.clone(),
                    String::new(),
                    "escalation".into(),
                    exact(tier.escalations),
                    String::new(),
                    "human".into(),
                    "1".into(),
                    "1".into(),
                    exact(per_case),
                    exact(per_case),
                    exact(tier.escalation_cost),
                    self.catalog.currency.clone(),
                ]);
            }
        }
        let mut bought = Vec::new();
        if let Some(bill) = &self.capacity {
            let accelerators = Decimal::from(bill.accelerators);
            bought.push((
                &bill.deployment,
                "capacity",
                "rent",
                bill.hours,
                accelerators,
                bill.accelerator_hourly,
                bill.rental,
            ));
            bought.push((
                &bill.deployment,
                "capacity",
                "overhead",
                Decimal::ONE,
                Decimal::ONE,
                bill.overhead,
                bill.overhead,
            ));
        }
        if let Some(bill) = &self.commitment {
            let covered = bill.overflow - bill.pay_as_you_go;
            let units = Decimal::from(bill.units);
            bought.push((
                &bill.offer,
                "commitment",
                "reservation",
                bill.hours,
                units,
                bill.unit_hourly,
                bill.reservation,
            ));
            bought.push((
                &bill.offer,
                "commitment",
                "covered",
                Decimal::ONE,
                Decimal::ONE,
                covered,
                covered,
            ));
        }
        if let Some(bill) = &self.spend {
            let discount = bill.discounted - bill.pay_as_you_go;
            bought.push((
                &bill.offer,
                "commitment",
                "discount",
                Decimal::ONE,
                Decimal::ONE,
                discount,
                discount,
            ));
            bought.push((
                &bill.offer,
                "commitment",
                "true-up",
                Decimal::ONE,
                Decimal::ONE,
                bill.shortfall,
                bill.shortfall,
            ));
        }
        for cache in self.storage.iter().flat_map(|b| &b.caches) {
            let per_token_hour = cache.rate / Decimal::from(1_000_000);
            rows.push(vec![
                self.strategy.clone(),
                cache.tier.clone(),
                cache.model.clone(),
                "cache storage".into(),
                exact(cache.hours),
                String::new(),
                "storage".into(),
                "1".into(),
                exact(cache.tokens),
                exact(per_token_hour),
                exact(cache.tokens * per_token_hour),
                exact(cache.cost),
                self.catalog.currency.clone(),
            ]);
        }
        for (model, role, part, calls, quantity, rate, monthly) in bought {
            rows.push(vec![
                self.strategy.clone(),
                String::new(),
                model.clone(),
                role.into(),
                exact(calls),
                String::new(),
                part.into(),
                "1".into(),
                exact(quantity),
                exact(rate),
                exact(quantity * rate),
                exact(monthly),
                self.catalog.currency.clone(),
            ]);
        }
        Records {
            headers: EXPLAIN_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
