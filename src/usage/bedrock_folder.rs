//! A folder of Amazon Bedrock invocation logs, as S3 receives them and as a
//! copy of the bucket holds them (`aws s3 sync`): a file every few minutes,
//! `AWSLogs/ACCOUNT/BedrockModelInvocationLogs/REGION/YYYY/MM/DD/HH/*.json.gz`.
//! Every log file under the folder, at any depth, is read as one log, a file
//! at a time (each as `bedrock::Lines` reads one file), in the order of their
//! paths: within a region, S3's names put the files in the order of time.
//! Files of other names are left out and counted.

use super::Usage;
use super::bedrock::{EXPECTED, Lines};
use super::detect::{Source, read_usage};
use super::table::{Head, Records, RowSource, UsageRows};
use crate::input::InputError;
use std::path::{Path, PathBuf};

/// The names of the log files read: as S3 receives them, decompressed, or
/// written as JSON lines.
const LOG_FILES: [&str; 4] = [".json.gz", ".json", ".jsonl", ".jsonl.gz"];

/// Folders inside folders followed at most (a link back to a folder above
/// would go on for ever).
const DEPTH: usize = 32;

/// The log files of a folder, read one after the other.
pub(crate) struct Folder {
    files: std::vec::IntoIter<PathBuf>,
    /// The file being read.
    current: Option<Box<dyn RowSource>>,
    /// Files under the folder whose names are not a log file's.
    others: Vec<PathBuf>,
}

impl Folder {
    /// The invocation logs under the folder `path`.
    pub(crate) fn open(path: &Path) -> Result<UsageRows, InputError> {
        let name = path.display().to_string();
        let (mut files, mut others) = (Vec::new(), Vec::new());
        walk(path, 0, &mut files, &mut others).map_err(|e| InputError::file(&name, e))?;
        if files.is_empty() {
            return Err(InputError::file(
                &name,
                format!(
                    "is a folder holding no log file (named {})",
                    LOG_FILES.map(|e| format!("*{e}")).join(", ")
                ),
            )
            .with_hint("name a folder of Amazon Bedrock invocation logs as S3 receives them, or one file of logs"));
        }
        files.sort();
        others.sort();
        Ok(UsageRows::new(
            Box::new(Self {
                files: files.into_iter(),
                current: None,
                others,
            }),
            true,
        ))
    }

    /// The next of what `read` reads, from the file being read or the next.
    fn next_with<T>(
        &mut self,
        read: impl Fn(&mut dyn RowSource) -> Option<Result<Option<T>, InputError>>,
    ) -> Option<Result<Option<T>, InputError>> {
        loop {
            if let Some(source) = self.current.as_mut()
                && let Some(found) = read(source.as_mut())
            {
                return Some(found);
            }
            let file = self.files.next()?;
            match open_file(&file) {
                Ok(source) => self.current = Some(source),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl RowSource for Folder {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        self.next_with(|source| source.next_row())
    }

    fn next_head(&mut self) -> Option<Result<Option<Head>, InputError>> {
        self.next_with(|source| source.next_head())
    }

    fn notes(&self) -> Vec<String> {
        let Some(first) = self.others.first() else {
            return Vec::new();
        };
        let (files, more) = match self.others.len() {
            1 => (
                "1 file of the folder not named as a log file".to_string(),
                String::new(),
            ),
            n => (
                format!("{n} files of the folder not named as log files"),
                format!(" and {} more", n - 1),
            ),
        };
        vec![format!(
            "{files} ({}) {} left out: {}{more}",
            LOG_FILES.map(|e| format!("*{e}")).join(", "),
            if self.others.len() == 1 { "was" } else { "were" },
            first.display()
        )]
    }
}

/// The records of log file `path`: a line at a time, or read whole when a
/// record is written over several lines; another provider's export is refused.
fn open_file(path: &Path) -> Result<Box<dyn RowSource>, InputError> {
    if let Some(lines) = Lines::of(path)? {
        return Ok(Box::new(lines));
    }
    match read_usage(path)? {
        (Source::Bedrock, records) => Ok(Box::new(Records::new(records))),
        (source, _) => Err(InputError::file(
            &path.display().to_string(),
            format!(
                "holds {}, not Bedrock invocation logs; every log file of a folder is read as {EXPECTED}",
                match source {
                    Source::OpenAi => "OpenAI usage API pages",
                    _ => "an Anthropic usage report",
                }
            ),
        )
        .with_hint("move the file out of the folder, or name it on its own")),
    }
}

/// Adds the log files under `folder` to `files` and the other files to
/// `others`; `depth` folders down from the one named.
fn walk(folder: &Path, depth: usize, files: &mut Vec<PathBuf>, others: &mut Vec<PathBuf>) -> Result<(), String> {
    if depth > DEPTH {
        return Err(format!(
            "holds folders more than {DEPTH} deep ({}); a link to a folder above it?",
            folder.display()
        ));
    }
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot read the folder {}: {e}", folder.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read the folder {}: {e}", folder.display()))?
            .path();
        // Follows links, as opening the file would.
        let meta = std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if meta.is_dir() {
            walk(&path, depth + 1, files, others)?;
        } else if meta.is_file() && LOG_FILES.iter().any(|e| name.ends_with(e)) && !name.starts_with('.') {
            files.push(path);
        } else {
            others.push(path);
        }
    }
    Ok(())
}
