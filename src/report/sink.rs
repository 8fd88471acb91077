//! Where a report goes: stdout (no `--output`, or `-`), or a file written
//! whole: to a temporary file beside it, renamed into place only once complete,
//! so an existing file is never left half-written. The file keeps the
//! permissions of the one it replaces; a new file is readable by all (0644),
//! as an editor would leave it, not owner-only like a temporary file.

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Writes `text` to stdout or, atomically, to `path`.
pub fn write(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        None => print_stdout(text),
        Some(p) if p.as_os_str() == "-" => print_stdout(text),
        Some(p) => write_file(p, text.as_bytes()),
    }
}

/// Writes `bytes` (a chart) to the file `path`, atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file(path, bytes)
}

fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot create a file in {}", dir.display()))?;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => Some(existing.permissions()),
        Err(_) => new_file_permissions(),
    };
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .and_then(|()| match permissions {
            Some(p) => tmp.as_file().set_permissions(p),
            None => Ok(()),
        })
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        write(Some(&path), "new,contents\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new,contents\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_all_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.csv");
        write(Some(&fresh), "x").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o644);
        let private = dir.path().join("private.csv");
        std::fs::write(&private, "old").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(Some(&private), "new").unwrap();
        assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let e = write(Some(Path::new("/nonexistent/dir/out.csv")), "x").unwrap_err();
        assert!(format!("{e:#}").contains("/nonexistent/dir"), "{e:#}");
    }
}
