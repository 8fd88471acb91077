//! Finds the line of a field in a block-style YAML document, so that errors found
//! after parsing (a share sum, an unknown model) can still name a line. It reads
//! indentation only; where the path leaves block style (a flow mapping such as
//! `{simple: gpt-4o}`), it answers with the deepest line it did find.

use super::error::Seg;

struct Line<'a> {
    number: usize,
    indent: usize,
    /// The text after indentation, with any `- ` list markers taken off.
    content: &'a str,
    /// The column where `content` starts (list markers count as indentation).
    content_col: usize,
    /// Whether the line starts a list item.
    item: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let mut content = trimmed;
        let mut col = indent;
        let item = content.starts_with("- ") || content == "-";
        while let Some(rest) = content.strip_prefix("- ") {
            let rest_trimmed = rest.trim_start();
            col += content.len() - rest_trimmed.len();
            content = rest_trimmed;
        }
        out.push(Line {
            number: i + 1,
            indent,
            content,
            content_col: col,
            item,
        });
    }
    out
}

fn key_of(content: &str) -> Option<&str> {
    let (key, _) = content.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']))
}

/// The 1-based line of `path` in `text`, or of its deepest ancestor found.
pub fn line_of(text: &str, path: &[Seg]) -> Option<usize> {
    let all = lines(text);
    let (mut start, mut end) = (0, all.len());
    let mut found = None;
    for seg in path {
        let scope = &all[start..end];
        let pos = match seg {
            Seg::Key(k) => {
                let Some(col) = scope.iter().map(|l| l.content_col).min() else {
                    break;
                };
                scope
                    .iter()
                    .position(|l| l.content_col == col && key_of(l.content) == Some(k.as_str()))
            }
            Seg::Index(n) => {
                let Some(col) = scope.iter().filter(|l| l.item).map(|l| l.indent).min() else {
                    break;
                };
                scope
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.item && l.indent == col)
                    .nth(*n)
                    .map(|(i, _)| i)
            }
        };
        let Some(pos) = pos else { break };
        let line = &scope[pos];
        found = Some(line.number);
        let following = &scope[pos + 1..];
        // A key's value is the lines indented deeper than the key (or a list at
        // the key's own column); an item is its own line and those indented deeper.
        let (first, len) = match seg {
            Seg::Key(_) => {
                let col = line.content_col;
                let len = following
                    .iter()
                    .position(|l| !(l.indent > col || (l.item && l.indent == col)))
                    .unwrap_or(following.len());
                (start + pos + 1, len)
            }
            Seg::Index(_) => {
                let len = following
                    .iter()
                    .position(|l| l.indent <= line.indent)
                    .unwrap_or(following.len());
                (start + pos, len + 1)
            }
        };
        start = first;
        end = first + len;
    }
    found
}

/// The 1-based lines where `key` is a key of the block mapping the parser marks
/// at `line` and `column` (both 1-based); a flow mapping gives none.
pub fn key_lines(text: &str, line: usize, column: usize, key: &str) -> Vec<usize> {
    let col = column.saturating_sub(1);
    let mut out = Vec::new();
    for l in lines(text).iter().filter(|l| l.number >= line) {
        if l.number > line && l.indent < col {
            break;
        }
        if l.content_col == col && key_of(l.content) == Some(key) {
            out.push(l.number);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: demo
# a comment
tiers:
  - name: simple
    share: 30%
    input_tokens: 1500
  - name: medium
    share: 50%
strategies:
  - name: routed
    routes:
      simple: gpt-4o-mini
      complex: claude
  - name: flow
    routes: {simple: a}
";

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    #[test]
    fn finds_keys_inside_list_items() {
        assert_eq!(line_of(DOC, &[key("name")]), Some(1));
        assert_eq!(line_of(DOC, &[key("tiers"), Seg::Index(0), key("share")]), Some(5));
        assert_eq!(line_of(DOC, &[key("tiers"), Seg::Index(1), key("share")]), Some(8));
        assert_eq!(line_of(DOC, &[key("tiers"), Seg::Index(1), key("name")]), Some(7));
        assert_eq!(
            line_of(DOC, &[key("strategies"), Seg::Index(0), key("routes"), key("complex")]),
            Some(13)
        );
    }

    #[test]
    fn finds_every_line_of_a_key_in_one_mapping() {
        let text = "a: 1\nb:\n  - x: 1\n    y: 2\n    x: 3\n  - x: 4\nx: 5\n";
        assert_eq!(key_lines(text, 3, 5, "x"), vec![3, 5]);
        assert_eq!(key_lines(text, 1, 1, "x"), vec![7]);
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor() {
        assert_eq!(
            line_of(DOC, &[key("strategies"), Seg::Index(1), key("routes"), key("simple")]),
            Some(15)
        );
        assert_eq!(line_of(DOC, &[key("missing")]), None);
    }
}
