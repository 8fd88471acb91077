//! The rates one request pays: standard, batch or a service tier (priority,
//! flex), below or above the model's long-context threshold, with the
//! fallbacks for rates a catalog leaves out:
//! - cache write: the input rate (providers without a write charge);
//! - 1-hour cache write: 2 × input where the model charges writes, else input;
//! - reasoning: the output rate;
//! - a long-context cache rate: the standard one scaled like the input rate;
//! - a batch rate: half the rate it replaces;
//! - a service tier's cache rate: the standard one scaled like input (its
//!   reasoning rate: the tier's output rate, or a rate of its own scaled like
//!   output); above the long-context threshold without tier rates of its own:
//!   the long-context rates scaled like the tier's input and output;
//! - a tier the model is not sold in: the standard rates (only logged calls
//!   reach this; a strategy asking for the tier is refused, `Service::missing`).
//!
//! Fallbacks that guess (not the first and third, which are how providers bill)
//! leave a note naming the model and the default used.

use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::{ClassRates, Model, RateCard, ServiceTiers};
use rust_decimal::Decimal;
use serde::Serialize;

/// How a request is billed: its billing class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Standard,
    Batch,
    /// The priority service tier.
    Priority,
    /// The flex service tier.
    Flex,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Standard => "standard",
            Mode::Batch => "batch",
            Mode::Priority => "priority",
            Mode::Flex => "flex",
        }
    }

    /// The scenario field that asks for this class (a service tier's).
    pub fn field(self) -> &'static str {
        match self {
            Mode::Priority => "service_tier.priority",
            Mode::Flex => "service_tier.flex",
            Mode::Standard | Mode::Batch => "service_tier",
        }
    }
}

/// How long a cached prefix lives, which sets its write price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Ttl {
    #[default]
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

/// Every rate of one request, resolved (per 1M tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prices {
    pub input: Decimal,
    pub output: Decimal,
    /// `None`: the model has no prompt caching.
    pub cache_read: Option<Decimal>,
    pub cache_write: Decimal,
    pub reasoning: Decimal,
}

fn half(rate: Decimal) -> Decimal {
    rate / Decimal::TWO
}

/// `rate × to / from`: a rate scaled like another moved from `from` to `to`
/// (`to` itself when `from` is 0 or the product overflows).
fn scaled(rate: Decimal, to: Decimal, from: Decimal) -> Decimal {
    if from.is_zero() {
        return to;
    }
    rate.checked_mul(to).and_then(|r| r.checked_div(from)).map_or(to, carry)
}

fn tier_of(tiers: &ServiceTiers, mode: Mode) -> Option<&ClassRates> {
    match mode {
        Mode::Priority => tiers.priority.as_ref(),
        Mode::Flex => tiers.flex.as_ref(),
        Mode::Standard | Mode::Batch => None,
    }
}

impl Model {
    /// Whether a request of `input` tokens pays the long-context rates: above
    /// the threshold, not at it.
    pub fn is_long(&self, input: Decimal) -> bool {
        self.long_context
            .as_ref()
            .is_some_and(|lc| input > Decimal::from(lc.above_tokens))
    }

    /// The reasoning tokens per visible output token this model adds to a
    /// request that states none (`given`); `None` when the request's own count,
    /// or no reasoning, applies.
    pub fn reasoning_ratio_for(&self, given: Option<u64>) -> Option<Decimal> {
        match given {
            Some(_) => None,
            None => self.reasoning_ratio,
        }
    }

    /// Whether `other` bills every request as this model does: the same rates
    /// in every billing class once defaults apply (a batch rate a catalog
    /// states as half the standard one is the default it would get), the
    /// same long-context threshold, the same service tiers sold and the same
    /// fee per request.
    pub fn charges_as(&self, other: &Model) -> bool {
        let mut notes = Notes::default();
        let threshold = |m: &Model| m.long_context.as_ref().map(|lc| lc.above_tokens);
        let sold = |m: &Model| (m.tiers.priority.is_some(), m.tiers.flex.is_some());
        self.per_request == other.per_request
            && threshold(self) == threshold(other)
            && sold(self) == sold(other)
            && [false, true].into_iter().all(|long| {
                [Mode::Standard, Mode::Batch, Mode::Priority, Mode::Flex]
                    .into_iter()
                    .all(|mode| {
                        [Ttl::FiveMinutes, Ttl::OneHour].into_iter().all(|ttl| {
                            self.prices(long, mode, ttl, &mut notes) == other.prices(long, mode, ttl, &mut notes)
                        })
                    })
            })
    }

