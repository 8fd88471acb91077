//! The integration tests are one crate (`autotests = false` in Cargo.toml), so
//! cargo runs only the modules `main.rs` declares: a test file left directly
//! in `tests/`, or one in `tests/it/` that `main.rs` does not declare, would
//! never run. This fails on either, naming the file, and on snapshots left in
//! `tests/snapshots/`, where insta no longer looks (it reads `tests/it/snapshots/`).

use crate::common::repo;

/// The `.rs` files directly in `folder` of the repository, by file stem.
fn rust_files(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo(folder))
        .expect("the folder reads")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| path.file_stem().expect("a name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_test_file_is_a_module_of_the_one_test_crate() {
    let stray = rust_files("tests");
    assert!(
        stray.is_empty(),
        "tests/{{{}}}.rs would not run: move each to tests/it/ and declare it in tests/it/main.rs",
        stray.join(",")
    );
    assert!(
        !repo("tests/snapshots").exists(),
        "tests/snapshots/ is not read: move each `<test file>__<name>.snap` to tests/it/snapshots/it__<test file>__<name>.snap"
    );
    let main = std::fs::read_to_string(repo("tests/it/main.rs")).expect("main.rs reads");
    let undeclared: Vec<String> = rust_files("tests/it")
        .into_iter()
        .filter(|name| name != "main" && !main.lines().any(|l| l.trim() == format!("mod {name};")))
        .collect();
    assert!(
        undeclared.is_empty(),
        "tests/it/{{{}}}.rs would not run: declare each in tests/it/main.rs",
        undeclared.join(",")
    );
}
