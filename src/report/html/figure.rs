//! A chart inline in the page: its SVG as an image for assistive technology
//! (`role="img"`, an `aria-label` and a `<title>`), scaled to the page's width.

use super::Figure;
use crate::report::escape::html;

/// The `<figure>` of `figure`.
pub fn render(figure: &Figure) -> String {
    let title = html(&figure.title);
    // The chart's SVG starts with its `<svg ...>` tag: the name goes into it and right after it.
    let tag = figure
        .svg
        .trim_start()
        .strip_prefix("<svg")
        .and_then(|rest| rest.split_once('>'));
    let labelled = match tag {
        Some((attributes, body)) => {
            format!("<svg role=\"img\" aria-label=\"{title}\"{attributes}><title>{title}</title>{body}")
        }
        None => figure.svg.clone(),
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
