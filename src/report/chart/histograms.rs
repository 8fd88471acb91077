//! A Monte Carlo run: one panel per strategy, the histogram of its monthly
//! cost, the expected cost and the budget as vertical lines.

use super::{Chart, drawing, legend, padded, text};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One strategy's histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub name: String,
    /// Bin edges (one more than the counts).
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub expected: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistogramChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The budget's value and its label.
    pub budget: Option<(f64, String)>,
    pub panels: Vec<Panel>,
}

/// Pixels per panel.
const PANEL_HEIGHT: u32 = 260;

impl Chart for HistogramChart {
    fn size(&self) -> (u32, u32) {
        (1000, 60 + PANEL_HEIGHT * self.panels.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE).map_err(drawing)?;
        let body = root.titled(&self.title, text(24)).map_err(drawing)?;
        let areas = body.split_evenly((self.panels.len().max(1), 1));
        for (i, (panel, area)) in self.panels.iter().zip(&areas).enumerate() {
            self.panel(i, panel, area)?;
        }
        Ok(())
    }
}

impl HistogramChart {
    fn panel<DB: DrawingBackend>(&self, i: usize, p: &Panel, area: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (lo, hi) = match (p.edges.first(), p.edges.last()) {
            (Some(lo), Some(hi)) => (*lo, *hi),
            _ => (0.0, 1.0),
        };
        let span = (hi - lo).max(hi.abs() * 0.01);
        // The budget widens the axis when it is near the costs; far away, the caption says where it is.
        let budget = self.budget.as_ref().filter(|(b, _)| *b >= lo - span && *b <= hi + span);
        let (x_lo, x_hi) = match budget {
            Some((b, _)) => (lo.min(*b), hi.max(*b)),
            None => (lo, hi),
        };
        let (x_lo, x_hi) = padded(x_lo - span * 0.02, x_hi + span * 0.02);
        let top = p.counts.iter().copied().max().unwrap_or(0) as f64 * 1.15 + 1.0;
        let caption = match (&self.budget, budget) {
            (Some((_, label)), None) => format!("{} (budget {label} is off this scale)", p.name),
            _ => p.name.clone(),
        };
        let mut chart = ChartBuilder::on(area)
            .caption(caption, text(18))
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d(x_lo..x_hi, 0.0..top)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(14))
            .label_style(text(12))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(drawing)?;
        let color = Palette99::pick(i).to_rgba();
        let bars = p
            .edges
            .windows(2)
            .zip(&p.counts)
            .map(|(e, &c)| Rectangle::new([(e[0], 0.0), (e[1], c as f64)], color.mix(0.6).filled()));
        chart.draw_series(bars).map_err(drawing)?;
        let vertical = |x: f64| vec![(x, 0.0), (x, top)];
        chart
            .draw_series(LineSeries::new(vertical(p.expected), BLACK.stroke_width(2)))
            .map_err(drawing)?
            .label("expected (simulate)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        if let Some((b, label)) = budget {
            chart
                .draw_series(LineSeries::new(vertical(*b), RED.stroke_width(2)))
                .map_err(drawing)?
                .label(format!("budget {label}"))
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight, 12)
    }
}
