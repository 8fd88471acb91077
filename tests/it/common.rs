//! Helpers shared by the integration tests: the binary, and scratch files.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `llmcost` binary, run from the repository root.
pub fn llmcost() -> Command {
    let mut cmd = Command::cargo_bin("llmcost").expect("the binary builds");
    // Tables fit `COLUMNS` when it is set; the tests expect full width unless they set it.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("COLUMNS");
    cmd
}

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A scratch folder with files written into it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Writes `name` with `text` and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write a scratch file");
        path
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A small catalog with round prices, for hand-computed figures.
pub const TINY_CATALOG: &str = "\
name: tiny
as_of: 2025-06-01
currency: USD
source: hand-written test prices
models:
  small:
    provider: openai
    input: 0.15
    output: 0.6
  large:
    provider: anthropic
    aliases: [large-latest]
    input: 3
    output: 15
";

/// The reference workload on the tiny catalog.
pub const TINY_SCENARIO: &str = "\
name: tiny-workload
catalog: catalog.yaml
volume:
  interactions_per_day: 100
  days_per_month: 30
tiers:
  - name: simple
    share: 30%
    input_tokens: 1500
    output_tokens: 800
  - name: medium
    share: 50%
    input_tokens: 3000
    output_tokens: 2000
  - name: complex
    share: 20%
    input_tokens: 5000
    output_tokens: 4000
strategies:
  - name: all-large
    model: large
  - name: routed
    routes:
      simple: small
      medium: small
      complex: large
baseline: all-large
";

/// `llmcost ARGS -q -f json`, which must succeed, parsed.
pub fn json_of(args: &[&str]) -> serde_json::Value {
    let out = llmcost().args(args).args(["-q", "-f", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The shipped `scenario` (naming `../{catalog}`) with each `from` replaced
/// by `to`, written to `scratch` with its catalog's path made absolute.
pub fn shipped_variant(scratch: &Scratch, scenario: &str, catalog: &str, edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(repo(scenario)).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text = text.replace(&format!("../{catalog}"), repo(catalog).to_str().unwrap());
    scratch.file("s.yaml", &text).to_str().unwrap().to_string()
}
