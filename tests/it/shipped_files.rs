//! Every scenario in `scenarios/` and every catalog in `pricing/` loads, and
//! every scenario prices against the catalog it names.

use crate::common::{llmcost, repo};
use std::path::PathBuf;

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo(dir))
        .expect("the folder exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_catalog_loads() {
    let catalogs = yaml_files("pricing");
    assert!(catalogs.len() >= 2);
    for catalog in catalogs {
        let text = std::fs::read_to_string(&catalog).expect("readable");
        let loaded =
            llmcost::pricing::Catalog::from_source(&llmcost::input::Source::new(catalog.display().to_string(), text));
        assert!(loaded.is_ok(), "{}: {:?}", catalog.display(), loaded.err());
    }
}

#[test]
fn every_scenario_simulates_against_its_catalog() {
    let scenarios = yaml_files("scenarios");
    assert!(!scenarios.is_empty());
    for scenario in scenarios {
        let out = llmcost().arg("simulate").arg(&scenario).output().expect("runs");
        assert!(
            out.status.success(),
            "{}: {}",
            scenario.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_current_catalog_covers_the_major_providers() {
    let text = std::fs::read_to_string(repo("pricing/list-2026-10.yaml")).expect("readable");
    let catalog =
        llmcost::pricing::Catalog::from_source(&llmcost::input::Source::new("list-2026-10.yaml", text)).expect("loads");
    assert!(catalog.models.len() >= 25);
    for provider in ["openai", "anthropic", "google", "deepseek", "mistral", "xai"] {
        assert!(catalog.models.iter().any(|m| m.provider == provider), "{provider}");
    }
    let with_cache = catalog
        .models
        .iter()
        .filter(|m| m.standard.cached_input.is_some())
        .count();
    let with_batch = catalog.models.iter().filter(|m| m.batch.input.is_some()).count();
    assert!(
        with_cache >= 25 && with_batch >= 15,
        "{with_cache} cached, {with_batch} batch"
    );
}
