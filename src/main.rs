//! The `llmcost` binary: parse, run, print `error: ...`, exit with a documented code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = llmcost::cli::parse();
    match llmcost::run(cli) {
        Ok(outcome) => outcome.code(),
        Err(err) => {
            if !llmcost::exit::is_quiet(&err) {
                // Names in a message are shown, never obeyed by the terminal.
                eprintln!("error: {}", llmcost::report::visible_lines(&format!("{err:#}")));
            }
            llmcost::exit::code_for(&err)
        }
    }
}
