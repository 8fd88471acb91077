//! Every command the documentation shows runs as written from the repository's
//! root and ends with its documented exit code: each `llmcost ...` (or
//! `cargo run --release -- ...`) line of a fenced block in README.md and
//! docs/*.md, and each example at the end of every `--help`.
//!
//! An exit code other than 0 is documented by `exit code N` in the command's
//! trailing `# comment` or in a `<!-- exit code N -->` line just above its
//! block; for `--help`, in the `# comment` line above the example. Blocks
//! marked `<!-- tested: ... -->` are scripts run by their own tests. Files a
//! command writes (`-o`, `--output`, `--plot`, `--matrix`, `--write-to`) go
//! to a scratch folder, so nothing in the repository changes. `montecarlo --runs` is cut
//! to at most 200 months: the exit code does not depend on it, and a debug
//! build samples 10,000 months of the uncertain scenario in about 30 s.
//!
//! The README stays short (under 20,000 bytes), every relative link of the
//! README and docs/ leads to a file and heading that exist, every page of
//! docs/ is in the README's index, and the README's
//! script installing completions and manual pages works as written.

use crate::common::{llmcost, repo};
use std::path::{Path, PathBuf};

/// One documented command.
#[derive(Debug)]
struct Example {
    /// Where it is shown: `README.md:17` or `llmcost catalog show --help`.
    origin: String,
    /// The command as shown, on one line.
    line: String,
    code: i32,
}

/// A word of a command line, and whether it holds an unquoted `*`.
struct Word {
    text: String,
    glob: bool,
}

/// Splits a command line the way a POSIX shell does for the forms the
/// documentation uses: quotes, backslash escapes, and a trailing `# comment`,
/// which is returned apart.
fn split(line: &str) -> (Vec<Word>, String) {
    let mut words = Vec::new();
    let mut word: Option<Word> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '#' if word.is_none() => return (words, chars.collect()),
            '\'' => {
                let w = word.get_or_insert_with(|| Word {
                    text: String::new(),
                    glob: false,
                });
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.text.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(|| Word {
                    text: String::new(),
                    glob: false,
                });
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => w.text.extend(chars.next()),
                        _ => w.text.push(q),
                    }
                }
            }
            _ => {
                let w = word.get_or_insert_with(|| Word {
                    text: String::new(),
                    glob: false,
                });
                let c = if c == '\\' { chars.next().unwrap_or('\\') } else { c };
                w.glob |= c == '*';
                w.text.push(c);
            }
        }
    }
    words.extend(word);
    (words, String::new())
}

/// `dir/pre*post`, expanded against the repository (one folder level).
fn expand(pattern: &str) -> Vec<String> {
    let (dir, name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    let (pre, post) = name.split_once('*').expect("a glob");
    let mut found: Vec<String> = std::fs::read_dir(repo(dir))
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(pre) && n.ends_with(post) && n.len() >= pre.len() + post.len())
        .map(|n| if dir.is_empty() { n } else { format!("{dir}/{n}") })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "{pattern} matches no file");
    found
}

