//! What a command shows while it works, on stderr only: never in stdout or a
//! written report.

pub mod note;
pub mod progress;