    /// The rates the catalog lists for a service tier (`None` for standard
    /// and batch, and for a tier the model is not sold in).
    pub fn tier(&self, mode: Mode) -> Option<&ClassRates> {
        tier_of(&self.tiers, mode)
    }

    /// The rates of a request in `mode`, above the long-context threshold or not.
    pub fn prices(&self, long: bool, mode: Mode, ttl: Ttl, notes: &mut Notes) -> Prices {
        let (card, batch, tiers) = match (&self.long_context, long) {
            (Some(lc), true) => (self.long_card(&lc.rates, notes), &lc.batch, Some(&lc.tiers)),
            _ => (self.standard.clone(), &self.batch, None),
        };
        match mode {
            Mode::Standard => self.resolve(&card, ttl, notes),
            Mode::Batch => {
                let standard = self.resolve(&card, ttl, notes);
                self.batched(&standard, &card, batch, ttl, notes)
            }
            Mode::Priority | Mode::Flex => {
                let tier_card = self.tier_card(&card, tiers, mode, notes);
                self.resolve(&tier_card, ttl, notes)
            }
        }
    }

    /// The rate card of a service tier: the catalog's tier rates, with
    /// missing cache and reasoning rates scaled from `card` (the standard or
    /// long-context one) like input and output; above the long-context
    /// threshold (`long_tiers` given) without tier rates of its own, the whole
    /// long-context card scaled like the tier's standard rates.
    fn tier_card(&self, card: &RateCard, long_tiers: Option<&ServiceTiers>, mode: Mode, notes: &mut Notes) -> RateCard {
        let Some(listed) = self.tier(mode) else {
            notes.add(format!(
                "{}: calls on the {} tier, but the catalog lists no {} rates; billed at the standard rates",
                self.id,
                mode.name(),
                mode.name()
            ));
            return card.clone();
        };
        let std = &self.standard;
        let tier_input = listed.input.unwrap_or(std.input);
        let tier_output = listed.output.unwrap_or(std.output);
        let (given, input, output) = match long_tiers.map(|t| tier_of(t, mode)) {
            None => (listed, tier_input, tier_output),
            Some(Some(long)) => (
                long,
                long.input.unwrap_or(card.input),
                long.output.unwrap_or(card.output),
            ),
            Some(None) => {
                let input = scaled(card.input, tier_input, std.input);
                let output = scaled(card.output, tier_output, std.output);
                notes.add(format!(
                    "{}: no long-context {} rates in the catalog; used the long-context rates scaled like the {} \
                     tier's standard ones (input {}, output {})",
                    self.id,
                    mode.name(),
                    mode.name(),
                    input.normalize(),
                    output.normalize()
                ));
                let like_input = |rate: Option<Decimal>| rate.map(|r| scaled(r, tier_input, std.input));
                return RateCard {
                    input,
                    output,
                    cached_input: like_input(card.cached_input),
                    cache_write: like_input(card.cache_write),
                    cache_write_1h: like_input(card.cache_write_1h),
                    reasoning: card.reasoning.map(|r| scaled(r, tier_output, std.output)),
                };
            }
        };
        let mut scale = |given: Option<Decimal>, rate: Option<Decimal>, to: Decimal, from: Decimal, name: &str| {
            given.or_else(|| {
                let rate = scaled(rate?, to, from);
                notes.add(format!(
                    "{}: no {} {name} rate in the catalog; used {} (the rate scaled like the tier's {})",
                    self.id,
                    mode.name(),
                    rate.normalize(),
                    if name == "reasoning" { "output" } else { "input" }
                ));
                Some(rate)
            })
        };
        RateCard {
            input,
            output,
            cached_input: scale(given.cached_input, card.cached_input, input, card.input, "cached_input"),
            cache_write: scale(given.cache_write, card.cache_write, input, card.input, "cache_write"),
            cache_write_1h: scale(None, card.cache_write_1h, input, card.input, "cache_write_1h"),
            reasoning: scale(None, card.reasoning, output, card.output, "reasoning"),
        }
    }

