//! Charts (plotters): a sweep as cost-versus-parameter lines per strategy, a
//! Monte Carlo run as a histogram per strategy on one money axis with the
//! budget line; ticks and their labels by `axis`. SVG or
//! PNG by the file's extension; text is set in DejaVu Sans, built into the
//! binary, so PNG needs no system fonts. A chart is rendered to bytes; the
//! command writes it with its report (`sink`), so a failed chart writes nothing.

mod axis;
mod histograms;
mod lines;

pub use histograms::{HistogramChart, Panel};
pub use lines::{LineChart, Mark, Series};

use axis::Axis;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// A chart file the run cannot draw (an extension that is neither `.svg` nor
/// `.png`). The command line reports it as a usage error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(pub String);

/// The font family every chart names.
const FONT: &str = "sans-serif";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// The format a file's extension asks for: `.svg` or `.png`.
    pub fn of(path: &Path) -> Result<Self, ChartError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(Self::Svg),
            Some("png") => Ok(Self::Png),
            _ => Err(ChartError(format!(
                "--plot {}: give a file ending in .svg or .png",
                path.display()
            ))),
        }
    }
}

/// Registers the built-in font once per process.
fn fonts() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [FontStyle::Normal, FontStyle::Bold]
            .into_iter()
            .zip([dejavu::sans::regular(), dejavu::sans::bold()])
            .all(|(style, bytes)| plotters::style::register_font(FONT, style, bytes).is_ok())
    });
    anyhow::ensure!(ok, "the built-in chart font could not be loaded");
    Ok(())
}

/// Something that draws itself on any plotters backend.
pub trait Chart {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static;
}

/// Draws `chart` as the bytes of the file `path` (SVG or PNG by its extension).
pub fn render<C: Chart>(chart: &C, path: &Path) -> anyhow::Result<Vec<u8>> {
    match ChartFormat::of(path)? {
        ChartFormat::Svg => Ok(svg(chart)?.into_bytes()),
        ChartFormat::Png => {
            fonts()?;
            let size = chart.size();
            let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
                chart.draw(&root)?;
                root.present().map_err(drawing)?;
            }
            encode_png(&rgb, size)
        }
    }
}

/// Draws `chart` as SVG text (for a file, or inline in the HTML report).
pub fn svg<C: Chart>(chart: &C) -> anyhow::Result<String> {
    fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(drawing)?;
    }
    Ok(svg)
}

fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// A plotters error as an error of this crate.
fn drawing<E: std::error::Error + Send + Sync + 'static>(e: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow::anyhow!("cannot draw the chart: {e}")
}

/// Text of `size` pixels in the chart font.
fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// The legend of a chart's series, boxed, at `position`.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<Axis, Axis>>,
    position: SeriesLabelPosition,
    size: u32,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .label_font(text(size))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(position)
        .draw()
        .map_err(drawing)
}

/// `(lo, hi)` widened so that a flat or empty range still has room.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi > lo {
        (lo, hi)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.05 };
        (lo - pad, hi + pad)
    }
}
