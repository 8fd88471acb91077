//! Terminal tables (comfy-table), for people reading a terminal: names shown
//! with their control characters escaped, and each table fitted to a width
//! when one is given, its text columns wrapped to make room.

use super::escape::{visible, visible_owned};
use super::{Align, Block, Exporter, Report, TableBlock};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

/// The width a table fits: `COLUMNS` when it holds a width, else the
/// terminal's when the report goes to a terminal's stdout; `None` (full
/// width) when it goes to a pipe or a file.
pub fn width(to_stdout: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok());
    match columns {
        Some(c) if c > 0 => Some(c),
        _ if to_stdout => Table::new().width(),
        _ => None,
    }
}

pub struct TableExporter {
    /// The widest a table may be; `None` draws every table at full width.
    pub width: Option<u16>,
}

impl Exporter for TableExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let mut parts = Vec::new();
        for block in report.document().blocks {
            match block {
                Block::Title(t) | Block::Heading(t) | Block::Text(t) => parts.push(visible_owned(t)),
                Block::Facts(facts) => {
                    let width = facts.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
                    let lines: Vec<String> = facts
                        .iter()
                        .map(|(label, value)| {
                            format!(
                                "{:width$}  {}",
                                format!("{}:", visible(label)),
                                visible(value),
                                width = width + 1
                            )
                        })
                        .collect();
                    parts.push(lines.join("\n"));
                }
                Block::Table(table) => parts.push(draw(table, self.width)),
                // Warnings reach a terminal on stderr; the table stays clean.
                Block::Notes(_) => {}
            }
        }
        Ok(parts.join("\n\n") + "\n")
    }
}

