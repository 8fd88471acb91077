//! A sweep's CSV or JSON written row by row as its points are priced, byte
//! for byte what the CSV and JSON exporters give for the whole report: the
//! CSV's header and rows come from the sweep's own columns
//! (`sweep::csv_header`, `sweep::csv_row`), the JSON's rows are spliced into
//! the report's own pretty-printed text.

use super::csv::{CsvCells, line};
use super::sweep_report::{csv_header, csv_row};
use super::{Format, Report};
use crate::sweep::{Row, SweepReport};
use anyhow::Context;
use std::io::Write;

/// Where the rows go in a sweep's pretty-printed JSON: the lines before them
/// (up to `"rows": [`) and after them (from the `,` after `]`).
fn json_around(report: &SweepReport) -> anyhow::Result<(String, String)> {
    let mut value = report.json()?;
    value["rows"] = serde_json::Value::Array(Vec::new());
    let text = serde_json::to_string_pretty(&value)?;
    // Only a key of the outer object starts a line with two spaces; strings hold no newline.
    let marker = "\n  \"rows\": [";
    let at = text.find(marker).context("the sweep's JSON has no rows")? + marker.len();
    let after = text[at..]
        .strip_prefix(']')
        .context("the sweep's JSON rows are not empty")?;
    Ok((text[..at].to_string(), after.to_string()))
}

/// A sweep's CSV or JSON written row by row as the points are priced, byte
/// for byte what rendering the whole report gives; nothing is written before
/// the first row.
#[derive(Debug)]
pub struct SweepStream {
    /// `None` for JSON; for CSV, how its cells are written.
    csv: Option<CsvCells>,
    rows: usize,
}

impl SweepStream {
    /// A stream of `format`; `None` for tables and Markdown, which lay out every row at once.
    pub fn new(format: Format) -> Option<Self> {
        match format {
            Format::Csv { cells } => Some(Self {
                csv: Some(cells),
                rows: 0,
            }),
            Format::Json => Some(Self { csv: None, rows: 0 }),
            Format::Table { .. } | Format::Markdown | Format::Focus { .. } | Format::Html => None,
        }
    }

    /// Writes the header (before the first row), then `row` of `frame`, the
    /// report without its rows.
    pub fn row(&mut self, out: &mut impl Write, frame: &SweepReport, row: &Row) -> anyhow::Result<()> {
        if self.rows == 0 {
            self.start(out, frame)?;
        }
        match self.csv {
            None => {
                let text = serde_json::to_string_pretty(&serde_json::to_value(row)?)?;
                let comma = if self.rows == 0 { "" } else { "," };
                write!(out, "{comma}\n    {}", text.replace('\n', "\n    "))?;
            }
            Some(cells) => out.write_all(&line(&csv_row(frame, row), cells)?)?,
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the report: for JSON, the rows' end and what follows them in `frame`
    /// (the break-even and the warnings).
    pub fn end(mut self, out: &mut impl Write, frame: &SweepReport) -> anyhow::Result<()> {
        if self.rows == 0 {
            self.start(out, frame)?;
        }
        if self.csv.is_none() {
            let (_, after) = json_around(frame)?;
            let close = if self.rows == 0 { "]" } else { "\n  ]" };
            writeln!(out, "{close}{after}")?;
        }
        Ok(())
    }

    fn start(&mut self, out: &mut impl Write, frame: &SweepReport) -> anyhow::Result<()> {
        match self.csv {
            None => out.write_all(json_around(frame)?.0.as_bytes())?,
            Some(cells) => out.write_all(&line(&csv_header(frame.parameters.len()), cells)?)?,
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::embedded;
    use crate::pricing::Catalog;
    use crate::report::render;
    use crate::scenario::Scenario;
    use crate::sweep::Sweep;

    /// The `--set` options of a grid and its break-even pair.
    type Grid<'a> = (&'a [&'a str], Option<(&'a str, &'a str)>);

    /// A sweep's report streamed in `format`, and the whole report it streamed.
    pub(crate) fn streamed(sets: &[&str], breakeven: Option<(&str, &str)>, format: Format) -> (String, SweepReport) {
        let scenario = Scenario::from_source(embedded::default_scenario(), None).unwrap();
        let catalog = Catalog::from_source(&embedded::default_catalog()).unwrap();
        let sets: Vec<_> = sets.iter().map(|s| crate::cli::assignment(s).unwrap()).collect();
        let sweep = Sweep::new(&scenario, &catalog, &sets, false).unwrap();
        let frame = sweep.frame().unwrap();
        let mut writer = SweepStream::new(format).unwrap();
        let mut out = Vec::new();
        let mut rows = Vec::new();
        let (breakeven, warnings) = sweep
            .run(breakeven, |row| {
                rows.push(row.clone());
                writer.row(&mut out, &frame, row)
            })
            .unwrap();
        let frame = SweepReport {
            breakeven,
            warnings,
            ..frame
        };
        writer.end(&mut out, &frame).unwrap();
        (String::from_utf8(out).unwrap(), SweepReport { rows, ..frame })
    }

    #[test]
    fn a_streamed_sweep_is_the_rendered_report_byte_for_byte() {
        let grids: [Grid; 3] = [
            (&["volume.interactions_per_day=100,250"], None),
            (&["tiers.simple.output_tokens=0..3000:750"], Some(("routed", "gpt-4o"))),
            (
                &[
                    "volume.interactions_per_day=10..1000*10",
                    "tiers.complex.share=20%,60%",
                    "techniques.batch.share=0,50%",
                ],
                None,
            ),
        ];
        for (sets, breakeven) in grids {
            for format in [
                Format::Csv {
                    cells: CsvCells::Guarded,
                },
                Format::Json,
            ] {
                let (text, report) = streamed(sets, breakeven, format);
                assert_eq!(text, render(&report, format).unwrap(), "{sets:?} {format:?}");
                // Five strategies at every point of the grid.
                let points: usize = report.parameters.iter().map(|p| p.values.len()).product();
                assert_eq!(report.rows.len(), points * 5);
            }
        }
        let (json, _) = streamed(
            &["tiers.simple.output_tokens=0..3000:750"],
            Some(("routed", "gpt-4o")),
            Format::Json,
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["rows"].as_array().unwrap().len(), 25);
        assert!(value["breakeven"]["statement"].is_string(), "{json}");
    }
}
