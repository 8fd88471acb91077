//! The table-driven bad-input suite: every case in `tests/bad_input_cases/*.yaml`
//! runs the real binary in a scratch folder and must end with the expected
//! exit code and message, print no panic, and leave every file in the folder
//! as it was (nothing created, changed or removed).
//!
//! A case file is a YAML list of cases:
//!
//! ```yaml
//! - name: an alias equal to the model's own id
//!   files:                        # written into the scratch folder first
//!     catalog.yaml: $TINY_CATALOG # `$TINY_CATALOG` / `$TINY_SCENARIO`: the shared texts
//!     s.yaml: $TINY_SCENARIO
//!   replace:                      # optional edits: file -> [[from, to], ...]
//!     catalog.yaml: [["aliases: [large-latest]", "aliases: [large]"]]
//!   args: [simulate, s.yaml, -o, out.csv]   # `{repo}` expands to the repository root
//!   code: 1
//!   stderr: ["catalog.yaml:", "alias `large`"]   # each must appear in stderr
//!   stdout: empty                 # `empty` (the default) or `any`
//! ```

use crate::common::{self, TINY_CATALOG, TINY_SCENARIO, llmcost};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    replace: BTreeMap<String, Vec<(String, String)>>,
    args: Vec<String>,
    code: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: StdoutRule,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StdoutRule {
    #[default]
    Empty,
    Any,
}

fn expand(text: &str) -> String {
    match text {
        "$TINY_CATALOG" => TINY_CATALOG.to_string(),
        "$TINY_SCENARIO" => TINY_SCENARIO.to_string(),
        other => other.to_string(),
    }
}

/// Every file under `dir` (recursively) with its bytes and permissions.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list the scratch folder") {
            let path = entry.expect("an entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = if meta.is_file() {
                    std::fs::read(&path).expect("read")
                } else {
                    Vec::new()
                };
                files.insert(path, (bytes, permission_bits(&meta)));
            }
        }
    }
    files
}

#[cfg(unix)]
fn permission_bits(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
fn permission_bits(_: &std::fs::Metadata) -> u32 {
    0
}

fn run_case(file: &Path, case: &Case) -> Result<(), String> {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    for (name, text) in &case.files {
        let mut text = expand(text);
        for (from, to) in case.replace.get(name).into_iter().flatten() {
            if !text.contains(from.as_str()) {
                return Err(format!("replace: `{from}` is not in {name}"));
            }
            text = text.replace(from.as_str(), to);
        }
        let path = scratch.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a folder");
        }
        std::fs::write(&path, text).expect("write a case file");
    }
    let before = snapshot(scratch.path());
    let repo = env!("CARGO_MANIFEST_DIR");
    let args: Vec<String> = case.args.iter().map(|a| a.replace("{repo}", repo)).collect();
    let out = llmcost()
        .current_dir(scratch.path())
        .args(&args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.code) {
        problems.push(format!("exit code {:?}, expected {}", out.status.code(), case.code));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("the run panicked".to_string());
    }
    for part in &case.stderr {
        if !stderr.contains(part.as_str()) {
            problems.push(format!("expected {part:?} in stderr"));
        }
    }
    if matches!(case.stdout, StdoutRule::Empty) && !stdout.is_empty() {
        problems.push("expected nothing on stdout".to_string());
    }
    if snapshot(scratch.path()) != before {
        problems.push("the run created, changed or removed a file".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: case `{}` ({}):\n  {}\nstderr:\n{stderr}\nstdout:\n{stdout}",
            file.display(),
            case.name,
            args.join(" "),
            problems.join("\n  ")
        ))
    }
}

fn cases() -> Vec<(PathBuf, Case)> {
    let dir = common::repo("tests/bad_input_cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the cases folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read a case file");
        let cases: Vec<Case> = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        all.extend(cases.into_iter().map(|c| (path.clone(), c)));
    }
    all
}

#[test]
fn every_bad_input_case_fails_cleanly_and_touches_no_file() {
    let all = cases();
    let failures: Vec<String> = all
        .iter()
        .filter_map(|(file, case)| run_case(file, case).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

#[test]
fn case_names_are_unique() {
    let mut seen = std::collections::BTreeSet::new();
    for (file, case) in cases() {
        assert!(
            seen.insert(case.name.clone()),
            "{}: duplicate case name `{}`",
            file.display(),
            case.name
        );
    }
}