/// `exit code N` in a comment, else 0.
fn code_in(comment: &str) -> Option<i32> {
    let (_, after) = comment.split_once("exit code ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The most `montecarlo` months a documented command samples here.
const RUNS: u64 = 200;

/// The arguments after `llmcost`, with globs expanded, written files moved
/// into `scratch` and `--runs` cut to `RUNS`.
fn arguments(line: &str, scratch: &Path) -> Vec<String> {
    let (words, _) = split(line);
    let mut args = Vec::new();
    for w in words.into_iter().skip(1) {
        if w.glob {
            args.extend(expand(&w.text));
        } else {
            args.push(w.text);
        }
    }
    let into_scratch = |file: &str| -> String {
        if file == "-" {
            return file.to_string();
        }
        let name = Path::new(file).file_name().expect("a file name");
        scratch.join(name).to_string_lossy().into_owned()
    };
    let writes = ["-o", "--output", "--plot", "--matrix", "--write-to"];
    let mut out = Vec::with_capacity(args.len());
    let mut next_is_file = false;
    let mut next_is_runs = false;
    for a in args {
        if next_is_file {
            out.push(into_scratch(&a));
            next_is_file = false;
        } else if next_is_runs {
            out.push(match a.parse::<u64>() {
                Ok(n) => n.min(RUNS).to_string(),
                Err(_) => a,
            });
            next_is_runs = false;
        } else if let Some((flag, file)) = a.split_once('=').filter(|(f, _)| writes.contains(f)) {
            out.push(format!("{flag}={}", into_scratch(file)));
        } else {
            next_is_file = writes.contains(&a.as_str());
            next_is_runs = a == "--runs";
            out.push(a);
        }
    }
    out
}

/// The command a documentation line shows, as `llmcost ...`, or none.
fn command_of(line: &str) -> Option<String> {
    let t = line.trim_start();
    let t = t.strip_prefix("$ ").unwrap_or(t);
    if let Some(rest) = t.strip_prefix("cargo run --release -- ") {
        return Some(format!("llmcost {rest}"));
    }
    if t.starts_with("llmcost ") || t == "llmcost" {
        return Some(t.to_string());
    }
    None
}

/// Every command in the fenced blocks of one Markdown file.
fn markdown_examples(file: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with("```") {
            i += 1;
            continue;
        }
        let above = if i > 0 { lines[i - 1].trim() } else { "" };
        let skip = above.starts_with("<!-- tested:");
        let block_code = above.strip_prefix("<!--").and_then(code_in).unwrap_or(0);
        i += 1;
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            let start = i;
            let mut joined = lines[i].to_string();
            while joined.ends_with('\\') && i + 1 < lines.len() {
                joined.pop();
                i += 1;
                joined.push(' ');
                joined.push_str(lines[i].trim_start());
            }
            i += 1;
            if skip {
                continue;
            }
            if let Some(command) = command_of(&joined) {
                let (_, comment) = split(&command);
                found.push(Example {
                    origin: format!("{file}:{}", start + 1),
                    code: code_in(&comment).unwrap_or(block_code),
                    line: command,
                });
            }
        }
        i += 1;
    }
    found
}

fn markdown_files() -> Vec<String> {
    let mut files = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(repo("docs"))
        .expect("docs/")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The text `llmcost ARGS --help` prints.
fn help(path: &[String]) -> String {
    let out = llmcost().args(path).arg("--help").output().expect("runs");
    assert!(out.status.success(), "llmcost {} --help failed", path.join(" "));
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// The lines of a help section (`Commands:`, `Examples:`), up to the next blank line.
fn section<'a>(help: &'a str, title: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != title)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

/// Every command path: `[]`, `[simulate]`, ..., `[catalog, show]`, ...
fn command_paths() -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new()];
    let mut i = 0;
    while i < paths.len() {
        let path = paths[i].clone();
        for line in section(&help(&path), "Commands:") {
            let name = line.split_whitespace().next().expect("a command name");
            if name != "help" {
                let mut sub = path.clone();
                sub.push(name.to_string());
                paths.push(sub);
            }
        }
        i += 1;
    }
    paths
}

/// GitHub's anchor of a Markdown heading.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Checks a `Docs: FILE[#anchor]` pointer: the file exists and has the heading.
fn check_pointer(origin: &str, pointer: &str) {
    let target = pointer.split_whitespace().next().expect("a docs pointer");
    let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
    let text = std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{origin}: Docs: {file}: {e}"));
    if !anchor.is_empty() {
        let anchors: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix('#'))
            .map(|l| slug(l.trim_start_matches('#')))
            .collect();
        assert!(
            anchors.iter().any(|a| a == anchor),
            "{origin}: Docs: {file} has no heading #{anchor}"
        );
    }
}

