//! Reading an input file from disk: the one place every input file (scenario,
//! catalog, rules, LiteLLM JSON, labelled CSV, ...) is read. Only regular files
//! are read (a FIFO would block, a device never ends, a folder is a mistake),
//! none above [`MAX_FILE_BYTES`], and the text must be UTF-8; a leading byte
//! order mark is dropped (see [`super::Source::new`]). Every file read is
//! recorded in [`super::opened`], so that no output of the run replaces it.

use super::error::InputError;
use std::io::Read;
use std::path::Path;

/// The largest input file read, in bytes (16 MiB): far above any real scenario,
/// catalog or LiteLLM price list, low enough that no file ties up the parser.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The text of the file at `path`, which must be a regular UTF-8 file of at
/// most [`MAX_FILE_BYTES`]; `what` ("scenario", "price catalog", ...) says in
/// errors what the file should have been.
pub fn read_text(path: &Path, what: &str) -> Result<String, InputError> {
    let name = path.display().to_string();
    let fail = |message: String| InputError::file(&name, message);
    let meta = regular_metadata(path, what)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let file = open_recorded(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut err = fail(format!(
            "is not UTF-8 text (byte {} is not valid UTF-8); expected a {what} file",
            valid.len() + 1
        ));
        err.line = Some(line);
        err.with_hint("save the file as UTF-8")
    })
}

/// The file at `path` opened to be read as a stream, at any size: a log
/// export is read row by row, never held whole. It must be a regular file;
/// `what` says in errors what it should have been.
pub fn open_stream(path: &Path, what: &str) -> Result<std::fs::File, InputError> {
    regular_metadata(path, what)?;
    open_recorded(path)
}

/// The metadata of `path`, which must be a regular file. The type is checked
/// before opening: opening a FIFO blocks until a writer comes.
fn regular_metadata(path: &Path, what: &str) -> Result<std::fs::Metadata, InputError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| InputError::file(&name, format!("cannot read the file: {e}")))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(InputError::file(
            &name,
            format!("is {kind}, not a regular file; expected a {what} file"),
        ));
    }
    Ok(meta)
}

/// Opens `path`, recording it among the run's inputs.
fn open_recorded(path: &Path) -> Result<std::fs::File, InputError> {
    super::opened::record(path);
    std::fs::File::open(path)
        .map_err(|e| InputError::file(&path.display().to_string(), format!("cannot read the file: {e}")))
}

/// Why line `line` of a file read a line at a time could not be read: it is
/// not UTF-8, or reading failed.
pub fn line_error(file: &str, line: u64, e: std::io::Error) -> InputError {
    let message = if e.kind() == std::io::ErrorKind::InvalidData {
        "is not UTF-8 text".to_string()
    } else {
        format!("cannot read the file: {e}")
    };
    InputError {
        line: Some(line as usize),
        ..InputError::file(file, message)
    }
}

fn too_large(name: &str, bytes: u64) -> InputError {
    InputError::file(
        name,
        format!(
            "is {bytes} bytes, above the limit of {MAX_FILE_BYTES} bytes ({} MiB) for an input file",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// What a file that is not a regular file is, in words.
fn not_regular(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_refused_with_what_was_expected() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), "scenario").unwrap_err();
        assert!(
            e.message
                .ends_with("is a folder, not a regular file; expected a scenario file"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let e = read_text(Path::new("/dev/zero"), "price catalog").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/zero: is a device, not a regular file; expected a price catalog file"
        );
    }

    #[test]
    fn files_above_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = read_text(&path, "scenario").unwrap_err();
        assert!(
            e.message
                .starts_with("is 16777217 bytes, above the limit of 16777216 bytes (16 MiB)"),
            "{e}"
        );
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.yaml");
        std::fs::write(&path, b"name: a\ndescription: caf\xe9\n").unwrap();
        let e = read_text(&path, "scenario").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("byte 25 is not valid UTF-8"), "{e}");
    }
}
