//! Where a run's reports go, and the rules that keep every file safe:
//!
//! - nothing is written until every report of the run is rendered: a run
//!   that fails writes nothing ([`Outputs`] collects, then writes);
//! - `-` (or no path) is stdout; a closed stdout (`| head`) ends the run
//!   quietly ([`StdoutClosed`]);
//! - a regular file (or a new path) is written whole: to a temporary file
//!   beside it, renamed into place only once complete, keeping the replaced
//!   file's permissions (a new file is readable by all, 0644); a file the
//!   user may not write is refused, as the shell would refuse it;
//! - a report too long to hold (a large sweep's rows) is streamed by the same
//!   rules ([`Outputs::stream`]): into stdout or a device as it is produced,
//!   into the temporary file beside a regular file, which [`Outputs::finish`]
//!   renames into place with the run's other outputs once the whole run
//!   succeeded; a run that fails drops the temporary file and the file stays
//!   as it was (what reached stdout stays there);
//! - a symlink is written through, to the file it points at; the link stays;
//! - a device, FIFO or socket (and anything under `/dev` or `/proc`, such as
//!   `/dev/stdout`) is written into, never replaced;
//! - a folder, one of the run's own input files, or one file named by two
//!   outputs is refused before anything is written (a usage error).

use crate::input::opened;
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output the run may not write: a folder, one of the run's inputs, a
/// file another output names. The command line reports it as a usage error
/// (exit code 2); nothing is written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutputRefused(pub String);

/// Stdout was closed by its reader: the run ends quietly, with success.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct StdoutClosed;

/// How one output reaches its destination.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    Stdout,
    /// A device, FIFO or socket: opened and written into.
    Into(PathBuf),
    /// A regular file or a new path (links followed): replaced atomically.
    Replace(PathBuf),
}

/// The outputs of one run, checked as they are added and written together.
#[derive(Debug, Default)]
pub struct Outputs {
    /// What each flag names, where it leads, and its bytes (`None`: streamed).
    items: Vec<(String, Destination, Option<Vec<u8>>)>,
}

/// An output written as it is produced: see [`Outputs::stream`].
pub struct Stream {
    /// `to stdout` or the file's path, for messages.
    shown: String,
    to: Open,
}

/// Where a stream's bytes go.
enum Open {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Into(std::io::BufWriter<std::fs::File>),
    /// The temporary file beside the file it replaces.
    Replace(PathBuf, std::io::BufWriter<tempfile::NamedTempFile>),
}

