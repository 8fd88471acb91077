//! Hand-computed bills of single requests: caching in both provider styles,
//! minimum prefixes, batch stacked on caching, the long-context switch,
//! reasoning at its own rate, per-request fees.

use super::*;
use crate::engine::shape;
use crate::input::Source;
use crate::pricing::Catalog;
use crate::scenario::TierTokens;
use crate::tariff::{Kind, Part, Service, Ttl};
use crate::techniques::{Batch, Caching, EarlyStop, PrefixPart, Pruning, Summary, Techniques};
use rust_decimal_macros::dec;

fn shipped() -> Catalog {
    Catalog::from_source(&Source::new(
        "list-2025-11.yaml",
        include_str!("../../pricing/list-2025-11.yaml"),
    ))
    .expect("the shipped catalog loads")
}

fn test_catalog() -> Catalog {
    Catalog::from_source(&Source::new(
        "t.yaml",
        "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  min-prefix:
    provider: anthropic
    input: 3
    output: 15
    cached_input: 0.3
    cache_write: 3.75
    min_cacheable_tokens: 1024
  long:
    provider: google
    input: 1.25
    output: 10
    long_context: {above_tokens: 200000, input: 2.5, output: 15}
  thinker:
    provider: openai
    input: 1
    output: 10
    reasoning: 12
    reasoning_ratio: 2
  fee:
    provider: openai
    input: 1
    output: 2
    per_request: 0.01
",
    ))
    .expect("the test catalog loads")
}

/// 3,000 input tokens of which 2,000 are the system prompt; 500 output.
fn with_prefix() -> RequestTokens {
    RequestTokens {
        system: dec!(2000),
        context: dec!(0),
        history: dec!(0),
        user: dec!(1000),
        output: dec!(500),
        reasoning: dec!(0),
    }
}

fn caching(hit_rate: Decimal) -> Caching {
    Caching::system_prompt(hit_rate, Ttl::FiveMinutes)
}

const M: Decimal = dec!(1_000_000);

fn input_cost(billed: &Bill) -> Decimal {
    billed.part(Part::Input) + billed.part(Part::CacheRead) + billed.part(Part::CacheWrite)
}

