//! A cheap look at a YAML document before it is parsed: its size, how deep it
//! nests and the tags it uses. The parser takes time quadratic in the nesting
//! depth (100,000 levels took 30 s), so deep documents are refused here, in one
//! pass over the text, before the parser sees them. Tags other than YAML's core
//! ones (`!!str`, `!!int`, ...) would be dropped or misread, so they are refused
//! by name.
//!
//! The scan reads structure only: indentation and `- ` markers for block style,
//! brackets for flow style, and skips quoted text, comments and block scalars.
//! It never under-counts nesting a parser would see; on text that is not YAML
//! it may over-count, and the parser then reports the real problem.

use super::error::InputError;
use super::read::MAX_FILE_BYTES;

/// The deepest nesting of mappings and lists accepted. Scenarios and catalogs
/// nest fewer than 10 levels.
pub const MAX_DEPTH: usize = 64;

/// The tags a document may use: YAML's core schema, which changes nothing.
const CORE_TAGS: [&str; 7] = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"];

/// Refuses a document that is too large, nests deeper than [`MAX_DEPTH`] or
/// uses a tag outside the core schema; `name` is the file, for errors.
pub fn check(name: &str, text: &str) -> Result<(), InputError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::file(
            name,
            format!(
                "is {} bytes, above the limit of {MAX_FILE_BYTES} bytes for an input file",
                text.len()
            ),
        ));
    }
    let mut scan = Scan::default();
    for (i, line) in text.lines().enumerate() {
        scan.line(line).map_err(|message| {
            let mut e = InputError::file(name, message.text);
            e.line = Some(i + 1);
            match message.hint {
                Some(hint) => e.with_hint(hint),
                None => e,
            }
        })?;
    }
    Ok(())
}

struct Problem {
    text: String,
    hint: Option<String>,
}

fn too_deep() -> Problem {
    Problem {
        text: format!("the document nests mappings and lists deeper than {MAX_DEPTH} levels, the limit"),
        hint: Some("a scenario or catalog nests fewer than 10 levels; is this the file you meant?".into()),
    }
}

#[derive(Default)]
struct Scan {
    /// Columns of the open block-style levels.
    blocks: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// The quote of a quoted scalar still open at the end of the last line.
    quote: Option<char>,
    /// The indentation of a line that opened a block scalar (`|` or `>`).
    block_scalar: Option<usize>,
    /// The indentation of a line that ended in a plain scalar, which more
    /// indented lines continue (`'` or `[` there is text, not structure).
    plain: Option<usize>,
}

