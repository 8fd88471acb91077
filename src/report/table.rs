//! Terminal tables (comfy-table), for people reading a terminal.

use super::{Align, Block, Exporter, Report, TableBlock};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

pub struct TableExporter;

impl Exporter for TableExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let mut parts = Vec::new();
        for block in report.document().blocks {
            match block {
                Block::Title(t) => parts.push(t),
                Block::Heading(h) => parts.push(h),
                Block::Text(t) => parts.push(t),
                Block::Facts(facts) => {
                    let width = facts.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
                    let lines: Vec<String> = facts
                        .iter()
                        .map(|(label, value)| format!("{:width$}  {value}", format!("{label}:"), width = width + 1))
                        .collect();
                    parts.push(lines.join("\n"));
                }
                Block::Table(table) => parts.push(draw(&table)),
                // Warnings reach a terminal on stderr; the table stays clean.
                Block::Notes(_) => {}
            }
        }
        Ok(parts.join("\n\n") + "\n")
    }
}

fn draw(block: &TableBlock) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(block.headers.iter().map(Cell::new));
    for row in &block.rows {
        table.add_row(row.iter().map(Cell::new));
    }
    for (i, align) in block.align.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(match align {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
    }
    table.to_string()
}
