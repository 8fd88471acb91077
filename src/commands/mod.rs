//! One file per subcommand, each a thin `run` over the library; `inputs` loads
//! what every pricing command needs.

pub mod catalog;
pub mod diff;
mod inputs;
pub mod simulate;
