//! One file per subcommand, each a thin `run` over the library; `inputs` loads
//! what every pricing command needs.

mod inputs;
pub mod montecarlo;
pub mod simulate;
pub mod sweep;
