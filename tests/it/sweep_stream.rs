//! A CSV or JSON sweep streams: rows reach the output as their point is
//! priced, a file is replaced only once the whole sweep succeeded, and a
//! reader that stops early ends even a million-point sweep at once.

use crate::common::{self, Scratch, llmcost, repo};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REFERENCE: &str = "scenarios/service-company.yaml";

#[test]
fn a_sweep_streamed_to_a_file_is_what_stdout_shows() {
    let scratch = Scratch::new();
    for (format, name) in [("csv", "out.csv"), ("json", "out.json")] {
        let path = scratch.path(name);
        std::fs::write(&path, "old").unwrap();
        let args = [
            "sweep",
            REFERENCE,
            "--set",
            "volume.interactions_per_day=100..300:100",
            "--breakeven",
            "routed,gpt-4o",
            "-f",
            format,
        ];
        let stdout = llmcost().args(args).output().unwrap();
        assert!(stdout.status.success(), "{}", String::from_utf8_lossy(&stdout.stderr));
        llmcost().args(args).arg("-o").arg(&path).assert().success();
        assert_eq!(std::fs::read(&path).unwrap(), stdout.stdout, "{format}");
    }
    let csv = std::fs::read_to_string(scratch.path("out.csv")).unwrap();
    // A header, then five strategies at each of three points.
    assert_eq!(csv.lines().count(), 16);
    // gpt-4o at 100 a day (3,000 a month) costs 83.325 (see tests/it/sweep.rs), at 300 three times that.
    assert!(
        csv.contains("\n3,volume.interactions_per_day,300,gpt-4o,249.975,"),
        "{csv}"
    );
    assert_eq!(
        std::fs::read_dir(scratch.dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn a_sweep_failing_part_way_leaves_the_old_file_and_no_temporary_file() {
    let scratch = Scratch::new();
    for (format, name) in [("csv", "out.csv"), ("json", "out.json")] {
        let path = scratch.path(name);
        std::fs::write(&path, "the old report\n").unwrap();
        // The simple tier has 1,500 input tokens: 1,600 context tokens do not fit,
        // after 16 points (0 to 1,500) were priced and streamed.
        llmcost()
            .args([
                "sweep",
                REFERENCE,
                "--set",
                "tiers.simple.context_tokens=0..2000:100",
                "-f",
                format,
                "-o",
            ])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "at tiers.simple.context_tokens=1600: system + context + history = 0 + 1600 + 0 = 1600 tokens, more than the 1500 input tokens",
            ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old report\n");
    }
    let names: Vec<String> = std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_reader_that_stops_early_ends_a_million_point_sweep_at_once() {
    // Without streaming, every one of the 1,000,000 points is priced before the first line.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("llmcost"))
        .current_dir(repo(""))
        .args([
            "sweep",
            REFERENCE,
            "--set",
            "volume.interactions_per_day=1..1000:1",
            "--set",
            "tiers.simple.output_tokens=1..1000:1",
            "--force",
            "-f",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut lines = [String::new(), String::new()];
    for line in &mut lines {
        reader.read_line(line).unwrap();
    }
    drop(reader);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("the sweep went on after its reader stopped");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(lines[0].starts_with("point,parameter_1,value_1,parameter_2,value_2,strategy,"));
    assert!(lines[1].starts_with("1,volume.interactions_per_day,1,tiers.simple.output_tokens,1,o3,"));
    assert_eq!(status.code(), Some(0));
}

/// A streamed CSV follows the CSV rules: a strategy name a spreadsheet would
/// run as a formula starts with `'`, unless `--raw-csv` asks for it as it is.
#[test]
fn a_streamed_csv_guards_formula_like_names() {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", common::TINY_CATALOG);
    let scenario = scratch.file(
        "s.yaml",
        &common::TINY_SCENARIO
            .replace("name: all-large", "name: \"=1+1\"")
            .replace("baseline: all-large", "baseline: \"=1+1\""),
    );
    let run = |extra: &[&str]| {
        let out = llmcost()
            .arg("sweep")
            .arg(&scenario)
            .args(["--set", "volume.interactions_per_day=100,200", "-f", "csv"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let guarded = run(&[]);
    assert!(guarded.contains(",'=1+1,"), "{guarded}");
    let raw = run(&["--raw-csv"]);
    assert!(raw.contains(",=1+1,") && !raw.contains("'=1+1"), "{raw}");
}
