//! A Markdown report as a pull-request comment: GitHub refuses comments over
//! 65,536 characters, so a longer report keeps its beginning (the headline and
//! summary) and its end (price changes, thresholds, notes), and a note replaces
//! the lines cut from the middle. A table cut in two gets its header again.

/// GitHub's limit on the length of a comment, in characters.
pub const COMMENT_LIMIT: usize = 65_536;

fn chars(line: &str) -> usize {
    line.chars().count() + 1
}

/// `markdown`, cut in the middle to at most `limit` characters when longer.
pub fn fit(markdown: &str, limit: usize) -> String {
    if markdown.chars().count() <= limit {
        return markdown.to_string();
    }
    let lines: Vec<&str> = markdown.lines().collect();
    // Room for the note and a repeated table header; shrunk until the result fits.
    let mut reserve = 512.min(limit / 2);
    loop {
        let text = cut(&lines, limit.saturating_sub(reserve) / 2, limit);
        if text.chars().count() <= limit || reserve >= limit {
            return text;
        }
        reserve = (reserve * 2).min(limit);
    }
}

/// Keeps about `half` characters of whole lines from each end.
fn cut(lines: &[&str], half: usize, limit: usize) -> String {
    let mut head_end = 0;
    let mut used = 0;
    while head_end < lines.len() && used + chars(lines[head_end]) <= half {
        used += chars(lines[head_end]);
        head_end += 1;
    }
    let mut tail_start = lines.len();
    used = 0;
    while tail_start > head_end && used + chars(lines[tail_start - 1]) <= half {
        used += chars(lines[tail_start - 1]);
        tail_start -= 1;
    }
    // A tail that starts inside a table needs that table's header and separator.
    let mut table_start = tail_start;
    if lines.get(tail_start).is_some_and(|l| l.starts_with('|')) {
        while table_start > 0 && lines[table_start - 1].starts_with('|') {
            table_start -= 1;
        }
    }
    let header = &lines[table_start..(table_start + 2).min(tail_start)];
    let mut out: Vec<&str> = lines[..head_end].to_vec();
    let note = format!(
        "> **Note:** {} lines cut here to keep this comment under GitHub's limit of {} characters; \
         the table, CSV and JSON formats carry the whole report.",
        tail_start - head_end,
        crate::figures::tokens(rust_decimal::Decimal::from(limit))
    );
    out.extend(["", note.as_str(), ""]);
    out.extend(header);
    out.extend(&lines[tail_start..]);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_left_alone() {
        assert_eq!(fit("## Title\n\ntext\n", 100), "## Title\n\ntext\n");
    }

    #[test]
    fn long_tables_lose_their_middle_and_keep_a_header() {
        let mut md = String::from("## Headline\n\n| A | B |\n| :--- | ---: |\n");
        for i in 0..400 {
            md.push_str(&format!("| row {i} | {i} |\n"));
        }
        md.push_str("\n> **Note:** the end\n");
        let limit = 2_000;
        let out = fit(&md, limit);
        assert!(out.chars().count() <= limit, "{}", out.chars().count());
        assert!(
            out.starts_with("## Headline\n\n| A | B |\n| :--- | ---: |\n| row 0 | 0 |\n"),
            "{out}"
        );
        assert!(out.ends_with("| row 399 | 399 |\n\n> **Note:** the end\n"), "{out}");
        assert!(out.contains("lines cut here to keep this comment under GitHub's limit of 2,000 characters"));
        // The tail's rows follow a repeated header, so they still render as a table.
        let note_at = out.find("lines cut here").unwrap();
        assert!(
            out[note_at..].contains("\n\n| A | B |\n| :--- | ---: |\n| row "),
            "{out}"
        );
    }
}