impl Scan {
    fn line(&mut self, line: &str) -> Result<(), Problem> {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        if let Some(header) = self.block_scalar {
            if trimmed.is_empty() || indent > header {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut start = 0;
        if self.quote.is_none() && self.flow == 0 {
            if trimmed.is_empty() || trimmed.starts_with('#') {
                return Ok(());
            }
            if self.plain.is_some_and(|from| indent > from) {
                return Ok(());
            }
            self.plain = None;
            while self.blocks.last().is_some_and(|&col| col >= indent) {
                self.blocks.pop();
            }
            self.blocks.push(indent);
            let mut content = trimmed;
            let mut col = indent;
            while let Some(rest) = content.strip_prefix("- ").or_else(|| content.strip_prefix("? ")) {
                let rest_trimmed = rest.trim_start_matches([' ', '\t']);
                col += content.len() - rest_trimmed.len();
                content = rest_trimmed;
                self.blocks.push(col);
            }
            if self.blocks.len() > MAX_DEPTH {
                return Err(too_deep());
            }
            start = line.len() - content.len();
        }
        self.rest(&line[start..], indent)
    }

    /// The rest of a line, from where a value may start.
    fn rest(&mut self, text: &str, indent: usize) -> Result<(), Problem> {
        let chars: Vec<char> = text.chars().collect();
        let mut at_start = self.quote.is_none();
        let mut in_plain = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            i += 1;
            if let Some(q) = self.quote {
                match (q, c) {
                    ('"', '\\') => i += 1,
                    ('\'', '\'') if next == Some('\'') => i += 1,
                    _ if c == q => self.quote = None,
                    _ => {}
                }
                continue;
            }
            let after_space = i == 1 || chars[i - 2].is_whitespace();
            if c == '#' && after_space {
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            if self.flow > 0 && matches!(c, ']' | '}') {
                self.flow -= 1;
                at_start = false;
                continue;
            }
            if self.flow > 0 && c == ',' {
                at_start = true;
                continue;
            }
            if c == ':' && (self.flow > 0 || next.is_none_or(char::is_whitespace)) {
                at_start = true;
                in_plain = false;
                continue;
            }
            if !at_start {
                continue;
            }
            match c {
                '"' | '\'' => {
                    self.quote = Some(c);
                    at_start = false;
                }
                '[' | '{' => {
                    self.flow += 1;
                    if self.blocks.len() + self.flow > MAX_DEPTH {
                        return Err(too_deep());
                    }
                }
                '!' => {
                    let len = chars[i - 1..]
                        .iter()
                        .position(|&t| t.is_whitespace() || (self.flow > 0 && matches!(t, ',' | '[' | ']' | '{' | '}')))
                        .unwrap_or(chars.len() - i + 1);
                    let tag: String = chars[i - 1..i - 1 + len].iter().collect();
                    if !CORE_TAGS.contains(&tag.as_str()) {
                        return Err(Problem {
                            text: format!("the tag `{tag}` is not supported"),
                            hint: Some("write plain values (numbers, text, lists and mappings) without a tag".into()),
                        });
                    }
                    i += len - 1;
                }
                '&' | '*' => {
                    while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], ',' | ']' | '}') {
                        i += 1;
                    }
                }
                '|' | '>' if self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    break;
                }
                _ => {
                    at_start = false;
                    in_plain = self.flow == 0;
                }
            }
        }
        if in_plain && self.flow == 0 && self.quote.is_none() {
            self.plain = Some(indent);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(usize, String)> {
        check("d.yaml", text).err().map(|e| (e.line.unwrap_or(0), e.message))
    }

    #[test]
    fn ordinary_documents_pass() {
        let doc = "name: a # [[[[ in a comment\ntiers:\n  - name: simple\n    share: 30%\n    note: 'it''s [{'\n    text: \"a \\\" [\"\nrules: {a: [x, y], b: {c: [1]}}\nlong: |\n  [[[[[[[[\n  {{{{{{\nurl: http://x:y/[a\ndescription: costs [draft] apply\n";
        assert_eq!(problem(doc), None);
        let continued = "a: plain text\n  'tis continued [\nb: 1\n";
        assert_eq!(problem(continued), None);
        let deep = "- ".repeat(MAX_DEPTH - 1) + "x\n";
        assert_eq!(problem(&deep), None);
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_its_line() {
        let text = format!("a: 1\nb: {}\n", "[".repeat(100_000));
        let (line, message) = problem(&text).unwrap();
        assert_eq!(line, 2);
        assert!(message.contains("deeper than 64 levels"), "{message}");
    }

    #[test]
    fn a_quote_inside_a_continued_plain_scalar_hides_no_nesting() {
        let text = format!("a: plain text\n  'tis continued\nb: {}\n", "[".repeat(100));
        assert_eq!(problem(&text).map(|p| p.0), Some(3));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::new();
        for level in 0..70 {
            text.push_str(&" ".repeat(level * 2));
            text.push_str("k:\n");
        }
        assert_eq!(problem(&text).map(|p| p.0), Some(MAX_DEPTH + 1));
        let dashes = "- ".repeat(MAX_DEPTH) + "x\n";
        assert_eq!(problem(&dashes).map(|p| p.0), Some(1));
    }

    #[test]
    fn unknown_tags_are_named() {
        let (line, message) = problem("a: 1\nb: !!binary aGVsbG8=\n").unwrap();
        assert_eq!((line, message.as_str()), (2, "the tag `!!binary` is not supported"));
        let (_, message) = problem("a: [1, !money 3]\n").unwrap();
        assert_eq!(message, "the tag `!money` is not supported");
        assert_eq!(problem("a: !!str 0.15\nb: \"!x\"\nc: x!y\n"), None);
    }
}