/// How narrow a text column gets before the headers of figures wrap.
const NARROWEST_TEXT: usize = 12;
/// The narrowest a text column gets when nothing else can give way.
const NARROW_TEXT: usize = 4;

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The content width of each column for a table at most `width` wide: as
/// drawn at full width when that fits; else the widest text column loses a
/// character at a time, down to `NARROWEST_TEXT`; then the header of a
/// figure wraps, between its words and then within them; at last text goes
/// down to `NARROW_TEXT`. Figures stay whole, so a table that cannot fit even
/// then is drawn as narrow as that allows.
fn fit(headers: &[String], rows: &[Vec<String>], align: &[Align], width: usize) -> Vec<usize> {
    // The widest cell of each column, measured once: a sweep's table has many rows.
    let mut widest = vec![0; headers.len()];
    for row in rows {
        for (w, cell) in widest.iter_mut().zip(row) {
            *w = (*w).max(chars(cell));
        }
    }
    let widest = |i: usize| widest[i];
    let full: Vec<usize> = (0..headers.len()).map(|i| widest(i).max(chars(&headers[i]))).collect();
    // Each column has a space either side and a border on its right; the table one more on its left.
    let total = |widths: &[usize]| widths.iter().sum::<usize>() + 3 * widths.len() + 1;
    let is_text = |i: usize| align.get(i) != Some(&Align::Right);
    let longest_word = |i: usize| headers[i].split(' ').map(chars).max().unwrap_or(0);
    // The narrowest each step lets a column get; `None` for the columns it leaves alone.
    let steps: [&dyn Fn(usize) -> Option<usize>; 4] = [
        &|i| is_text(i).then(|| full[i].min(NARROWEST_TEXT)),
        &|i| (!is_text(i)).then(|| widest(i).max(longest_word(i))),
        &|i| (!is_text(i)).then(|| widest(i).max(1)),
        &|i| is_text(i).then(|| full[i].min(NARROW_TEXT)),
    ];
    let mut widths = full.clone();
    for narrowest in steps {
        while total(&widths) > width {
            let shrinkable = (0..widths.len())
                .filter(|&i| narrowest(i).is_some_and(|n| widths[i] > n))
                .max_by_key(|&i| (widths[i], usize::MAX - i));
            match shrinkable {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
    widths
}

fn draw(block: TableBlock, width: Option<u16>) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    let headers: Vec<String> = block.headers.into_iter().map(visible_owned).collect();
    let rows: Vec<Vec<String>> = block
        .rows
        .into_iter()
        .map(|row| row.into_iter().map(visible_owned).collect())
        .collect();
    table.set_header(headers.iter().map(Cell::new));
    for row in &rows {
        table.add_row(row.iter().map(Cell::new));
    }
    let widths = width.map(|w| fit(&headers, &rows, &block.align, usize::from(w)));
    table.set_content_arrangement(match widths {
        Some(_) => ContentArrangement::Dynamic,
        None => ContentArrangement::Disabled,
    });
    for (i, align) in block.align.iter().enumerate() {
        let Some(column) = table.column_mut(i) else { continue };
        column.set_cell_alignment(match align {
            Align::Left => CellAlignment::Left,
            Align::Right => CellAlignment::Right,
        });
        if let Some(w) = widths.as_ref().and_then(|w| w.get(i)) {
            // An absolute width counts the column's padding, a space either side.
            let padded = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(padded)));
        }
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide() -> TableBlock {
        let mut t = TableBlock::numeric(&["Strategy", "Monthly cost"]);
        t.row(vec![
            "a strategy with a rather long name that will not fit".into(),
            "$1,234.56".into(),
        ]);
        t
    }

    fn widest_line(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    #[test]
    fn full_width_without_a_width() {
        let text = draw(wide(), None);
        assert_eq!(text.lines().count(), 5, "{text}");
        // `│ name (52) │ Monthly cost (12) │`: three borders, a space each side of each cell.
        assert_eq!(widest_line(&text), 3 + 4 + 52 + 12, "{text}");
    }

    #[test]
    fn a_width_wraps_the_text_column_and_keeps_figures_whole() {
        let text = draw(wide(), Some(40));
        // 40 = 7 for borders and spaces + 12 for `Monthly cost` + 21 left for the name.
        assert_eq!(widest_line(&text), 40, "{text}");
        assert!(text.contains("$1,234.56"), "{text}");
        assert!(text.contains("│ a strategy with a     ┆    $1,234.56 │"), "{text}");
    }

    #[test]
    fn the_widest_text_column_gives_way_first_and_figures_never() {
        let headers: Vec<String> = ["Tier", "Model", "Per interaction"].map(String::from).to_vec();
        let rows = vec![vec!["a".repeat(20), "b".repeat(30), "$0.0001".into()]];
        let align = [Align::Left, Align::Left, Align::Right];
        // Full width: 20 + 30 + 15 + 10 = 75.
        assert_eq!(fit(&headers, &rows, &align, 75), vec![20, 30, 15]);
        // 60: 15 to give: the model column gives 10 to be as narrow as the tier, then they take turns.
        assert_eq!(fit(&headers, &rows, &align, 60), vec![17, 18, 15]);
        // 45: both text columns give way down to 12 each; then the figure's header wraps.
        assert_eq!(fit(&headers, &rows, &align, 45), vec![12, 12, 11]);
        // 41: the figure's header breaks within its word, down to the figure's own width.
        assert_eq!(fit(&headers, &rows, &align, 41), vec![12, 12, 7]);
        // 30: then the text columns take turns down to 4 characters: 20 = 7 + 13, 6 + 7.
        assert_eq!(fit(&headers, &rows, &align, 30), vec![6, 7, 7]);
        // 10 is too narrow for anything: text at 4, the figure whole.
        assert_eq!(fit(&headers, &rows, &align, 10), vec![4, 4, 7]);
    }

    #[test]
    fn names_show_their_control_characters() {
        let mut t = TableBlock::numeric(&["Tier"]);
        t.row(vec!["evil\u{1b}[2J\nname".into()]);
        let text = draw(t, None);
        assert!(text.contains("evil\\e[2J\\nname"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }
}
