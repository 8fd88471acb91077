//! `llmcost completions SHELL`: the shell's completion script, generated from
//! the command line itself, so it knows every command and option.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    pub shell: Shell,
    /// Where to write the script; `-` or nothing for stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The shells a completion script can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    Powershell,
    Zsh,
}

impl CompletionsArgs {
    /// The completion script for `llmcost` in the shell asked for.
    pub fn script(&self) -> String {
        let shell = match self.shell {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Elvish => clap_complete::Shell::Elvish,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
            Shell::Zsh => clap_complete::Shell::Zsh,
        };
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut super::command(), "llmcost", &mut script);
        // clap_complete writes only UTF-8 (names, help text and its own script).
        String::from_utf8_lossy(&script).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(shell: Shell) -> String {
        CompletionsArgs { shell, output: None }.script()
    }

    #[test]
    fn the_bash_script_completes_every_command_and_its_options() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("complete -F _llmcost"), "{bash}");
        for command in [
            "simulate",
            "diff",
            "catalog",
            "ladder",
            "explain",
            "route-eval",
            "montecarlo",
            "sweep",
            "completions",
            "man",
        ] {
            assert!(bash.contains(command), "{command} is missing");
        }
        assert!(bash.contains("--breakeven"));
        assert!(bash.contains("--fail-on-increase"));
    }

    #[test]
    fn every_shell_gets_a_script_of_its_own() {
        assert!(script(Shell::Zsh).starts_with("#compdef llmcost"));
        assert!(script(Shell::Fish).contains("complete -c llmcost"));
        assert!(script(Shell::Powershell).contains("Register-ArgumentCompleter"));
        assert!(script(Shell::Elvish).contains("edit:completion:arg-completer[llmcost]"));
    }
}