impl Outputs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `bytes` for the file `path` that `flag` names (`None` or `-`:
    /// stdout). Refuses a folder, one of the run's inputs, and a file another
    /// output of the run already names.
    pub fn add(&mut self, flag: &str, path: Option<&Path>, bytes: impl Into<Vec<u8>>) -> anyhow::Result<()> {
        let (shown, destination) = self.claim(flag, path)?;
        self.items.push((shown, destination, Some(bytes.into())));
        Ok(())
    }

    /// Opens the output `path` that `flag` names for writing as the report is
    /// produced, by the same rules as [`Outputs::add`]: stdout and devices are
    /// written as the bytes come, a regular file's bytes go to a temporary file
    /// beside it. [`Outputs::finish`] completes it with the run's other outputs;
    /// dropping it (a failed run) leaves the file as it was.
    pub fn stream(&mut self, flag: &str, path: Option<&Path>) -> anyhow::Result<Stream> {
        let (label, destination) = self.claim(flag, path)?;
        let shown = match &destination {
            Destination::Stdout => "to stdout".to_string(),
            Destination::Into(path) | Destination::Replace(path) => path.display().to_string(),
        };
        let to = match &destination {
            Destination::Stdout => Open::Stdout(std::io::BufWriter::new(std::io::stdout())),
            Destination::Into(path) => Open::Into(std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            )),
            Destination::Replace(path) => Open::Replace(path.clone(), std::io::BufWriter::new(staging(path)?)),
        };
        self.items.push((label, destination, None));
        Ok(Stream { shown, to })
    }

    /// Refuses now what [`Outputs::add`] would refuse for `path` once its
    /// bytes are ready: a long run learns of a bad output before it starts.
    pub fn check(&self, flag: &str, path: Option<&Path>) -> anyhow::Result<()> {
        self.claim(flag, path).map(|_| ())
    }

    /// What `flag` names and where it leads, refused when another output of the run leads there too.
    fn claim(&self, flag: &str, path: Option<&Path>) -> anyhow::Result<(String, Destination)> {
        let (shown, destination) = match path.filter(|p| p.as_os_str() != "-") {
            None => ("stdout".to_string(), Destination::Stdout),
            Some(p) => (p.display().to_string(), resolve(flag, p)?),
        };
        if destination != Destination::Stdout
            && let Some((other, _, _)) = self.items.iter().find(|(_, d, _)| *d == destination)
        {
            return Err(OutputRefused(format!(
                "{flag} {shown}: the same file as {other}; nothing was written\n  hint: give each output its own file"
            ))
            .into());
        }
        Ok((format!("{flag} {shown}"), destination))
    }

    /// Writes every output: first each replaced file into a temporary file
    /// beside it, then devices and stdout, then the renames. An error before
    /// the renames leaves every existing file as it was.
    pub fn write(self) -> anyhow::Result<()> {
        self.complete(None)
    }

    /// Writes the other outputs as [`Outputs::write`] does, with `stream`
    /// completed among them: its last bytes written, its temporary file
    /// renamed into place with the others.
    pub fn finish(self, stream: Stream) -> anyhow::Result<()> {
        self.complete(Some(stream))
    }

    fn complete(self, stream: Option<Stream>) -> anyhow::Result<()> {
        let mut staged = Vec::new();
        for (_, destination, bytes) in &self.items {
            if let (Destination::Replace(path), Some(bytes)) = (destination, bytes) {
                staged.push((path.clone(), stage(path, bytes)?));
            }
        }
        if let Some(stream) = stream {
            staged.extend(stream.close()?);
        }
        for (_, destination, bytes) in &self.items {
            match (destination, bytes) {
                (Destination::Stdout, Some(bytes)) => print_stdout(bytes)?,
                (Destination::Into(path), Some(bytes)) => write_into(path, bytes)?,
                _ => {}
            }
        }
        for (path, tmp) in staged {
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

impl Stream {
    /// The error of a failed write: a closed stdout carries [`StdoutClosed`]
    /// (the run ends quietly); any other names the output.
    fn failed(&self, e: std::io::Error) -> std::io::Error {
        if matches!(self.to, Open::Stdout(_)) && e.kind() == std::io::ErrorKind::BrokenPipe {
            std::io::Error::new(e.kind(), StdoutClosed)
        } else {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", self.shown))
        }
    }

    /// Writes what is buffered; a replaced file's temporary file, ready to rename.
    fn close(self) -> anyhow::Result<Option<(PathBuf, tempfile::NamedTempFile)>> {
        let mut stream = self;
        stream.flush()?;
        Ok(match stream.to {
            Open::Replace(path, tmp) => Some((path, tmp.into_inner().map_err(|e| e.into_error())?)),
            Open::Stdout(_) | Open::Into(_) => None,
        })
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = match &mut self.to {
            Open::Stdout(out) => out.write(buf),
            Open::Into(out) => out.write(buf),
            Open::Replace(_, out) => out.write(buf),
        };
        written.map_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = match &mut self.to {
            Open::Stdout(out) => out.flush(),
            Open::Into(out) => out.flush(),
            Open::Replace(_, out) => out.flush(),
        };
        flushed.map_err(|e| self.failed(e))
    }
}

/// Writes `text` to stdout (`None` or `-`) or the file `path`, by the rules above.
pub fn write(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    let mut outputs = Outputs::new();
    outputs.add("--output", path, text)?;
    outputs.write()
}

/// Where `path` really leads, checked against the run's inputs.
fn resolve(flag: &str, path: &Path) -> anyhow::Result<Destination> {
    let shown = path.display();
    let special = path.starts_with("/dev") || path.starts_with("/proc");
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(OutputRefused(format!("{flag} {shown}: is a folder; name a file")).into()),
        Ok(meta) if meta.is_file() && !special => {
            let real = std::fs::canonicalize(path).with_context(|| format!("cannot write {shown}"))?;
            if opened::was_read(&real) {
                return Err(OutputRefused(format!(
                    "{flag} {shown}: is one of this run's input files{}; nothing was written\n  hint: write the report to another file",
                    if real.as_path() == path { String::new() } else { format!(" ({})", real.display()) }
                ))
                .into());
            }
            // The permission check a shell's `>` makes: refuse what the user may not write.
            std::fs::OpenOptions::new()
                .write(true)
                .open(&real)
                .with_context(|| format!("cannot write {shown}"))?;
            Ok(Destination::Replace(real))
        }
        Ok(_) => Ok(Destination::Into(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Destination::Replace(new_file(path)?)),
        Err(e) => Err(e).with_context(|| format!("cannot write {shown}")),
    }
}

/// The file a new path creates: a dangling symlink is followed to the file
/// it names, and the folder is made absolute so two names of one file compare equal.
fn new_file(path: &Path) -> anyhow::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&target) {
            Ok(link) => target = parent_of(&target).join(link),
            Err(_) => {
                let dir = parent_of(&target);
                let dir = std::fs::canonicalize(dir)
                    .with_context(|| format!("cannot write {}: no folder {}", path.display(), dir.display()))?;
                let name = target
                    .file_name()
                    .with_context(|| format!("cannot write {}: not a file name", path.display()))?;
                return Ok(dir.join(name));
            }
        }
    }
    anyhow::bail!("cannot write {}: too many levels of symbolic links", path.display())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn print_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        other => other.context("cannot write to stdout"),
    }
}

