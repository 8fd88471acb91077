//! CSV: the report's records, exact values, one header row.

use super::{Exporter, Report};
use anyhow::Context;

pub struct CsvExporter;

impl Exporter for CsvExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let records = report.records();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&records.headers)?;
        for row in &records.rows {
            writer.write_record(row)?;
        }
        let bytes = writer.into_inner().context("cannot finish the CSV")?;
        String::from_utf8(bytes).context("the CSV is not UTF-8")
    }
}
