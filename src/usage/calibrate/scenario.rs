//! A calibration written as a scenario file (docs/scenarios.md) through the
//! one YAML emitter: volume, tiers, one single-model strategy per catalog
//! model the logs used, the `observed` routing where there is one (the
//! baseline; else the most used model is), the observed prompt
//! cache and batch shares as scenario-wide techniques, and the spreads
//! `montecarlo` draws.

use super::{Calibration, OBSERVED, ttl_name};
use crate::money::exact;
use crate::yaml_writer::{Document, quoted, scalar};

/// Days of the month the scenario prices (the scenario format's default).
pub const DAYS_PER_MONTH: u32 = 30;

impl Calibration {
    /// The scenario `name`, pricing with the catalog at `catalog` (a path
    /// relative to the scenario's folder; `None`: the embedded default).
    pub fn scenario_yaml(&self, name: &str, catalog: Option<&str>) -> String {
        let mut doc = Document::with_capacity(2048);
        doc.comment(&format!(
            "Calibrated by `llmcost calibrate` from {}:\n{} calls from {} to {} ({} days).",
            self.logs,
            self.calls,
            self.start.format("%Y-%m-%dT%H:%M:%SZ"),
            self.end.format("%Y-%m-%dT%H:%M:%SZ"),
            exact(self.days)
        ));
        doc.field(0, "name", &scalar(name));
        doc.field(
            0,
            "description",
            &quoted(&format!("Calibrated on {} calls of {}", self.calls, self.logs)),
        );
        match catalog {
            Some(path) => doc.field(0, "catalog", &scalar(path)),
            None => doc.comment("catalog: the embedded default (November 2025 list prices)"),
        }
        doc.line(0, "volume:");
        doc.field(2, "interactions_per_day", &exact(self.per_day));
        doc.field(2, "days_per_month", &DAYS_PER_MONTH.to_string());
        doc.line(0, "tiers:");
        for tier in &self.tiers {
            doc.field(2, "- name", &scalar(&tier.name));
            doc.field(4, "share", &exact(tier.share));
            doc.field(4, "input_tokens", &tier.input.to_string());
            if tier.system > 0 {
                doc.field(4, "system_tokens", &tier.system.to_string());
            }
            doc.field(4, "output_tokens", &tier.output.to_string());
            if tier.reasoning > 0 {
                doc.field(4, "reasoning_tokens", &tier.reasoning.to_string());
            }
        }
        doc.line(0, "strategies:");
        if let Some(routes) = self.observed_routes() {
            doc.field(2, "- name", OBSERVED);
            doc.line(4, "routes:");
            for (tier, model) in routes {
                doc.field(6, &scalar(tier), &scalar(model));
            }
        }
        for (model, _) in &self.models {
            doc.field(2, "- name", &scalar(model));
            doc.field(4, "model", &scalar(model));
        }
        doc.field(0, "baseline", &scalar(self.baseline()));
        self.techniques(&mut doc);
        self.uncertainty(&mut doc);
        doc.into_text()
    }

    fn techniques(&self, doc: &mut Document) {
        let batched: Vec<_> = self.tiers.iter().filter(|t| !t.batch_share.is_zero()).collect();
        if self.caching.is_none() && batched.is_empty() {
            return;
        }
        doc.line(0, "techniques:");
        if let Some(caching) = &self.caching {
            doc.line(2, "caching:");
            doc.field(4, "hit_rate", &exact(caching.hit_rate));
            doc.field(4, "ttl", ttl_name(caching.ttl));
        }
        if !batched.is_empty() {
            doc.line(2, "batch:");
            doc.line(4, "tiers:");
            for tier in batched {
                doc.field(6, &scalar(&tier.name), &exact(tier.batch_share));
            }
        }
    }

    fn uncertainty(&self, doc: &mut Document) {
        let spread: Vec<_> = self
            .tiers
            .iter()
            .filter(|t| t.input_fit.is_some() || t.output_fit.is_some())
            .collect();
        if self.daily.cv.is_none() && spread.is_empty() {
            return;
        }
        doc.line(0, "uncertainty:");
        if let Some(cv) = self.daily.cv {
            doc.field(2, "daily_volume_cv", &exact(cv));
        }
        if spread.is_empty() {
            return;
        }
        doc.line(2, "tiers:");
        for tier in spread {
            doc.line(4, &format!("{}:", scalar(&tier.name)));
            if let Some(fit) = &tier.input_fit {
                doc.field(6, "input_cv", &exact(fit.cv));
            }
            if let Some(fit) = &tier.output_fit {
                doc.field(6, "output_cv", &exact(fit.cv));
            }
        }
    }
}
