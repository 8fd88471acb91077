//! The neutral shape of a report that the table and Markdown exporters draw.

/// How a column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableBlock {
    pub headers: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
}

impl TableBlock {
    /// A table whose first column is left-aligned and the others right-aligned.
    pub fn numeric(headers: &[&str]) -> Self {
        let align = (0..headers.len())
            .map(|i| if i == 0 { Align::Left } else { Align::Right })
            .collect();
        Self {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            align,
            rows: Vec::new(),
        }
    }

    /// Sets the alignment of the first `n` columns to left.
    pub fn left_columns(mut self, n: usize) -> Self {
        for a in self.align.iter_mut().take(n) {
            *a = Align::Left;
        }
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    /// A paragraph of plain text.
    Text(String),
    /// Label-value lines such as "Catalog: list-2025-11 (as of 2025-11-13)".
    Facts(Vec<(String, String)>),
    Table(TableBlock),
    /// Warnings and assumptions a reader should see.
    Notes(Vec<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

/// A flat table of exact values: CSV's header and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}
