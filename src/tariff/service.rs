//! The service a strategy buys besides its models: the share of its calls sent
//! in each service tier (priority, flex; the rest standard) and the region
//! whose endpoints serve them (docs/service-tiers.md).
//!
//! A call that runs on the batch API is a batch call whatever the tier: the
//! tier shares divide the calls that do not (`b` batch, `p` priority, `f`
//! flex: standard `(1 - b)(1 - p - f)`, priority `(1 - b)p`, flex `(1 - b)f`).
//! A region multiplies every token rate of every class by the model's listed
//! multiplier; the per-request fee is left as it is.

use super::rates::Mode;
use crate::pricing::Model;
use rust_decimal::Decimal;
use serde::Serialize;

/// The shares of a strategy's non-batch calls in each service tier and the
/// region it names (`None`: the list price's endpoints).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Service {
    pub priority: Decimal,
    pub flex: Decimal,
    pub region: Option<String>,
}

impl Service {
    /// Each billing class of a call with its weight, `batch` of it on the
    /// batch API; classes of weight 0 are left out.
    pub fn classes(&self, batch: Decimal) -> Vec<(Mode, Decimal)> {
        let sync = Decimal::ONE - batch;
        [
            (Mode::Standard, sync * (Decimal::ONE - self.priority - self.flex)),
            (Mode::Batch, batch),
            (Mode::Priority, sync * self.priority),
            (Mode::Flex, sync * self.flex),
        ]
        .into_iter()
        .filter(|(_, w)| !w.is_zero())
        .collect()
    }

    /// The service tiers the strategy sends calls to, with their modes.
    pub fn tiers(&self) -> impl Iterator<Item = Mode> + '_ {
        [(Mode::Priority, self.priority), (Mode::Flex, self.flex)]
            .into_iter()
            .filter(|(_, share)| !share.is_zero())
            .map(|(mode, _)| mode)
    }

    /// The multiplier of every token rate of `model` in the strategy's region:
    /// 1 without a region, else the model's listed multiplier (`None` when
    /// the model lists no such region: `offer` reports it).
    pub fn multiplier(&self, model: &Model) -> Option<Decimal> {
        match &self.region {
            None => Some(Decimal::ONE),
            Some(name) => model.regions.get(name).copied(),
        }
    }

    /// What `model` lacks for this service: a tier it is not sold in or a
    /// region it lists no price for, in words, with the field it concerns
    /// (`service_tier.priority`, `region`); `None` when it offers all of it.
    pub fn missing(&self, model: &Model) -> Option<(&'static str, String)> {
        for mode in self.tiers() {
            if model.tier(mode).is_none() {
                return Some((
                    mode.field(),
                    format!(
                        "model `{}` lists no {} rates in the catalog; send its calls in a tier it is sold in, \
                         or add the tier's rates to the catalog (docs/service-tiers.md)",
                        model.id,
                        mode.name()
                    ),
                ));
            }
        }
        if let Some(region) = &self.region
            && !model.regions.contains_key(region)
        {
            let listed: Vec<&str> = model.regions.keys().map(String::as_str).collect();
            return Some((
                "region",
                format!(
                    "model `{}` lists no price for region `{region}` ({}); name a region the catalog lists for \
                     every model of the strategy (docs/service-tiers.md)",
                    model.id,
                    if listed.is_empty() {
                        "it lists no regions".to_string()
                    } else {
                        format!("it lists {}", listed.join(", "))
                    }
                ),
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn tier_shares_divide_the_calls_not_on_the_batch_api() {
        let service = Service {
            priority: dec!(0.2),
            flex: dec!(0.3),
            region: None,
        };
        // 40% batch; of the other 60%: 20% priority = 12%, 30% flex = 18%, 50% standard = 30%.
        assert_eq!(
            service.classes(dec!(0.4)),
            [
                (Mode::Standard, dec!(0.3)),
                (Mode::Batch, dec!(0.4)),
                (Mode::Priority, dec!(0.12)),
                (Mode::Flex, dec!(0.18)),
            ]
        );
        assert_eq!(Service::default().classes(dec!(0)), [(Mode::Standard, dec!(1))]);
    }
}