    /// A long-context card with its missing cache rates scaled from the standard ones.
    fn long_card(&self, long: &RateCard, notes: &mut Notes) -> RateCard {
        let std = &self.standard;
        let scale = |rate: Option<Decimal>, given: Option<Decimal>, name: &str, notes: &mut Notes| {
            given.or_else(|| {
                let rate = rate?;
                // A ratio too large for a decimal (a near-zero standard input rate)
                // falls back to the long-context input rate: a cache is never dearer.
                let scaled = if std.input.is_zero() {
                    rate
                } else {
                    rate.checked_mul(long.input)
                        .and_then(|r| r.checked_div(std.input))
                        .map_or(long.input, carry)
                };
                notes.add(format!(
                    "{}: no long-context {name} rate in the catalog; used {} (the standard rate scaled like input)",
                    self.id,
                    scaled.normalize()
                ));
                Some(scaled)
            })
        };
        if std.reasoning.is_some() && long.reasoning.is_none() {
            notes.add(format!(
                "{}: no long-context reasoning rate in the catalog; used the long-context output rate {} \
                 (reasoning is billed as output)",
                self.id,
                long.output.normalize()
            ));
        }
        RateCard {
            input: long.input,
            output: long.output,
            cached_input: scale(std.cached_input, long.cached_input, "cached_input", notes),
            cache_write: scale(std.cache_write, long.cache_write, "cache_write", notes),
            cache_write_1h: scale(std.cache_write_1h, long.cache_write_1h, "cache_write_1h", notes),
            reasoning: long.reasoning,
        }
    }

    fn resolve(&self, card: &RateCard, ttl: Ttl, notes: &mut Notes) -> Prices {
        let cache_write = match ttl {
            Ttl::FiveMinutes => card.cache_write.unwrap_or(card.input),
            Ttl::OneHour => match (card.cache_write_1h, card.cache_write) {
                (Some(rate), _) => rate,
                (None, Some(_)) => {
                    let rate = card.input * Decimal::TWO;
                    notes.add(format!(
                        "{}: no 1-hour cache-write rate in the catalog; used 2 × input = {}",
                        self.id,
                        rate.normalize()
                    ));
                    rate
                }
                (None, None) => card.input,
            },
        };
        Prices {
            input: card.input,
            output: card.output,
            cache_read: card.cached_input,
            cache_write,
            reasoning: card.reasoning.unwrap_or(card.output),
        }
    }

    /// Batch rates. Where writes carry no charge of their own they bill at the
    /// batch input rate. A catalog's batch write rate is for the 5-minute cache:
    /// 1-hour writes get the same discount (`batch write × 1h write / 5m write`).
    /// Reasoning is billed as output, so where its rate is the output rate it
    /// takes the batch output rate; a rate of its own is halved. Every rate
    /// made here rather than read from the catalog is named in a note
    /// (docs/default-rates.md lists the rules).
    fn batched(&self, standard: &Prices, card: &RateCard, batch: &ClassRates, ttl: Ttl, notes: &mut Notes) -> Prices {
        let mut defaulted = Vec::new();
        let mut pick = |given: Option<Decimal>, rate: Decimal, name: &'static str| {
            given.unwrap_or_else(|| {
                defaulted.push(name);
                half(rate)
            })
        };
        let input = pick(batch.input, standard.input, "input");
        let output = pick(batch.output, standard.output, "output");
        let charges_writes = card.cache_write.is_some() || card.cache_write_1h.is_some();
        let cache_write = match (batch.cache_write, ttl, card.cache_write) {
            (Some(rate), Ttl::FiveMinutes, _) => rate,
            (Some(rate), Ttl::OneHour, Some(five)) if !five.is_zero() => {
                let scaled = carry(rate * standard.cache_write / five);
                notes.add(format!(
                    "{}: no batch 1-hour cache-write rate in the catalog; used the batch write rate scaled like \
                     the standard ones ({} × {} / {} = {})",
                    self.id,
                    rate.normalize(),
                    standard.cache_write.normalize(),
                    five.normalize(),
                    scaled.normalize()
                ));
                scaled
            }
            _ if charges_writes => pick(None, standard.cache_write, "cache_write"),
            _ => input,
        };
        let cache_read = standard.cache_read.map(|r| pick(batch.cached_input, r, "cached_input"));
        let reasoning = if card.reasoning.is_none() {
            output
        } else {
            defaulted.push("reasoning");
            half(standard.reasoning)
        };
        let prices = Prices {
            input,
            output,
            cache_read,
            cache_write,
            reasoning,
        };
        if !defaulted.is_empty() {
            notes.add(format!(
                "{}: no batch {} rate in the catalog; used half the standard rate",
                self.id,
                defaulted.join(", ")
            ));
        }
        prices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;
    use rust_decimal_macros::dec;

