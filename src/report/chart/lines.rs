//! Cost against a swept parameter: one line per strategy, ticks at 1-2-5 ×
//! 10^k; a geometric sweep on logarithmic axes for both the parameter and the
//! money (a cost of zero, which has no logarithm, keeps the money axis linear
//! and the axis title says so); the break-even points marked with their value.

use super::axis::Axis;
use super::{Chart, drawing, legend, text};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One strategy's costs at the sweep's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `(parameter value, monthly cost)`, in the sweep's order.
    pub points: Vec<(f64, f64)>,
}

/// A point marked on the chart with its label: where two strategies break even.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The catalog's currency, for the money axis's labels.
    pub currency: String,
    /// Draw the parameter on a logarithmic axis (a geometric sweep), and the money too.
    pub log_x: bool,
    pub series: Vec<Series>,
    pub marks: Vec<Mark>,
}

/// Room right of the plot, so that the last parameter label is not cut.
const RIGHT_MARGIN: u32 = 48;

impl LineChart {
    /// The parameter's axis: the sweep's values from first to last.
    fn x_axis(&self) -> Axis {
        let xs = self.series.iter().flat_map(|s| &s.points).map(|p| p.0);
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
        if self.log_x && lo > 0.0 && hi.is_finite() {
            Axis::exact_log(lo, hi)
        } else {
            Axis::linear(lo, hi)
        }
    }

    /// The money axis and the words its title ends with.
    fn y_axis(&self) -> (Axis, &'static str) {
        let ys = self.series.iter().flat_map(|s| &s.points).map(|p| p.1);
        let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
        match self.log_x {
            true if lo > 0.0 && hi.is_finite() => (Axis::log(lo, hi), ", logarithmic"),
            true => (Axis::from_zero(lo, hi), ", linear: a cost of zero has no logarithm"),
            false => (Axis::from_zero(lo, hi), ""),
        }
    }
}

impl Chart for LineChart {
    fn size(&self) -> (u32, u32) {
        (1000, 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (x_axis, (y_axis, y_scale)) = (self.x_axis(), self.y_axis());
        let (x_ticks, y_ticks) = (x_axis.clone(), y_axis.clone());
        root.fill(&WHITE).map_err(drawing)?;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, text(24))
            .margin(16)
            .margin_right(RIGHT_MARGIN)
            .x_label_area_size(56)
            .y_label_area_size(100)
            .build_cartesian_2d(x_axis, y_axis)
            .map_err(drawing)?;
        let currency = self.currency.clone();
        let y_desc = format!("{}{y_scale}", self.y_label);
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(y_desc)
            .axis_desc_style(text(18))
            .label_style(text(14))
            .x_label_formatter(&|v| x_ticks.number(*v))
            .y_label_formatter(&|v| y_ticks.money(*v, &currency))
            .draw()
            .map_err(drawing)?;
        for (i, s) in self.series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            chart
                .draw_series(LineSeries::new(s.points.clone(), color.stroke_width(2)))
                .map_err(drawing)?
                .label(&s.name)
                .legend(move |(lx, ly)| PathElement::new(vec![(lx, ly), (lx + 20, ly)], color.stroke_width(2)));
            chart
                .draw_series(s.points.iter().map(|p| Circle::new(*p, 3, color.filled())))
                .map_err(drawing)?;
        }
        for mark in &self.marks {
            let at = (mark.x, mark.y);
            // A mark in the right part of the chart is labelled on its left, so the label stays inside.
            let right = chart.as_coord_spec().translate(&at).0 > self.size().0 as i32 / 2;
            let (dx, anchor) = if right { (-14, HPos::Right) } else { (14, HPos::Left) };
            chart
                .draw_series([EmptyElement::at(at) + Cross::new((0, 0), 8, BLACK.stroke_width(3))])
                .map_err(drawing)?;
            chart
                .draw_series([EmptyElement::at(at) + Circle::new((0, 0), 11, BLACK.stroke_width(2))])
                .map_err(drawing)?;
            // On a white box (about half an em a character), so the lines behind do not cross the words.
            let width = (mark.label.chars().count() as f64 * 15.0 * 0.47) as i32 + 8;
            let (left, right) = if right {
                (dx - width, dx + 4)
            } else {
                (dx - 4, dx + width)
            };
            let background = Rectangle::new([(left, -34), (right, -10)], WHITE.mix(0.9).filled());
            chart
                .draw_series([EmptyElement::at(at) + background])
                .map_err(drawing)?;
            let style = text(15).pos(Pos::new(anchor, VPos::Bottom));
            let label = Text::new(mark.label.clone(), (dx, -14), style);
            chart.draw_series([EmptyElement::at(at) + label]).map_err(drawing)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)
    }
}