/// The examples at the end of every `--help`, checked for their shape.
fn help_examples() -> Vec<Example> {
    let mut found = Vec::new();
    for path in command_paths() {
        let origin = format!("llmcost {} --help", path.join(" ")).replace("  ", " ");
        let text = help(&path);
        let mut code = 0;
        let mut count = 0;
        for line in section(&text, "Examples:") {
            let line = line.trim();
            if let Some(comment) = line.strip_prefix('#') {
                code = code_in(comment).unwrap_or(0);
            } else {
                assert!(line.starts_with("llmcost"), "{origin}: `{line}` is not a command");
                found.push(Example {
                    origin: origin.clone(),
                    line: line.to_string(),
                    code,
                });
                code = 0;
                count += 1;
            }
        }
        assert!(
            (2..=3).contains(&count),
            "{origin}: {count} examples, expected two or three"
        );
        let last = text.trim_end().lines().last().unwrap_or_default();
        let pointer = last
            .strip_prefix("Docs: ")
            .unwrap_or_else(|| panic!("{origin}: the help ends with `{last}`, not a Docs: line"));
        check_pointer(&origin, pointer);
    }
    found
}

/// Runs each example; returns a description of every one that went wrong.
fn run_all(examples: &[Example]) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let mut failures = Vec::new();
    for ex in examples {
        let args = arguments(&ex.line, scratch.path());
        let out = llmcost().args(&args).output().expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(ex.code) || stderr.contains("panicked") {
            failures.push(format!(
                "{}: `{}` exited with {:?}, documented {}\n{stderr}",
                ex.origin,
                ex.line,
                out.status.code(),
                ex.code
            ));
        }
    }
    failures
}

#[test]
fn every_command_in_the_readme_and_docs_runs_with_its_documented_exit_code() {
    let examples: Vec<Example> = markdown_files().iter().flat_map(|f| markdown_examples(f)).collect();
    assert!(examples.len() >= 20, "only {} commands found", examples.len());
    let failures = run_all(&examples);
    assert!(
        failures.is_empty(),
        "{} of {} documented commands failed:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn every_help_ends_with_examples_that_run_and_a_docs_page() {
    let examples = help_examples();
    let failures = run_all(&examples);
    assert!(
        failures.is_empty(),
        "{} of {} help examples failed:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn documented_commands_are_read_as_a_shell_reads_them() {
    let scratch = PathBuf::from("/scratch");
    assert_eq!(
        arguments(
            r#"llmcost ladder x.yaml --strategy "routed + all" -s 'a b' --output out/costs.csv   # exit code 2"#,
            &scratch
        ),
        [
            "ladder",
            "x.yaml",
            "--strategy",
            "routed + all",
            "-s",
            "a b",
            "--output",
            "/scratch/costs.csv"
        ]
    );
    assert_eq!(
        arguments("llmcost montecarlo --runs 10000 --seed 7", &scratch),
        ["montecarlo", "--runs", "200", "--seed", "7"]
    );
    assert_eq!(
        arguments("llmcost sweep --set a=1,2 --plot=c.svg -o -", &scratch),
        ["sweep", "--set", "a=1,2", "--plot=/scratch/c.svg", "-o", "-"]
    );
    let validate = arguments("llmcost catalog validate pricing/list-*.yaml", &scratch);
    assert!(validate.contains(&"pricing/list-2025-11.yaml".to_string()));
    assert_eq!(code_in(" fails (exit code 3)"), Some(3));
    assert_eq!(code_in(" no code here"), None);
    assert_eq!(
        command_of("$ cargo run --release -- simulate"),
        Some("llmcost simulate".into())
    );
    assert_eq!(command_of("cargo test"), None);
    assert_eq!(
        slug("`llmcost sweep`: how the answer moves"),
        "llmcost-sweep-how-the-answer-moves"
    );
}

/// The README's limit: what the tool is and how to start; the rest is in docs/.
const README_LIMIT: usize = 20_000;

#[test]
fn the_readme_stays_under_20000_bytes() {
    let size = std::fs::metadata(repo("README.md")).expect("README.md").len();
    assert!(
        size < README_LIMIT as u64,
        "README.md is {size} bytes; move detail into a page of docs/ and link it from the index"
    );
}

/// The anchors of a Markdown file's headings (outside fenced blocks).
fn headings(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            found.extend(line.strip_prefix('#').map(|h| slug(h.trim_start_matches('#'))));
        }
    }
    found
}

