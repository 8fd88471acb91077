//! `llmcost man [COMMAND]...`: the manual page (roff) of `llmcost` or of one of
//! its commands, generated from the command line itself.

use crate::exit::UsageError;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, such as `simulate` or `catalog show`; none: `llmcost` itself.
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Where to write the page; `-` or nothing for stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl ManArgs {
    /// The page, in roff, as `man -l` reads it; an unknown command is a usage error.
    pub fn page(&self) -> Result<String, UsageError> {
        // `llmcost help` is how clap prints help, not a command with a page.
        let mut page = super::built(<super::Cli as clap::CommandFactory>::command().disable_help_subcommand(true));
        for name in &self.command {
            let known: Vec<String> = page.get_subcommands().map(|s| s.get_name().to_string()).collect();
            page = page.find_subcommand(name).cloned().ok_or_else(|| {
                let within = page.get_bin_name().unwrap_or("llmcost");
                UsageError(if known.is_empty() {
                    format!("`{within}` has no commands, so no page for `{name}`")
                } else {
                    format!(
                        "`{within}` has no command `{name}`\n  hint: the commands are {}",
                        known.join(", ")
                    )
                })
            })?;
        }
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .source(format!("llmcost {}", env!("CARGO_PKG_VERSION")))
            .render(&mut roff)
            .map_err(|e| UsageError(format!("the manual page cannot be written: {e}")))?;
        // clap_mangen writes only UTF-8 (names, help text and roff requests).
        Ok(title_first(&String::from_utf8_lossy(&roff)))
    }
}

/// `roff` with its `.TH` title line first, as a manual page begins: the
/// generator puts the definition of the apostrophe string (`.ds Aq`) before
/// it, which roff reads as well after the title.
fn title_first(roff: &str) -> String {
    let mut lines: Vec<&str> = roff.lines().collect();
    if let Some(at) = lines.iter().position(|l| l.starts_with(".TH ")) {
        let title = lines.remove(at);
        lines.insert(0, title);
    }
    let mut page = lines.join("\n");
    page.push('\n');
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(command: &[&str]) -> Result<String, UsageError> {
        ManArgs {
            command: command.iter().map(|s| s.to_string()).collect(),
            output: None,
        }
        .page()
    }

    #[test]
    fn the_page_of_llmcost_lists_its_commands_and_examples() {
        let page = page(&[]).expect("a page");
        assert!(page.starts_with(".TH llmcost 1 "), "{page}");
        assert!(page.contains(".SH NAME"));
        assert!(page.contains(".SH SYNOPSIS"));
        assert!(page.contains(".SH SUBCOMMANDS"));
        for command in ["simulate", "sweep", "montecarlo", "completions", "man"] {
            assert!(
                page.contains(&format!("llmcost\\-{command}(1)")),
                "{command} is missing"
            );
        }
        assert!(page.contains("llmcost simulate"), "the examples are missing");
    }

    #[test]
    fn a_command_has_a_page_of_its_own() {
        let page = page(&["catalog", "show"]).expect("a page");
        assert!(page.starts_with(".TH llmcost-catalog-show 1 "), "{page}");
        assert!(page.contains("\\-\\-pricing"));
    }

    #[test]
    fn an_unknown_command_names_the_known_ones() {
        let err = page(&["simulat"]).expect_err("an unknown command");
        assert!(err.0.contains("`llmcost` has no command `simulat`"), "{}", err.0);
        assert!(err.0.ends_with("completions, man"), "{}", err.0);
        let err = page(&["simulate", "x"]).expect_err("simulate has no commands");
        assert!(err.0.contains("`llmcost simulate` has no commands"), "{}", err.0);
    }
}
