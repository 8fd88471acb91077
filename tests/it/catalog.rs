//! `llmcost catalog validate|list|show|export`: the known faults of LiteLLM's 2025
//! data flagged, what a catalog holds, one row per model and price, and bad input.

use crate::common::{Scratch, TINY_CATALOG, llmcost};

/// Runs `llmcost` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = llmcost().args(args).output().expect("runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

const FAULTS: &str = "tests/fixtures/catalog-2025-claude-faults.yaml";

#[test]
fn validate_flags_the_one_hour_cache_writes_of_the_2025_claude_entries() {
    // Four Claude entries of LiteLLM's November 2025 file, imported as they are.
    // A 1-hour write should cost about 2 × input (Anthropic's price); within 5%:
    //   claude-3-7-sonnet: 6 / 3 = 2           fine
    //   claude-3-5-haiku:  6 / 0.8 = 7.5 ×     expected 1.6 (1.52 to 1.68)
    //   claude-3-haiku:    6 / 0.25 = 24 ×     expected 0.5 (0.475 to 0.525)
    //   claude-3-opus:     6 / 15 = 0.4 ×      expected 30 (28.5 to 31.5)
    let (code, csv, stderr) = run(&["catalog", "validate", FAULTS, "--format", "csv"]);
    assert_eq!(code, 0, "warnings do not fail: {stderr}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let suffix = "for an Anthropic model";
    assert_eq!(
        rows,
        [
            format!(
                "{FAULTS},claude-2025-faults,claude-3-5-haiku-20241022,cache_write_1h,6,per 1M,about 2 × input = 1.6 (1.52 to 1.68) {suffix}"
            ),
            format!(
                "{FAULTS},claude-2025-faults,claude-3-haiku-20240307,cache_write_1h,6,per 1M,about 2 × input = 0.5 (0.475 to 0.525) {suffix}"
            ),
            format!(
                "{FAULTS},claude-2025-faults,claude-3-opus-20240229,cache_write_1h,6,per 1M,about 2 × input = 30 (28.5 to 31.5) {suffix}"
            ),
        ]
    );
    let (_, table, _) = run(&["catalog", "validate", FAULTS]);
    assert!(table.starts_with("1 valid catalog, 3 implausible prices\n"), "{table}");
    assert!(
        table.contains("claude-2025-faults, as of 2025-11-13: 4 models, 3 warnings"),
        "{table}"
    );
}

#[test]
fn strict_validation_is_a_policy_breach() {
    let (code, _, stderr) = run(&["catalog", "validate", FAULTS, "--strict"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("threshold crossed: 3 implausible price(s) and --strict"),
        "{stderr}"
    );
    let (code, _, _) = run(&["catalog", "validate", "pricing/list-2026-10.yaml", "--strict"]);
    assert_eq!(code, 0);
}

#[test]
fn the_other_ratio_checks_name_model_field_value_and_range() {
    let scratch = Scratch::new();
    let catalog = scratch.file(
        "odd.yaml",
        "name: odd\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  m:
    provider: openai
    input: 2
    output: 1
    cached_input: 3
    cache_write: 1.5
    batch: {input: 2.5}
",
    );
    let (code, csv, _) = run(&["catalog", "validate", catalog.to_str().expect("utf-8"), "-f", "csv"]);
    assert_eq!(code, 0);
    let fields: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').skip(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        fields,
        [
            "output,1,per 1M,at least the input rate 2",
            "cached_input,3,per 1M,at most the input rate 2",
            "cache_write,1.5,per 1M,at least the input rate 2",
            "batch.input,2.5,per 1M,at most the standard rate 2",
        ]
    );
}

#[test]
fn an_invalid_catalog_fails_after_the_valid_ones_are_reported() {
    let scratch = Scratch::new();
    let broken = scratch.file(
        "broken.yaml",
        "name: b\nas_of: 2025-01-01\ncurrency: USD\nsource: s\nmodels:\n  m:\n    provider: p\n    input: cheap\n    output: 1\n",
    );
    let broken = broken.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(&["catalog", "validate", "pricing/list-2026-10.yaml", broken]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("pricing/list-2026-10.yaml:  list-2026-10, as of 2026-09-29: 36 models"),
        "{stdout}"
    );
    assert!(stderr.contains(&format!("error: {broken}:")), "{stderr}");
    assert!(
        stderr.contains(&format!("{broken}:8: models.m.input: `cheap` is not a decimal number")),
        "{stderr}"
    );
    assert!(stderr.contains("error: 1 of 2 catalogs is not valid"), "{stderr}");
}

#[test]
fn what_is_not_a_catalog_says_so_and_names_the_file() {
    let scratch = Scratch::new();
    let not_yaml = scratch.file("not.yaml", "models: [unclosed\n");
    let (code, _, stderr) = run(&["catalog", "validate", not_yaml.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not.yaml:"), "{stderr}");
    // A scenario is YAML but no catalog.
    let (code, _, stderr) = run(&["catalog", "validate", "scenarios/service-company.yaml"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "error: scenarios/service-company.yaml: this looks like a scenario (it has `tiers` and `strategies`), \
             not a price catalog"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("error: 1 of 1 catalog is not valid"), "{stderr}");
}

#[test]
fn list_finds_models_by_provider_and_id() {
    let scratch = Scratch::new();
    let tiny = scratch.file("tiny.yaml", TINY_CATALOG);
    let tiny = tiny.to_str().expect("utf-8");
    let (code, csv, _) = run(&[
        "catalog",
        "list",
        "--pricing",
        tiny,
        "--provider",
        "OpenAI",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(csv.lines().nth(1), Some("small,openai,,0.15,0.6,,,,,,,,,,,USD"));
    assert_eq!(csv.lines().count(), 2);
    // Aliases match too.
    let (_, csv, _) = run(&[
        "catalog",
        "list",
        "--pricing",
        tiny,
        "--model",
        "large-*",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv.lines().nth(1),
        Some("large,anthropic,large-latest,3,15,,,,,,,,,,,USD")
    );
    let (_, table, _) = run(&[
        "catalog",
        "list",
        "--pricing",
        "pricing/list-2026-10.yaml",
        "--model",
        "claude-*",
    ]);
    assert!(
        table.starts_with("list-2026-10: 6 of 36 models, per 1M tokens"),
        "{table}"
    );
}

#[test]
fn show_prints_every_price_or_names_the_closest_ids() {
    let (code, csv, _) = run(&[
        "catalog",
        "show",
        "gemini-2.5-pro",
        "--pricing",
        "pricing/list-2026-10.yaml",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        csv.starts_with("rate,price,unit,above_tokens,currency\ninput,1.25,per 1M tokens,,USD\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nlong_context.batch.cached_input,0.25,per 1M tokens,200000,USD\n"),
        "{csv}"
    );
    let (code, _, stderr) = run(&[
        "catalog",
        "show",
        "claude-sonet-4-5",
        "--pricing",
        "pricing/list-2026-10.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: pricing/list-2026-10.yaml: model `claude-sonet-4-5` is not in catalog `list-2026-10`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: closest ids: claude-sonnet-4-5"), "{stderr}");
}

#[test]
fn export_writes_one_row_per_model_and_price() {
    let scratch = Scratch::new();
    let tiny = scratch.file("tiny.yaml", TINY_CATALOG);
    let out = scratch.path("rates.csv");
    let run = llmcost()
        .args(["catalog", "export", "--pricing"])
        .arg(&tiny)
        .args(["--format", "csv", "--output"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(run.status.success());
    let csv = std::fs::read_to_string(&out).expect("written");
    assert_eq!(
        csv,
        "catalog,as_of,currency,model,provider,aliases,rate,price,unit,above_tokens
tiny,2025-06-01,USD,large,anthropic,large-latest,input,3,per 1M tokens,
tiny,2025-06-01,USD,large,anthropic,large-latest,output,15,per 1M tokens,
tiny,2025-06-01,USD,small,openai,,input,0.15,per 1M tokens,
tiny,2025-06-01,USD,small,openai,,output,0.6,per 1M tokens,
"
    );
}

#[test]
fn export_of_a_shipped_catalog_carries_batch_and_long_context_rates() {
    let (code, csv, _) = run(&["catalog", "export", "--pricing", "pricing/list-2026-10.yaml"]);
    assert_eq!(code, 0);
    assert!(csv.contains(
        "\nlist-2026-10,2026-09-29,USD,gpt-5.5,openai,,long_context.batch.output,22.5,per 1M tokens,272000\n"
    ));
    assert!(
        csv.contains("\nlist-2026-10,2026-09-29,USD,claude-haiku-4-5,anthropic,,cache_write_1h,2,per 1M tokens,\n")
    );
}

#[test]
fn long_context_rates_no_request_can_reach_are_flagged() {
    // Rates above 200,000 input tokens and a 200,000-token window (input and output
    // together): no request reaches them, unless a larger window is sold on request.
    let scratch = Scratch::new();
    let text = |extra: &str| {
        format!(
            "name: long\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n  m:\n    provider: anthropic\n    \
             input: 3\n    output: 15\n    long_context: {{above_tokens: 200000, input: 6, output: 22.5}}\n    \
             context_window: 200000\n{extra}"
        )
    };
    let unreachable = scratch.file("unreachable.yaml", &text(""));
    let (code, csv, stderr) = run(&["catalog", "validate", unreachable.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        csv.contains(
            "long,m,long_context.above_tokens,200000,tokens,below the context window (200000 tokens): else its rates never apply"
        ),
        "{csv}"
    );
    let extended = scratch.file("extended.yaml", &text("    extended_context_window: 1000000\n"));
    let (_, csv, _) = run(&["catalog", "validate", extended.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "{csv}");
}
