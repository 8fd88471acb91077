//! A chart inline in the page: its SVG as an image for assistive technology
//! (`role="img"`, an `aria-label` and a `<title>`), scaled to the page's width.

use super::Figure;
use crate::report::escape::html;

/// The `<figure>` of `figure`.
pub fn render(figure: &Figure) -> String {
    let title = html(&figure.title);
    let svg = figure.svg.trim_start_matches(|c| c != '<');
    let svg = svg
        .strip_prefix("<?xml")
        .map_or(svg, |rest| rest.split_once("?>").map_or(rest, |(_, s)| s.trim_start()));
    let labelled = match svg.strip_prefix("<svg") {
        Some(rest) => match rest.split_once('>') {
            Some((attributes, body)) => {
                format!("<svg role=\"img\" aria-label=\"{title}\"{attributes}><title>{title}</title>{body}")
            }
            None => svg.to_string(),
        },
        None => svg.to_string(),
    };
    format!("<figure class=\"chart\">{labelled}<figcaption>{title}</figcaption></figure>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_with_a_name() {
        let figure = Figure {
            title: "cost <by> volume".into(),
            svg: "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><text>x</text></svg>".into(),
        };
        assert_eq!(
            render(&figure),
            "<figure class=\"chart\"><svg role=\"img\" aria-label=\"cost &lt;by&gt; volume\" width=\"10\" \
             height=\"10\" viewBox=\"0 0 10 10\"><title>cost &lt;by&gt; volume</title><text>x</text></svg>\
             <figcaption>cost &lt;by&gt; volume</figcaption></figure>\n"
        );
    }
}
