//! The command line: one option means one thing in every command (`--pricing`,
//! `-s/--strategy`, `-q/--quiet`, `--from`), and the forms of earlier versions
//! still parse. Bad command lines are cases of `tests/bad_input_cases/cli.yaml`.

use crate::common::{Scratch, TINY_CATALOG, llmcost};

/// Exit code, stdout and stderr of `llmcost ARGS`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = llmcost().args(args).output().expect("runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs both command lines and checks they print the same report.
fn same_report(new: &[&str], old: &[&str]) -> String {
    let (code, report, stderr) = run(new);
    assert_eq!(code, 0, "{new:?}: {stderr}");
    let (code, earlier, stderr) = run(old);
    assert_eq!(code, 0, "{old:?}: {stderr}");
    assert_eq!(report, earlier, "{new:?} and {old:?} differ");
    report
}

#[test]
fn catalog_commands_read_the_catalog_from_pricing_as_earlier_versions_did_from_a_position() {
    let scratch = Scratch::new();
    let tiny = scratch.file("tiny.yaml", TINY_CATALOG);
    let tiny = tiny.to_str().expect("utf-8");
    let list = same_report(
        &["catalog", "list", "--pricing", tiny, "-f", "csv"],
        &["catalog", "list", tiny, "-f", "csv"],
    );
    assert_eq!(
        list.lines().count(),
        3,
        "a header and the two models of the tiny catalog:\n{list}"
    );
    let show = same_report(
        &["catalog", "show", "large-latest", "--pricing", tiny, "-f", "csv"],
        &["catalog", "show", "large-latest", tiny, "-f", "csv"],
    );
    assert_eq!(
        show,
        "rate,price,unit,above_tokens,currency\ninput,3,per 1M tokens,,USD\noutput,15,per 1M tokens,,USD\n"
    );
    let export = same_report(&["catalog", "export", "--pricing", tiny], &["catalog", "export", tiny]);
    assert_eq!(
        export.lines().count(),
        5,
        "a header and two prices of two models:\n{export}"
    );
    // The option comes before or after the id alike.
    let (code, before, _) = run(&["catalog", "show", "--pricing", tiny, "large", "-f", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(before, show);
}

#[test]
fn import_reads_one_price_list_whose_format_is_from_and_the_earlier_form_still_parses() {
    let file = "tests/fixtures/litellm-2025-claude.json";
    let new = same_report(
        &["catalog", "import", file, "--as-of", "2025-11-13"],
        &["catalog", "import", "litellm", file, "--as-of", "2025-11-13"],
    );
    let (code, with_from, _) = run(&["catalog", "import", file, "--from", "litellm", "--as-of", "2025-11-13"]);
    assert_eq!(code, 0);
    assert_eq!(with_from, new);
    assert!(new.contains("by `llmcost catalog import --from litellm`"), "{new}");
}

#[test]
fn diff_takes_s_for_strategy_as_ladder_and_explain_do() {
    let catalogs = [
        "--base",
        "pricing/list-2025-11.yaml",
        "--head",
        "pricing/list-2026-10.yaml",
        "--map",
        "gemini-2.0-flash=gemini-2.5-flash-lite",
        "--map",
        "claude-3-7-sonnet=claude-sonnet-5",
    ];
    let mut short = vec!["diff", "-s", "routed"];
    short.extend(catalogs);
    let mut long = vec!["diff", "--strategy", "routed"];
    long.extend(catalogs);
    let report = same_report(&short, &long);
    // The complex tier moves from $3 / $15 to $2 / $10 per 1M tokens:
    // 600 requests x (5,000 x $1 + 4,000 x $5) / 1M = $15.00 less a month, of $48.1095.
    assert!(
        report.starts_with("Monthly estimate falls by $15.00 (-31.2%)"),
        "{report}"
    );
    let (code, ladder, stderr) = run(&["ladder", "-s", "routed", "-f", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(ladder.starts_with("strategy,step,"), "{ladder}");
}

#[test]
fn quiet_silences_notes_in_every_command_before_or_after_it() {
    let scratch = Scratch::new();
    let scenario = scratch.file(
        "no-catalog.yaml",
        "name: no-catalog\nvolume: {interactions_per_month: 1000}\ntiers:\n  - {name: all, share: 100%, input_tokens: 1000, output_tokens: 100}\nstrategies:\n  - {name: mini, model: gpt-4o-mini}\nbaseline: mini\n",
    );
    let scenario = scenario.to_str().expect("utf-8");
    let (code, _, stderr) = run(&["simulate", scenario]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: "), "without --quiet the note prints: {stderr}");
    for args in [
        vec!["-q", "simulate", scenario],
        vec!["simulate", scenario, "--quiet"],
        vec!["explain", scenario, "-s", "mini", "-q"],
        vec!["montecarlo", scenario, "--runs", "10", "-q"],
        vec!["sweep", scenario, "--set", "volume.interactions_per_month=10,20", "-q"],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(!stdout.is_empty(), "{args:?} still reports");
        assert_eq!(stderr, "", "{args:?} prints no note");
    }
    let (code, _, stderr) = run(&["catalog", "import", "tests/fixtures/litellm-2025-claude.json", "-q"]);
    assert_eq!(code, 0);
    assert_eq!(stderr, "", "neither the date nor the summary of the import");
}
