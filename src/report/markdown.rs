//! GitHub-flavoured Markdown, ready to paste into a pull-request comment.

use super::escape::{markdown as escape, markdown_prose};
use super::{Align, Block, Exporter, Report, TableBlock};

pub struct MarkdownExporter;

impl Exporter for MarkdownExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let mut out = String::new();
        for block in report.document().blocks {
            match block {
                Block::Title(t) => out.push_str(&format!("## {}\n\n", escape(&t))),
                Block::Heading(h) => out.push_str(&format!("### {}\n\n", escape(&h))),
                // Prose keeps its own markup (code spans); on one line it cannot break the page.
                Block::Text(t) => out.push_str(&format!("{}\n\n", markdown_prose(&t))),
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        out.push_str(&format!("- **{}:** {}\n", escape(&label), escape(&value)));
                    }
                    out.push('\n');
                }
                Block::Table(table) => out.push_str(&table_text(&table)),
                Block::Notes(notes) if notes.is_empty() => {}
                Block::Notes(notes) => {
                    for note in notes {
                        out.push_str(&format!("> **Note:** {}\n", escape(&note)));
                    }
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }
}

fn table_text(table: &TableBlock) -> String {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = line(table.headers.iter().map(|h| escape(h)).collect());
    out.push_str(&line(
        table
            .align
            .iter()
            .map(|a| match a {
                Align::Left => ":---".to_string(),
                Align::Right => "---:".to_string(),
            })
            .collect(),
    ));
    for row in &table.rows {
        out.push_str(&line(row.iter().map(|c| escape(c)).collect()));
    }
    out.push('\n');
    out
}