    fn catalog() -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  openai-like:
    provider: openai
    input: 0.15
    output: 0.6
    cached_input: 0.075
    batch: {input: 0.075, output: 0.3}
  anthropic-like:
    provider: anthropic
    input: 3
    output: 15
    cached_input: 0.3
    cache_write: 3.75
  long:
    provider: google
    input: 1.25
    output: 10
    cached_input: 0.125
    reasoning: 12
    long_context: {above_tokens: 200000, input: 2.5, output: 15}
",
        ))
        .unwrap()
    }

    #[test]
    fn openai_style_writes_bill_at_input() {
        let c = catalog();
        let p = c
            .model("openai-like")
            .unwrap()
            .prices(false, Mode::Standard, Ttl::FiveMinutes, &mut Notes::default());
        assert_eq!((p.cache_read, p.cache_write), (Some(dec!(0.075)), dec!(0.15)));
    }

    #[test]
    fn one_hour_writes_default_to_twice_input_and_say_so() {
        let c = catalog();
        let mut notes = Notes::default();
        let p = c
            .model("anthropic-like")
            .unwrap()
            .prices(false, Mode::Standard, Ttl::OneHour, &mut notes);
        assert_eq!(p.cache_write, dec!(6));
        assert_eq!(notes.iter().count(), 1);
    }

    #[test]
    fn batch_uses_given_rates_and_halves_the_rest() {
        let c = catalog();
        let mut notes = Notes::default();
        let p = c
            .model("openai-like")
            .unwrap()
            .prices(false, Mode::Batch, Ttl::FiveMinutes, &mut notes);
        assert_eq!((p.input, p.output), (dec!(0.075), dec!(0.3)));
        assert_eq!(p.cache_read, Some(dec!(0.0375)));
        assert_eq!(p.cache_write, dec!(0.075));
        let a = c
            .model("anthropic-like")
            .unwrap()
            .prices(false, Mode::Batch, Ttl::FiveMinutes, &mut notes);
        assert_eq!(
            (a.input, a.output, a.cache_read, a.cache_write),
            (dec!(1.5), dec!(7.5), Some(dec!(0.15)), dec!(1.875))
        );
    }

    #[test]
    fn batched_one_hour_writes_keep_the_batch_discount() {
        let c = Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  m:
    provider: anthropic
    input: 2
    output: 10
    cached_input: 0.2
    cache_write: 2.5
    cache_write_1h: 4
    batch: {input: 1, output: 5, cached_input: 0.1, cache_write: 1.25}
",
        ))
        .unwrap();
        let m = c.model("m").unwrap();
        let mut notes = Notes::default();
        // 1.25 is the 5-minute batch write: half of 2.5; a 1-hour batch write is half of 4.
        assert_eq!(
            m.prices(false, Mode::Batch, Ttl::FiveMinutes, &mut notes).cache_write,
            dec!(1.25)
        );
        assert_eq!(
            m.prices(false, Mode::Batch, Ttl::OneHour, &mut notes).cache_write,
            dec!(2)
        );
        // Reasoning bills as output: the batch output rate.
        assert_eq!(
            m.prices(false, Mode::Batch, Ttl::OneHour, &mut notes).reasoning,
            dec!(5)
        );
        // The 1-hour batch write is a default, and says so; nothing else is.
        let said: Vec<&String> = notes.iter().collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("no batch 1-hour cache-write rate"), "{said:?}");
        assert!(said[0].contains("1.25 × 4 / 2.5 = 2"), "{said:?}");
    }

    #[test]
    fn a_reasoning_rate_of_its_own_is_halved_for_batch_and_says_so() {
        let c = catalog();
        let mut notes = Notes::default();
        let p = c
            .model("long")
            .unwrap()
            .prices(false, Mode::Batch, Ttl::FiveMinutes, &mut notes);
        // reasoning 12, no batch rate of its own: half of it.
        assert_eq!(p.reasoning, dec!(6));
        assert!(
            notes.iter().any(|n| n.contains("no batch") && n.contains("reasoning")),
            "{notes:?}"
        );
    }

    #[test]
    fn long_context_switches_every_rate() {
        let c = catalog();
        let mut notes = Notes::default();
        let p = c
            .model("long")
            .unwrap()
            .prices(true, Mode::Standard, Ttl::FiveMinutes, &mut notes);
        assert_eq!((p.input, p.output), (dec!(2.5), dec!(15)));
        // 0.125 scaled like input (2.5 / 1.25)
        assert_eq!(p.cache_read, Some(dec!(0.25)));
        // no long reasoning rate: the long output rate, and a note (the standard reasoning rate is 12)
        assert_eq!(p.reasoning, dec!(15));
        assert!(notes.iter().any(|n| n.contains("long-context cached_input")));
        assert!(
            notes.iter().any(|n| n.contains("no long-context reasoning rate")),
            "{notes:?}"
        );
    }

    fn tiered() -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  m:
    provider: google
    input: 2
    output: 8
    cached_input: 0.5
    priority: {input: 3.6, output: 14.4}
    flex: {input: 1, output: 4, cached_input: 0.2}
    long_context:
      above_tokens: 200000
      input: 4
      output: 12
      priority: {input: 7.2, output: 21.6, cached_input: 0.9}
  plain:
    provider: openai
    input: 1
    output: 4
