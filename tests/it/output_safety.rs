//! Where `-o` writes: through symlinks, into devices and FIFOs (never
//! replacing them), refusing what the user may not write, and a closed
//! stdout ending the run quietly.

#![cfg(unix)]

use crate::common::{Scratch, TINY_CATALOG, TINY_SCENARIO, llmcost};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::process::{Command, Stdio};

fn scratch_with_scenario() -> Scratch {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    scratch.file("s.yaml", TINY_SCENARIO);
    scratch
}

#[test]
fn a_report_goes_through_a_symlink_and_the_link_stays() {
    let scratch = scratch_with_scenario();
    let target = scratch.file("real.csv", "old\n");
    let link = scratch.path("link.csv");
    symlink(&target, &link).unwrap();
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "--format", "csv", "-o", "link.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("strategy,") || written.contains("all-large"),
        "{written}"
    );
}

#[test]
fn a_symlink_to_stdout_writes_to_stdout() {
    let scratch = scratch_with_scenario();
    symlink("/proc/self/fd/1", scratch.path("to-stdout")).unwrap();
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "--format", "csv", "-o", "to-stdout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("all-large"));
    assert!(
        std::fs::symlink_metadata(scratch.path("to-stdout"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "--format", "csv", "-o", "/dev/stdout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("all-large"));
}

#[test]
fn a_full_device_is_an_error_and_stays_a_device() {
    let scratch = scratch_with_scenario();
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "-o", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write /dev/full"));
    assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device());
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn a_fifo_is_written_into_not_replaced() {
    let scratch = scratch_with_scenario();
    let fifo = scratch.path("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo).unwrap().read_to_string(&mut text).unwrap();
            text
        })
    };
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "--format", "json", "-o", "pipe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = reader.join().unwrap();
    assert!(text.contains("\"all-large\""), "{text}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// As an unprivileged user (when the tests run as root, through `setpriv`),
/// a read-only report file is refused, not replaced.
#[test]
fn a_read_only_file_is_refused() {
    let scratch = scratch_with_scenario();
    let target = scratch.file("locked.csv", "keep\n");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(scratch.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    for f in ["catalog.yaml", "s.yaml"] {
        std::fs::set_permissions(scratch.path(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // A copy of the binary the unprivileged user can run wherever the checkout lives.
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let binary = bin_dir.path().join("llmcost");
    std::fs::copy(assert_cmd::cargo::cargo_bin("llmcost"), &binary).unwrap();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    let running_as_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if running_as_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        c
    } else {
        Command::new(&binary)
    };
    let out = cmd
        .current_dir(scratch.dir.path())
        .args(["simulate", "s.yaml", "--format", "csv", "-o", "locked.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write locked.csv"), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep\n");
    assert_eq!(
        std::fs::read_dir(scratch.dir.path()).unwrap().count(),
        3,
        "no temporary file left"
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_with_success() {
    let binary = assert_cmd::cargo::cargo_bin("llmcost");
    let mut child = Command::new(binary)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "sweep",
            "scenarios/service-company.yaml",
            "--set",
            "volume.interactions_per_day=1..3000:1",
            "--force",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: stdout is closed, as `| head -1` does.
    let out = child.wait_with_output().unwrap();
    assert!(!first.is_empty());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
