//! One file per subcommand, each a thin `run` over the library; `inputs` loads
//! what every pricing command needs; `publish` writes what they report.

pub mod calibrate;
pub mod catalog;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod forecast;
mod inputs;
pub mod ladder;
pub mod man;
pub mod montecarlo;
pub mod optimize;
mod publish;
pub mod replay;
pub mod route_eval;
pub mod router_calibrate;
pub mod simulate;
pub mod sweep;
pub mod usage;
pub mod variance;
