//! JSON: the report's own serialisation, pretty-printed, money as strings.

use super::{Exporter, Report};

pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let mut text = serde_json::to_string_pretty(&report.json()?)?;
        text.push('\n');
        Ok(text)
    }
}
