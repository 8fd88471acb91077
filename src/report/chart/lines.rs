//! Cost against a swept parameter: one line per strategy.

use super::{Chart, drawing, legend, padded, text};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One strategy's costs at the sweep's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `(parameter value, monthly cost)`, in the sweep's order.
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Draw the parameter on a logarithmic axis (a geometric sweep).
    pub log_x: bool,
    pub series: Vec<Series>,
}

impl Chart for LineChart {
    fn size(&self) -> (u32, u32) {
        (1000, 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let x = |v: f64| if self.log_x { v.log10() } else { v };
        let points = || self.series.iter().flat_map(|s| &s.points);
        let (x_lo, x_hi) = points().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(x(p.0)), hi.max(x(p.0)))
        });
        let y_hi = points().fold(0.0f64, |hi, p| hi.max(p.1));
        let (x_lo, x_hi) = padded(x_lo, x_hi);
        let (_, y_hi) = padded(0.0, y_hi * 1.08);
        root.fill(&WHITE).map_err(drawing)?;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, text(24))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x_lo..x_hi, 0.0..y_hi)
            .map_err(drawing)?;
        let log = self.log_x;
        let x_format = move |v: &f64| {
            let v = if log { 10f64.powf(*v) } else { *v };
            format!("{}", (v * 1e6).round() / 1e6)
        };
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(18))
            .label_style(text(14))
            .x_label_formatter(&x_format)
            .draw()
            .map_err(drawing)?;
        for (i, s) in self.series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let line: Vec<(f64, f64)> = s.points.iter().map(|p| (x(p.0), p.1)).collect();
            chart
                .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))
                .map_err(drawing)?
                .label(&s.name)
                .legend(move |(lx, ly)| PathElement::new(vec![(lx, ly), (lx + 20, ly)], color.stroke_width(2)));
            chart
                .draw_series(line.into_iter().map(|p| Circle::new(p, 3, color.filled())))
                .map_err(drawing)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)
    }
}