",
        ))
        .unwrap()
    }

    #[test]
    fn a_tier_bills_its_own_rates_and_scales_the_cache_rate_it_leaves_out() {
        let c = tiered();
        let m = c.model("m").unwrap();
        let mut notes = Notes::default();
        let p = m.prices(false, Mode::Priority, Ttl::FiveMinutes, &mut notes);
        // cached 0.5 scaled like input, 2 → 3.6: 0.5 × 3.6 / 2 = 0.9
        assert_eq!(
            (p.input, p.output, p.cache_read),
            (dec!(3.6), dec!(14.4), Some(dec!(0.9)))
        );
        // reasoning bills as the tier's output; writes at the tier's input (no write rate)
        assert_eq!((p.reasoning, p.cache_write), (dec!(14.4), dec!(3.6)));
        assert!(
            notes.iter().any(|n| n.contains("no priority cached_input rate")),
            "{notes:?}"
        );
        let f = m.prices(false, Mode::Flex, Ttl::FiveMinutes, &mut notes);
        assert_eq!((f.input, f.output, f.cache_read), (dec!(1), dec!(4), Some(dec!(0.2))));
    }

    #[test]
    fn above_the_long_context_threshold_a_tier_takes_its_long_rates_or_scales_them() {
        let c = tiered();
        let m = c.model("m").unwrap();
        let mut notes = Notes::default();
        let p = m.prices(true, Mode::Priority, Ttl::FiveMinutes, &mut notes);
        assert_eq!(
            (p.input, p.output, p.cache_read),
            (dec!(7.2), dec!(21.6), Some(dec!(0.9)))
        );
        // No long-context flex rates: long 4 / 12 scaled like flex's 1 / 2 and 4 / 8:
        // input 4 × 1 / 2 = 2, output 12 × 4 / 8 = 6; the long cache rate (0.5 × 4 / 2 = 1) × 1 / 2 = 0.5.
        let f = m.prices(true, Mode::Flex, Ttl::FiveMinutes, &mut notes);
        assert_eq!((f.input, f.output, f.cache_read), (dec!(2), dec!(6), Some(dec!(0.5))));
        assert!(
            notes.iter().any(|n| n.contains("no long-context flex rates")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_tier_the_model_is_not_sold_in_bills_standard_and_says_so() {
        let c = tiered();
        let mut notes = Notes::default();
        let p = c
            .model("plain")
            .unwrap()
            .prices(false, Mode::Flex, Ttl::FiveMinutes, &mut notes);
        assert_eq!((p.input, p.output), (dec!(1), dec!(4)));
        assert!(notes.iter().any(|n| n.contains("lists no flex rates")), "{notes:?}");
    }
}
