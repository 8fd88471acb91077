//! Which provider's export a file is, told from its shape, and the entry
//! points that read a provider's usage export or cost report whichever
//! provider wrote it (Bedrock's invocation logs a line at a time).

use super::table::UsageRows;
use super::{CostLine, Usage, anthropic, bedrock, bedrock_folder, openai};
use crate::input::json::{Doc, Obj};
use crate::input::{InputError, looks_like, read_text};
use std::path::Path;

/// What a provider export must be, for errors.
const EXPECTED: &str = "a provider usage export";

/// A provider export llmcost reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// OpenAI organization usage (completions) or costs API pages.
    OpenAi,
    /// Anthropic Admin API usage (messages) or cost reports.
    Anthropic,
    /// Amazon Bedrock model invocation logs.
    Bedrock,
}

impl Source {
    /// The provider whose export `objects` (of `doc`) are, from the first: a
    /// record with `schemaType` is Bedrock's, a page with `object` OpenAI's, a
    /// report with `data` and no `object` Anthropic's.
    fn detect(doc: Doc<'_>, objects: &[Obj<'_>]) -> Result<Self, InputError> {
        let Some(first) = objects.first() else {
            return Err(InputError::file(
                doc.name,
                format!("the file holds no object; expected {EXPECTED}"),
            ));
        };
        if first.has("schemaType") {
            Ok(Self::Bedrock)
        } else if first.has("object") {
            Ok(Self::OpenAi)
        } else if first.has("data") {
            Ok(Self::Anthropic)
        } else {
            Err(with_kind(
                doc,
                first
                    .error(None, "this is no provider usage export llmcost reads")
                    .with_hint(format!(
                        "expected {}; or {}; or {}",
                        openai::EXPECTED,
                        anthropic::EXPECTED,
                        bedrock::EXPECTED
                    )),
            ))
        }
    }
}

/// `err`, or, when the file looks like another llmcost input, an error saying which.
fn with_kind(doc: Doc<'_>, err: InputError) -> InputError {
    match looks_like(doc.text) {
        Some(kind) => InputError::file(
            doc.name,
            format!("this looks like {}, not a provider usage export", kind.looks),
        )
        .with_hint(kind.hint),
        None => err,
    }
}

/// The text of the export at `path`, a byte order mark dropped, and its name.
fn read(path: &Path) -> Result<(String, String), InputError> {
    let text = read_text(path, "provider usage export")?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok((path.display().to_string(), text))
}

/// The usage records of the provider export at `path`, and its provider.
pub fn read_usage(path: &Path) -> Result<(Source, Vec<Usage>), InputError> {
    let (name, text) = read(path)?;
    usage_of(&name, &text)
}

/// The usage records of the provider export at `path`, one at a time: Bedrock
/// invocation logs written as JSON lines a line at a time (`bedrock::Lines`),
/// so that neither memory nor the size of an input file bounds them, and a
/// folder of them as S3 receives them (`bedrock_folder::Folder`); any
/// other export (OpenAI and Anthropic pages, records written over several
/// lines) read whole, as [`read_usage`] reads it.
pub(crate) fn open_usage(path: &Path) -> Result<UsageRows, InputError> {
    if path.is_dir() {
        return bedrock_folder::Folder::open(path);
    }
    if let Some(rows) = bedrock::Lines::open(path)? {
        return Ok(rows);
    }
    let (source, records) = read_usage(path)?;
    Ok(UsageRows::of(records, source == Source::Bedrock))
}

/// The cost lines of the provider cost report at `path`, and its provider.
pub fn read_costs(path: &Path) -> Result<(Source, Vec<CostLine>), InputError> {
    let (name, text) = read(path)?;
    costs_of(&name, &text)
}

/// The usage records of the provider export `text`, named `name` in errors.
pub fn usage_of(name: &str, text: &str) -> Result<(Source, Vec<Usage>), InputError> {
    let doc = Doc { name, text };
    let objects = doc.objects(EXPECTED).map_err(|e| with_kind(doc, e))?;
    let source = Source::detect(doc, &objects)?;
    let records = match source {
        Source::OpenAi => openai::usage(&objects)?,
        Source::Anthropic => anthropic::usage(&objects)?,
        Source::Bedrock => bedrock::usage(&objects)?,
    };
    Ok((source, records))
}

/// The cost lines of the provider cost report `text`, named `name` in errors.
pub fn costs_of(name: &str, text: &str) -> Result<(Source, Vec<CostLine>), InputError> {
    let doc = Doc { name, text };
    let objects = doc.objects(EXPECTED).map_err(|e| with_kind(doc, e))?;
    let source = Source::detect(doc, &objects)?;
    let lines = match source {
        Source::OpenAi => openai::costs(&objects)?,
        Source::Anthropic => anthropic::costs(&objects)?,
        Source::Bedrock => {
            return Err(
                InputError::file(name, "Bedrock invocation logs record tokens, not costs")
                    .with_hint("reconcile Bedrock usage with the AWS bill or Cost and Usage Report instead"),
            );
        }
    };
    Ok((source, lines))
}
