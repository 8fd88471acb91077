//! The page around a report: the document's head (its title, a content
//! security policy that allows no request, the style), the report, its
//! charts, the bills one click away, the warnings, and the exact figures as
//! the JSON report in `<script type="application/json" id="llmcost-report">`.

use super::{Extras, document, figure};
use crate::report::Report;
use crate::report::escape::{html, script_json};

/// The page's style: screen, narrow screens and print.
const STYLE: &str = include_str!("style.css");
/// The one script: sorts a table by the column whose header is clicked.
const SORT: &str = include_str!("sort.js");
/// Nothing may be fetched: no script, style, font or image from anywhere but the page.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// The whole page of `report` with `extras`.
pub fn page(report: &dyn Report, extras: &Extras) -> anyhow::Result<String> {
    let doc = report.document();
    let json = serde_json::to_string(&report.json()?)?;
    let title = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            crate::report::Block::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "llmcost report".into());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
         <meta name=\"generator\" content=\"llmcost {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        html(&title)
    );
    out.push_str(&document::render(&doc, 1));
    if !extras.figures.is_empty() {
        out.push_str("<section class=\"charts\">\n<h2>Charts</h2>\n");
        for f in &extras.figures {
            out.push_str(&figure::render(f));
        }
        out.push_str("</section>\n");
    }
    if !extras.details.is_empty() {
        out.push_str("<section class=\"details\">\n<h2>Bills</h2>\n");
        for d in &extras.details {
            out.push_str(&format!(
                "<details>\n<summary>{}</summary>\n{}</details>\n",
                html(&d.summary),
                document::render(&d.document, 3)
            ));
        }
        out.push_str("</section>\n");
    }
    let notes = document::notes(&doc);
    if !notes.is_empty() {
        out.push_str("<section class=\"warnings\" role=\"note\">\n<h2>Warnings</h2>\n<ul>\n");
        for n in &notes {
            out.push_str(&format!("<li>{}</li>\n", html(n)));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(&format!(
        "<footer>\n<p>Made by llmcost {}. The exact figures of this report are in the page, as the JSON \
         report (<code>--format json</code>): the element <code>script#llmcost-report</code>.</p>\n</footer>\n\
         <script type=\"application/json\" id=\"llmcost-report\">{}</script>\n</main>\n<script>\n{SORT}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        script_json(&json)
    ));
    Ok(out)
}
