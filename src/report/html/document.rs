//! A report's `Document` as HTML: its title and headings at the level asked
//! for, facts as a description list, prose with its code spans, and tables
//! with a caption, `<th scope>` on headers and each row's first cell, figures
//! right-aligned. Warnings are left to the page, which shows them last.

use crate::report::escape::html;
use crate::report::{Align, Block, Document, TableBlock};

/// The blocks of `doc` except its warnings, its title an `<h{level}>`.
pub fn render(doc: &Document, level: usize) -> String {
    let mut out = String::new();
    let mut caption = String::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", html(t)));
                caption.clone_from(t);
            }
            Block::Heading(h) => {
                let sub = level + 1;
                out.push_str(&format!("<h{sub}>{}</h{sub}>\n", html(h)));
                caption.clone_from(h);
            }
            Block::Text(t) => out.push_str(&format!("<p>{}</p>\n", prose(t))),
            Block::Facts(facts) => {
                out.push_str("<dl class=\"facts\">\n");
                for (label, value) in facts {
                    out.push_str(&format!(
                        "<div><dt>{}</dt><dd>{}</dd></div>\n",
                        html(label),
                        html(value)
                    ));
                }
                out.push_str("</dl>\n");
            }
            Block::Table(table) => out.push_str(&self::table(table, &caption)),
            Block::Notes(_) => {}
        }
    }
    out
}

/// The warnings of `doc`, in order.
pub fn notes(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Notes(notes) => Some(notes.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Prose with its `code` spans.
fn prose(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", html(part))
            } else {
                html(part)
            }
        })
        .collect()
}

/// A sortable table: the first column names its row (`<th scope="row">`),
/// figures are right-aligned (`class="num"`).
fn table(table: &TableBlock, caption: &str) -> String {
    let class = |i: usize| match table.align.get(i) {
        Some(Align::Right) => " class=\"num\"",
        _ => "",
    };
    let mut out = format!(
        "<div class=\"table\"><table class=\"sortable\">\n<caption>{}</caption>\n<thead><tr>",
        html(caption)
    );
    for (i, h) in table.headers.iter().enumerate() {
        out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), html(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let end = if i == 0 { "th" } else { "td" };
            out.push_str(&format!("<{tag}{}>{}</{end}>", class(i), html(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_has_its_caption_scopes_and_aligned_figures() {
        let mut t = TableBlock::numeric(&["Strategy", "Cost"]);
        t.row(vec!["<b>".into(), "$1,000.00".into()]);
        let doc = Document {
            blocks: vec![
                Block::Title("Simulation".into()),
                Block::Heading("Monthly cost".into()),
                Block::Table(t),
                Block::Notes(vec!["check `this`".into()]),
            ],
        };
        let out = render(&doc, 1);
        assert!(out.starts_with("<h1>Simulation</h1>\n<h2>Monthly cost</h2>\n"), "{out}");
        assert!(out.contains("<caption>Monthly cost</caption>"), "{out}");
        assert!(out.contains("<th scope=\"col\">Strategy</th><th scope=\"col\" class=\"num\">Cost</th>"));
        assert!(out.contains("<tr><th scope=\"row\">&lt;b&gt;</th><td class=\"num\">$1,000.00</td></tr>"));
        assert!(!out.contains("check"), "warnings are the page's");
        assert_eq!(notes(&doc), ["check `this`"]);
    }

    #[test]
    fn prose_keeps_code_spans() {
        assert_eq!(
            prose("as `simulate` <prices>"),
            "as <code>simulate</code> &lt;prices&gt;"
        );
    }
}
