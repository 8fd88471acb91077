//! Names come from input files and may hold anything: escape sequences that
//! would drive the terminal, newlines that would break a table row, pipes
//! that would split a Markdown cell. This module shows them as visible text
//! (`\e`, `\n`, `\x7f`, `\u{2028}`), so the terminal and Markdown exporters
//! print what a name contains without acting on it; for HTML, it also writes
//! markup characters as character references, and keeps JSON inside a
//! `<script>` element from ending it.

use std::borrow::Cow;

/// Whether `c` would act on a terminal or a line rather than show: the C0 and
/// C1 controls, DEL, the line and paragraph separators, and the bidirectional
/// controls that reorder text as it is shown.
fn acts(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act on a terminal written as a
/// visible escape: `\n`, `\r`, `\t`, `\0`, `\e` (escape), `\x7f`, `\u{85}`.
/// Text without such characters is returned as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{1b}' => out.push_str("\\e"),
            c if acts(c) && u32::from(c) < 0x80 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if acts(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `visible`, for text that is given away: kept as it is, not copied, when
/// it needs no escape.
pub fn visible_owned(text: String) -> String {
    if text.chars().any(acts) {
        visible(&text).into_owned()
    } else {
        text
    }
}

/// `text` for a message on stderr: as `visible`, but its newlines stay, so
/// a message keeps its own lines (an error and its hint).
pub fn visible_lines(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// A paragraph for Markdown: visible escapes, and a backslash before `<` so
/// a name cannot become HTML; the paragraph's own markup (code spans) stays.
pub fn markdown_prose(text: &str) -> String {
    visible(text).replace('<', "\\<")
}

/// `text` for Markdown: visible escapes as above, then a backslash before
/// every character that would end a table cell or start markup (`\`, `|`,
/// `*`, `_`, `` ` ``, `<`, `[`, `]`), so a name reads as it is written.
pub fn markdown(text: &str) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(shown.len() + 4);
    for c in shown.chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` for HTML, in an element or an attribute value: visible escapes as
/// above, then `&`, `<`, `>`, `"` and `'` as character references, so a name
/// reads as it is written and never becomes markup.
pub fn html(text: &str) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text made safe inside an HTML `<script>` element: `<`, `>` and `&`
/// (which JSON only has inside strings) written as `\u003c`, `\u003e` and
/// `\u0026`, so no `</script>` or `<!--` can end or hide the element; the
/// value read back is the same.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(visible("gpt-4o → claude (éè)"), Cow::Borrowed(_)));
        assert_eq!(visible_owned("a\tb".into()), "a\\tb");
        assert_eq!(visible_owned("plain".into()), "plain");
    }

    #[test]
    fn controls_show_as_escapes() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\\e[31mred");
        assert_eq!(visible("two\nlines\r\tx\0"), "two\\nlines\\r\\tx\\0");
        assert_eq!(visible("del\u{7f} bell\u{7}"), "del\\x7f bell\\x07");
        assert_eq!(visible("nel\u{85} csi\u{9b}"), "nel\\u{85} csi\\u{9b}");
        assert_eq!(visible("ls\u{2028}ps\u{2029}"), "ls\\u{2028}ps\\u{2029}");
        assert_eq!(visible("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
    }

    #[test]
    fn messages_keep_their_lines() {
        assert_eq!(
            visible_lines("error: `a\u{1b}[2J`\nhint: b\r"),
            "error: `a\\e[2J`\nhint: b\\r"
        );
    }

    #[test]
    fn prose_keeps_its_code_spans_but_no_html() {
        assert_eq!(
            markdown_prose("as `simulate` prices <img src=x>\n"),
            "as `simulate` prices \\<img src=x>\\n"
        );
    }

    #[test]
    fn html_never_becomes_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("a\u{1b}[2Jb"), "a\\e[2Jb");
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let json = serde_json::to_string(&serde_json::json!({"name": "</script><!--&"})).unwrap();
        let safe = script_json(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "</script><!--&");
    }

    #[test]
    fn markdown_keeps_a_cell_whole() {
        assert_eq!(markdown("a|b"), "a\\|b");
        // A backslash before a pipe must not escape the escape.
        assert_eq!(markdown("a\\|b"), "a\\\\\\|b");
        assert_eq!(markdown("x\ny"), "x\\\\ny");
        assert_eq!(
            markdown("*bold* _it_ `code` <b> [l]"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\<b> \\[l\\]"
        );
    }
}
