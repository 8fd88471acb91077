//! The `llmcost` binary: parse, run, print `error: ...`, exit with a documented code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = llmcost::cli::parse();
    match llmcost::run(cli) {
        Ok(outcome) => outcome.code(),
        Err(err) => {
            if !llmcost::exit::is_quiet(&err) {
                eprintln!("error: {err:#}");
            }
            llmcost::exit::code_for(&err)
        }
    }
}