/// The targets of a Markdown file's links (`[text](target)`, outside fenced blocks).
fn links(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            if let Some(end) = rest.find(')') {
                found.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    found
}

#[test]
fn every_link_in_the_readme_and_docs_leads_to_a_file_and_its_heading() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(repo(&file)).expect("a Markdown file");
        let folder = Path::new(&file).parent().unwrap_or(Path::new(""));
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let linked = if path.is_empty() {
                repo(&file)
            } else {
                repo(&folder.join(path).to_string_lossy())
            };
            if anchor.is_empty() && linked.is_dir() {
                continue;
            }
            if !linked.is_file() {
                broken.push(format!("{file}: ({target}): no file {}", linked.display()));
                continue;
            }
            // An image is a file; only a page's text has headings.
            if anchor.is_empty() {
                continue;
            }
            let linked_text = std::fs::read_to_string(&linked).unwrap_or_default();
            if !headings(&linked_text).iter().any(|h| h == anchor) {
                broken.push(format!("{file}: ({target}): no heading #{anchor}"));
            }
        }
    }
    assert!(checked >= 30, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_installs_completions_and_manual_pages_as_it_says() {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README.md");
    let marker = "<!-- tested: installing completions and manual pages -->";
    let block = readme.split_once(marker).expect("the install script's marker").1;
    let script: String = block
        .lines()
        .skip(2)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| format!("{l}\n"))
        .collect();
    let home = tempfile::tempdir().expect("a scratch home");
    let binary = Path::new(env!("CARGO_BIN_EXE_llmcost"));
    let path = format!(
        "{}:{}",
        binary.parent().expect("the binary's folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .env("HOME", home.path())
        .env("PATH", path)
        .current_dir(home.path())
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = |file: &str| std::fs::read_to_string(home.path().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(read(".local/share/bash-completion/completions/llmcost").contains("complete -F _llmcost"));
    assert!(read(".zfunc/_llmcost").starts_with("#compdef llmcost"));
    assert!(read(".config/fish/completions/llmcost.fish").contains("complete -c llmcost"));
    assert!(read(".local/share/man/man1/llmcost.1").starts_with(".TH llmcost 1 "));
    for command in ["simulate", "route-eval", "montecarlo", "man"] {
        let page = read(&format!(".local/share/man/man1/llmcost-{command}.1"));
        assert!(
            page.starts_with(&format!(".TH llmcost-{command} 1 ")),
            "llmcost-{command}.1: {page}"
        );
    }
    // Where `man` is installed, the page is read as a manual page.
    let man = std::process::Command::new("man")
        .arg("-l")
        .arg(home.path().join(".local/share/man/man1/llmcost-sweep.1"))
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output();
    if let Ok(out) = man {
        let page = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for section in ["NAME", "SYNOPSIS", "OPTIONS"] {
            assert!(page.contains(section), "man -l shows no {section}:\n{page}");
        }
        assert!(page.contains("--breakeven"), "{page}");
    }
}

#[test]
fn every_page_of_docs_is_in_the_readme_index() {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README.md");
    let linked = links(&readme);
    let unlisted: Vec<String> = markdown_files()
        .into_iter()
        .filter(|f| f.starts_with("docs/") && !linked.iter().any(|l| l == f))
        .collect();
    assert!(
        unlisted.is_empty(),
        "pages missing from the README's Documentation index: {}",
        unlisted.join(", ")
    );
}