#[test]
fn openai_style_caching_writes_at_the_input_rate() {
    let catalog = shipped();
    let mini = catalog.model("gpt-4o-mini").unwrap();
    assert_eq!(
        (mini.standard.input, mini.standard.cached_input),
        (dec!(0.15), Some(dec!(0.075)))
    );
    let billed = bill(
        mini,
        Kind::Answer,
        &with_prefix(),
        Some(&caching(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    // OpenAI caches 1,024 tokens and whole steps of 128 above: 1,920 of the 2,000. 1,000 + 80
    // uncached, 90% of 1,920 read (1,728), 10% written at the input rate (192).
    let expected = (dec!(1080) * dec!(0.15) + dec!(1728) * dec!(0.075) + dec!(192) * dec!(0.15)) / M;
    assert_eq!(input_cost(&billed), expected);
    assert_eq!(billed.part(Part::Output), dec!(500) * dec!(0.6) / M);
}

#[test]
fn anthropic_style_caching_pays_for_writes() {
    let catalog = shipped();
    let sonnet = catalog.model("claude-3-7-sonnet").unwrap();
    assert_eq!(sonnet.standard.cached_input, Some(dec!(0.3)));
    assert_eq!(sonnet.standard.cache_write, Some(dec!(3.75)));
    let billed = bill(
        sonnet,
        Kind::Answer,
        &with_prefix(),
        Some(&caching(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    let expected = (dec!(1000) * dec!(3) + dec!(1800) * dec!(0.30) + dec!(200) * dec!(3.75)) / M;
    assert_eq!(input_cost(&billed), expected);
    assert_eq!(billed.part(Part::CacheWrite), dec!(200) * dec!(3.75) / M);
}

#[test]
fn a_prefix_below_the_minimum_is_not_cached() {
    let catalog = test_catalog();
    let model = catalog.model("min-prefix").unwrap();
    let mut short = with_prefix();
    short.system = dec!(1000);
    short.user = dec!(2000);
    let billed = bill(
        model,
        Kind::Answer,
        &short,
        Some(&caching(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    assert_eq!(billed.prefix, dec!(0));
    assert_eq!(input_cost(&billed), dec!(3000) * dec!(3) / M);
    // At the minimum it is cached.
    let mut at_min = with_prefix();
    at_min.system = dec!(1024);
    at_min.user = dec!(1976);
    let billed = bill(
        model,
        Kind::Answer,
        &at_min,
        Some(&caching(dec!(1))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    assert_eq!(input_cost(&billed), (dec!(1976) * dec!(3) + dec!(1024) * dec!(0.3)) / M);
}

#[test]
fn batch_stacks_on_caching() {
    let catalog = shipped();
    let mini = catalog.model("gpt-4o-mini").unwrap();
    assert_eq!(
        (mini.batch.input, mini.batch.output, mini.batch.cached_input),
        (Some(dec!(0.075)), Some(dec!(0.3)), None)
    );
    let mut notes = Notes::default();
    let billed = bill(
        mini,
        Kind::Answer,
        &with_prefix(),
        Some(&caching(dec!(0.9))),
        (dec!(0.5), &Service::default()),
        dec!(0),
        &mut notes,
    );
    // 1,920 of the 2,000 system tokens cached (OpenAI's 128-token steps above 1,024).
    let standard = (dec!(1080) * dec!(0.15) + dec!(1728) * dec!(0.075) + dec!(192) * dec!(0.15)) / M;
    // Batch: input 0.075, cache reads at half the standard cached rate (none listed), writes at batch input.
    let batch = (dec!(1080) * dec!(0.075) + dec!(1728) * dec!(0.0375) + dec!(192) * dec!(0.075)) / M;
    assert_eq!(input_cost(&billed), dec!(0.5) * standard + dec!(0.5) * batch);
    assert_eq!(
        billed.part(Part::Output),
        dec!(0.5) * dec!(500) * dec!(0.6) / M + dec!(0.5) * dec!(500) * dec!(0.3) / M
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("gpt-4o-mini: no batch cached_input rate")),
        "{notes:?}"
    );
}

fn input_of(n: i64) -> RequestTokens {
    RequestTokens {
        system: dec!(0),
        context: dec!(0),
        history: dec!(0),
        user: Decimal::from(n),
        output: dec!(1000),
        reasoning: dec!(0),
    }
}

#[test]
fn long_context_switches_the_whole_request_only_above_the_threshold() {
    let catalog = test_catalog();
    let model = catalog.model("long").unwrap();
    let total = |n: i64| {
        bill(
            model,
            Kind::Answer,
            &input_of(n),
            None,
            (dec!(0), &Service::default()),
            dec!(0),
            &mut Notes::default(),
        )
        .total()
    };
    assert_eq!(total(199_999), (dec!(199999) * dec!(1.25) + dec!(1000) * dec!(10)) / M);
    assert_eq!(total(200_000), (dec!(200000) * dec!(1.25) + dec!(1000) * dec!(10)) / M);
    assert_eq!(total(200_001), (dec!(200001) * dec!(2.5) + dec!(1000) * dec!(15)) / M);
}

#[test]
fn reasoning_is_billed_at_its_own_rate() {
    let catalog = test_catalog();
    let model = catalog.model("thinker").unwrap();
    let mut tokens = input_of(1000);
    tokens.reasoning = dec!(3000);
    let billed = bill(
        model,
        Kind::Answer,
        &tokens,
        None,
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    assert_eq!(billed.part(Part::Reasoning), dec!(3000) * dec!(12) / M);
    assert_eq!(billed.part(Part::Output), dec!(1000) * dec!(10) / M);
}

#[test]
fn a_models_reasoning_ratio_applies_when_the_tier_gives_none() {
    let catalog = test_catalog();
    let model = catalog.model("thinker").unwrap();
    let tier = TierTokens {
        system: 0,
        context: 0,
        history: 0,
        user: 100,
        output: 400,
        reasoning: None,
    };
    // ratio 2: 800 reasoning tokens; early stop cuts visible output, not reasoning
    let techniques = Techniques {
        early_stop: Some(EarlyStop {
            share: dec!(0.5),
            saved: dec!(0.5),
        }),
        ..Techniques::default()
    };
    let shaped = shape(&tier, &techniques, model);
    assert_eq!(shaped.tokens.reasoning, dec!(800));
    assert_eq!(shaped.tokens.output, dec!(400) * (dec!(1) - dec!(0.5) * dec!(0.5)));
    let given = TierTokens {
        reasoning: Some(50),
        ..tier
    };
    assert_eq!(shape(&given, &Techniques::default(), model).tokens.reasoning, dec!(50));
}

#[test]
fn a_per_request_fee_is_counted_once_per_request() {
    let catalog = test_catalog();
    let model = catalog.model("fee").unwrap();
    let billed = bill(
        model,
        Kind::Answer,
        &input_of(1000),
        None,
        (dec!(0.25), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    assert_eq!(billed.part(Part::Fee), dec!(0.01));
}

#[test]
fn token_techniques_act_in_order_and_are_recorded() {
    let catalog = shipped();
    let model = catalog.model("gpt-4o").unwrap();
    let tier = TierTokens {
        system: 2000,
        context: 5000,
        history: 2000,
        user: 500,
        output: 1000,
        reasoning: None,
    };
    let techniques = Techniques {
        pruning: Some(Pruning::Cap(3000)),
        summary: Some(Summary { reduction: dec!(0.5) }),
        early_stop: Some(EarlyStop {
            share: dec!(0.2),
            saved: dec!(0.5),
        }),
        caching: None,
        batch: Some(Batch::All(dec!(0))),
    };
    let shaped = shape(&tier, &techniques, model);
    assert_eq!(shaped.tokens.input(), dec!(2000) + dec!(3000) + dec!(1000) + dec!(500));
    assert_eq!(shaped.tokens.output, dec!(900));
    let changed: Vec<(&str, Decimal, Decimal)> = shaped
        .adjustments
        .iter()
        .map(|a| (a.tokens, a.before, a.after))
        .collect();
    assert_eq!(
        changed,
        [
            ("context", dec!(5000), dec!(3000)),
            ("history", dec!(2000), dec!(1000)),
            ("output", dec!(1000), dec!(900))
        ]
    );
}

/// 500 system, 1,500 context, 700 history and 300 user tokens; 100 output.
fn conversation() -> RequestTokens {
    RequestTokens {
        system: dec!(500),
        context: dec!(1500),
        history: dec!(700),
        user: dec!(300),
        output: dec!(100),
        reasoning: dec!(0),
    }
}

fn whole_prefix(hit_rate: Decimal) -> Caching {
    Caching {
        prefix: vec![PrefixPart::System, PrefixPart::Context, PrefixPart::History],
        ..caching(hit_rate)
    }
}

#[test]
fn a_prefix_of_several_parts_is_cut_by_each_providers_rule() {
    let catalog = shipped();
    let mini = catalog.model("gpt-4o-mini").unwrap();
    let billed = bill(
        mini,
        Kind::Answer,
        &conversation(),
        Some(&whole_prefix(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    // OpenAI: 2,700 stated, 1,024 + 13 × 128 = 2,688 cached (688 of the history); 312 uncached,
    // 90% of 2,688 read (2,419.2), 268.8 written at the input rate.
    assert_eq!(billed.prefix, dec!(2688));
    assert_eq!(billed.cached.of(PrefixPart::History), dec!(688));
    let expected = (dec!(312) * dec!(0.15) + dec!(2419.2) * dec!(0.075) + dec!(268.8) * dec!(0.15)) / M;
    assert_eq!(input_cost(&billed), expected);

    let sonnet = catalog.model("claude-3-7-sonnet").unwrap();
    let billed = bill(
        sonnet,
        Kind::Answer,
        &conversation(),
        Some(&whole_prefix(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut Notes::default(),
    );
    // Anthropic: breakpoints after 500, 2,000 and 2,700; the last reaches the 1,024 minimum, so
    // all 2,700 are cached: 300 uncached at $3, 2,430 read at $0.30, 270 written at $3.75.
    assert_eq!(billed.prefix, dec!(2700));
    let expected = (dec!(300) * dec!(3) + dec!(2430) * dec!(0.3) + dec!(270) * dec!(3.75)) / M;
    assert_eq!(input_cost(&billed), expected);
}

#[test]
fn the_default_prefix_is_the_system_prompt_alone() {
    let catalog = shipped();
    let sonnet = catalog.model("claude-3-7-sonnet").unwrap();
    let mut notes = Notes::default();
    let billed = bill(
        sonnet,
        Kind::Answer,
        &conversation(),
        Some(&caching(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0),
        &mut notes,
    );
    // 500 system tokens alone are below Anthropic's 1,024: nothing cached, all 3,000 at $3.
    assert_eq!(billed.prefix, dec!(0));
    assert_eq!(input_cost(&billed), dec!(3000) * dec!(3) / M);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("a system prompt of 500 tokens is not cached"))
    );
}

#[test]
fn a_switch_of_model_turns_history_reads_into_writes() {
    let catalog = shipped();
    let mini = catalog.model("gpt-4o-mini").unwrap();
    // λ = 56% (5 turns, the model serving 30% of them): of the 688 cached history tokens only
    // 90% × 44% are read. Reads 0.9 × 2,000 + 0.9 × 0.44 × 688 = 2,072.448; writes 615.552.
    let billed = bill(
        mini,
        Kind::Answer,
        &conversation(),
        Some(&whole_prefix(dec!(0.9))),
        (dec!(0), &Service::default()),
        dec!(0.56),
        &mut Notes::default(),
    );
    assert_eq!(billed.part(Part::CacheRead), dec!(2072.448) * dec!(0.075) / M);
    assert_eq!(billed.part(Part::CacheWrite), dec!(615.552) * dec!(0.15) / M);
    assert_eq!(billed.history_lost, dec!(0.56));
}
