//! Where a report goes: stdout (no `--output`, or `-`), or a file written
//! whole: to a temporary file beside it, renamed into place only once complete,
//! so an existing file is never left half-written.

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
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let e = write(Some(Path::new("/nonexistent/dir/out.csv")), "x").unwrap_err();
        assert!(format!("{e:#}").contains("/nonexistent/dir"), "{e:#}");
    }
}
