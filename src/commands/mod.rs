//! One file per subcommand, each a thin `run` over the library; `inputs` loads
//! what every pricing command needs; `publish` writes what they report.

mod inputs;
pub mod montecarlo;
mod publish;
pub mod simulate;
pub mod sweep;