fn write_into(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `bytes` in a temporary file beside `path`, with the permissions `path` will have.
fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut tmp = staging(path)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(tmp)
}

/// An empty temporary file beside `path`, with the permissions `path` will have.
fn staging(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = parent_of(path);
    let tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot create a file in {}", dir.display()))?;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => Some(existing.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file()
            .set_permissions(p)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(tmp)
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.csv");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(Some(&link), "new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("made-by-the-link.csv", &dangling).unwrap();
        write(Some(&dangling), "via link").unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made-by-the-link.csv")).unwrap(),
            "via link"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_never_replaced() {
        write(Some(Path::new("/dev/null")), "discarded").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null is still a device");
        let e = write(Some(Path::new("/dev/full")), "x").unwrap_err();
        assert!(format!("{e:#}").contains("cannot write /dev/full"), "{e:#}");
        assert!(
            !std::fs::metadata("/dev/full").unwrap().is_file(),
            "/dev/full is still a device"
        );
    }

    #[test]
    fn a_folder_and_a_file_named_twice_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(Some(dir.path()), "x").unwrap_err();
        assert!(e.is::<OutputRefused>(), "{e:#}");
        let mut outputs = Outputs::new();
        let path = dir.path().join("a.csv");
        outputs.add("--output", Some(&path), "one").unwrap();
        let again = dir.path().join(".").join("a.csv");
        let e = outputs.add("--plot", Some(&again), "two").unwrap_err();
        assert!(format!("{e:#}").contains("the same file as --output"), "{e:#}");
        assert!(!path.exists(), "nothing written yet");
    }

    #[test]
    fn an_input_of_the_run_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input.yaml");
        std::fs::write(&input, "kept").unwrap();
        opened::record(&input);
        let e = write(Some(&input), "report").unwrap_err();
        assert!(e.is::<OutputRefused>(), "{e:#}");
        assert!(format!("{e:#}").contains("is one of this run's input files"), "{e:#}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "kept");
    }

    #[test]
    fn a_stream_replaces_its_file_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut outputs = Outputs::new();
        let mut stream = outputs.stream("--output", Some(&path)).unwrap();
        stream.write_all(b"a,b\n").unwrap();
        stream.flush().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "old",
            "untouched while streaming"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "the temporary file beside it"
        );
        stream.write_all(b"1,2\n").unwrap();
        outputs.finish(stream).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn a_stream_dropped_part_way_leaves_the_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let mut outputs = Outputs::new();
        let mut stream = outputs.stream("--output", Some(&path)).unwrap();
        stream.write_all(&[b'x'; 100_000]).unwrap();
        drop(stream);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let fresh = dir.path().join("fresh.csv");
        drop(Outputs::new().stream("--output", Some(&fresh)).unwrap());
        assert!(!fresh.exists(), "a new file is not created");
    }

    #[test]
    fn a_stream_is_checked_against_the_other_outputs_and_the_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.svg");
        let mut outputs = Outputs::new();
        let stream = outputs.stream("--output", Some(&path)).unwrap();
        let e = outputs.check("--plot", Some(&path)).unwrap_err();
        assert!(format!("{e:#}").contains("--plot"), "{e:#}");
        assert!(format!("{e:#}").contains("the same file as --output"), "{e:#}");
        let e = outputs.add("--plot", Some(&path), "x").unwrap_err();
        assert!(e.is::<OutputRefused>(), "{e:#}");
        drop(stream);
        let input = dir.path().join("scenario.yaml");
        std::fs::write(&input, "kept").unwrap();
        opened::record(&input);
        let e = Outputs::new().stream("--output", Some(&input)).err().unwrap();
        assert!(format!("{e:#}").contains("is one of this run's input files"), "{e:#}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "kept");
    }

    #[cfg(unix)]
    #[test]
    fn a_stream_into_a_device_writes_into_it_and_names_it_on_failure() {
        let mut outputs = Outputs::new();
        let mut stream = outputs.stream("--output", Some(Path::new("/dev/null"))).unwrap();
        stream.write_all(b"discarded").unwrap();
        outputs.finish(stream).unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
        let mut outputs = Outputs::new();
        let mut stream = outputs.stream("--output", Some(Path::new("/dev/full"))).unwrap();
        let e = stream.write_all(&[b'x'; 100_000]).unwrap_err();
        assert!(e.to_string().contains("cannot write /dev/full"), "{e}");
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }
}
