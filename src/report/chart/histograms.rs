//! A Monte Carlo run: one panel per strategy, aligned on one money axis so the
//! strategies compare by eye, each with the histogram of its monthly cost, its
//! p5–p95 band, the expected cost and the budget as vertical lines, and the
//! chance of exceeding the budget beside its name.

use super::axis::Axis;
use super::{Chart, drawing, legend, text};
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;

/// One strategy's histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub name: String,
    /// Bin edges (one more than the counts).
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub expected: f64,
    /// The 5th and 95th percentiles, as values and as shown.
    pub p5: (f64, String),
    pub p95: (f64, String),
    /// The chance of exceeding the budget, as shown (`12.5%`).
    pub exceed: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistogramChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The catalog's currency, for the money axis's labels.
    pub currency: String,
    /// The budget's value and its label.
    pub budget: Option<(f64, String)>,
    pub panels: Vec<Panel>,
}

/// Pixels per panel.
const PANEL_HEIGHT: u32 = 260;

impl HistogramChart {
    /// The money axis every panel shares: all the costs, and the budget when
    /// it is near them (far away, each panel's caption says where it is).
    fn x_axis(&self) -> (Axis, Option<&(f64, String)>) {
        let values = self
            .panels
            .iter()
            .flat_map(|p| [p.edges.first(), p.edges.last(), Some(&p.expected)])
            .flatten();
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
        let span = (hi - lo).max(hi.abs() * 0.01);
        let budget = self.budget.as_ref().filter(|(b, _)| *b >= lo - span && *b <= hi + span);
        let (lo, hi) = match budget {
            Some((b, _)) => (lo.min(*b), hi.max(*b)),
            None => (lo, hi),
        };
        let pad = (hi - lo).max(span) * 0.03;
        (Axis::linear(lo - pad, hi + pad), budget)
    }

    /// The words above a panel: the strategy, its band and its chance of exceeding the budget.
    fn caption(&self, p: &Panel, budget_shown: bool) -> String {
        let mut caption = format!("{}: p5 {}, p95 {}", p.name, p.p5.1, p.p95.1);
        if let (Some((_, label)), Some(exceed)) = (&self.budget, &p.exceed) {
            caption.push_str(&format!(", P(> {label}) = {exceed}"));
            if !budget_shown {
                caption.push_str(&format!(" (budget {label} is off this scale)"));
            }
        }
        caption
    }
}

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
        let (axis, budget) = self.x_axis();
        for (i, (panel, area)) in self.panels.iter().zip(&areas).enumerate() {
            self.panel(i, panel, area, &axis, budget)?;
        }
        Ok(())
    }
}

impl HistogramChart {
    fn panel<DB: DrawingBackend>(
        &self,
        i: usize,
        p: &Panel,
        area: &DrawingArea<DB, Shift>,
        axis: &Axis,
        budget: Option<&(f64, String)>,
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let most = p.counts.iter().copied().max().unwrap_or(0) as f64;
        let counts = Axis::from_zero(0.0, most * 1.15 + 1.0);
        let top = counts.range().end;
        let ticks = (axis.clone(), counts.clone());
        let mut chart = ChartBuilder::on(area)
            .caption(self.caption(p, budget.is_some()), text(18))
            .margin(10)
            .margin_right(40)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d(axis.clone(), counts)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(14))
            .label_style(text(12))
            .x_label_formatter(&|v| ticks.0.money(*v, &self.currency))
            .y_label_formatter(&|v| ticks.1.number(*v))
            .draw()
            .map_err(drawing)?;
        let color = Palette99::pick(i).to_rgba();
        let band = BLUE.mix(0.12);
        chart
            .draw_series([Rectangle::new([(p.p5.0, 0.0), (p.p95.0, top)], band.filled())])
            .map_err(drawing)?
            .label("p5–p95")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], band.filled()));
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
