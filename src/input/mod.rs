//! Turning user files into typed values: the one reader of input files, the
//! checks before parsing, the only YAML calls of the crate, exact decimals read
//! from a scalar's text, JSON read the same way (`json.rs`), finding the line
//! of a field, and the errors (with "did you mean" hints) that name file,
//! field, value and line.

mod csv_lines;
mod error;
mod exact;
pub mod json;
mod kind;
mod locate;
pub mod opened;
mod read;
mod scan;
mod suggest;
mod wording;
mod yaml;

pub use csv_lines::LineEnds;
pub use error::{Field, InputError};
pub use exact::{ExactDecimal, Fraction, parse_decimal, parse_written, trimmed};
pub use kind::looks_like;
pub(crate) use locate::line_of;
pub use read::{MAX_FILE_BYTES, line_error, open_stream, read_text};
pub use scan::MAX_DEPTH;
pub use suggest::closest;
pub use yaml::Source;
