//! The chosen plan written into a scenario as one more strategy: the
//! scenario's text as it is, with the new strategy added at the end of its
//! `strategies` list (its routes or model, the classifier, fallback or cascade
//! copied from the strategy whose routing it uses, and the techniques it
//! switches off). Relative `catalog` and `matrix_file` paths are rewritten
//! when the new file lives in another folder. The text is loaded and the new
//! strategy priced before anything is written: it must price to the figure
//! the plan was chosen at, or nothing is written.

use super::candidates::OptimizeError;
use super::plan::{Chosen, Plan, Routing};
use crate::engine::price_strategy;
use crate::input::{Field, Source, line_of};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::{Scenario, Serving};
use crate::yaml_writer::scalar;
use std::path::{Component, Path, PathBuf};

/// A line's indentation and, after it and any `- ` markers, the column where its content starts.
fn columns(line: &str) -> (usize, usize) {
    let indent = line.len() - line.trim_start().len();
    let mut col = indent;
    let mut rest = line.trim_start();
    while let Some(after) = rest.strip_prefix("- ") {
        let trimmed = after.trim_start();
        col += rest.len() - trimmed.len();
        rest = trimmed;
    }
    (indent, col)
}

fn is_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Whether the content of `line` (after its column) is the key `key`.
fn has_key(line: &str, col: usize, key: &str) -> bool {
    let content = line.get(col..).unwrap_or("");
    let Some((k, _)) = content.split_once(':') else {
        return false;
    };
    k.trim().trim_matches(['"', '\'']) == key
}

/// The 0-based line of `field` in `lines`, when it is the key it names.
fn key_line(text: &str, lines: &[&str], field: &Field, key: &str) -> Option<usize> {
    let at = line_of(text, &field.0)?.checked_sub(1)?;
    let (_, col) = columns(lines.get(at)?);
    has_key(lines[at], col, key).then_some(at)
}

/// The block of `key` in the scenario's strategy `index`, re-indented to `indent`.
fn block(text: &str, lines: &[&str], index: usize, key: &str, indent: usize) -> Result<Vec<String>, String> {
    let field = Field::named("strategies").index(index).key(key);
    let at = key_line(text, lines, &field, key).ok_or_else(|| {
        format!("its `{key}` block is not found where block style puts it (merge keys or flow style); copy it by hand")
    })?;
    let (_, col) = columns(lines[at]);
    let mut end = at + 1;
    let mut last = at;
    while end < lines.len() && (is_blank(lines[end]) || columns(lines[end]).0 > col) {
        if !is_blank(lines[end]) {
            last = end;
        }
        end += 1;
    }
    let pad = " ".repeat(indent);
    let mut out = vec![format!("{pad}{}", &lines[at][col..])];
    for line in &lines[at + 1..=last] {
        let (own, _) = columns(line);
        out.push(if line.trim().is_empty() {
            String::new()
        } else {
            format!("{pad}{}", &line[col.min(own)..])
        });
    }
    Ok(out)
}

/// The new strategy's lines, its `- ` at `indent`.
fn item(
    scenario: &Scenario,
    lines: &[&str],
    plan: &Plan,
    chosen: &Chosen,
    indent: usize,
) -> Result<Vec<String>, String> {
    let text = &scenario.source.text;
    let keys = " ".repeat(indent + 2);
    let strategy = &chosen.strategy;
    let mut out = vec![format!("{}- name: {}", " ".repeat(indent), scalar(&strategy.name))];
    match &strategy.serving {
        Serving::Single(m) => out.push(format!("{keys}model: {}", scalar(m))),
        Serving::Routed(_) => {
            out.push(format!("{keys}routes:"));
            for (tier, model) in &plan.models {
                out.push(format!("{keys}  {}: {}", scalar(tier), scalar(model)));
            }
        }
        Serving::Cascade(_) => {}
    }
    if let Some(from) = plan.routing.source() {
        let index = scenario
            .strategy_index(from)
            .ok_or_else(|| format!("strategy `{from}` is not in the scenario"))?;
        let source = &scenario.strategies[index];
        if matches!(plan.routing, Routing::Cascade { .. }) {
            out.extend(block(text, lines, index, "cascade", indent + 2)?);
        }
        if source.classifier.kind != crate::routing::ClassifierKind::None {
            out.extend(block(text, lines, index, "classifier", indent + 2)?);
        }
        if source.fallback.is_some() {
            out.extend(block(text, lines, index, "fallback", indent + 2)?);
        }
    }
    if !strategy.overrides.is_empty() {
        out.push(format!("{keys}techniques:"));
        for t in &strategy.overrides {
            out.push(format!("{keys}  {}: off", t.name()));
        }
    }
    Ok(out)
}

/// `text` with the strategy lines inserted at the end of its `strategies` list.
fn insert(scenario: &Scenario, plan: &Plan, chosen: &Chosen) -> Result<String, String> {
    let text = &scenario.source.text;
    let lines: Vec<&str> = text.lines().collect();
    let at = key_line(text, &lines, &Field::named("strategies"), "strategies")
        .ok_or("its `strategies` key is not found at the top level")?;
    let after_key = lines[at].split_once(':').map_or("", |(_, rest)| rest).trim();
    if !(after_key.is_empty() || after_key.starts_with('#')) {
        return Err(
            "its `strategies` list is written in flow style or through an alias; write it as a block list".into(),
        );
    }
    let first = (at + 1..lines.len())
        .find(|&i| !is_blank(lines[i]))
        .ok_or("its `strategies` list is empty")?;
    let (indent, _) = columns(lines[first]);
    if !lines[first].trim_start().starts_with('-') {
        return Err("its `strategies` value is not a block list".into());
    }
    let mut last = first;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        if is_blank(line) {
            continue;
        }
        let (own, _) = columns(line);
        if own > indent || (own == indent && line.trim_start().starts_with('-')) {
            last = i;
        } else {
            break;
        }
    }
    let new = item(scenario, &lines, plan, chosen, indent)?;
    let mut out: Vec<String> = lines[..=last].iter().map(|l| l.to_string()).collect();
    out.extend(new);
    out.extend(lines[last + 1..].iter().map(|l| l.to_string()));
    let mut joined = out.join("\n");
    joined.push('\n');
    Ok(joined)
}

/// `to` relative to the folder `from` (both absolute).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    out
}

/// The relative paths of `text` (`catalog`, every `matrix_file`) made relative to `target_dir` instead of `dir`.
fn rebase(text: &str, strategies: usize, dir: &Path, target_dir: &Path) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut fields = vec![(Field::named("catalog"), "catalog")];
    for i in 0..strategies {
        let f = Field::named("strategies")
            .index(i)
            .key("classifier")
            .key("rules")
            .key("matrix_file");
        fields.push((f, "matrix_file"));
    }
    let mut changed: Vec<(usize, String)> = Vec::new();
    for (field, key) in fields {
        let Some(at) = key_line(text, &lines, &field, key) else {
            continue;
        };
        if changed.iter().any(|(l, _)| *l == at) {
            continue;
        }
        let Some((head, value)) = lines[at].split_once(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if value.is_empty() || value.starts_with('#') || Path::new(value).is_absolute() {
            continue;
        }
        let target = dir.join(value);
        let target = target.canonicalize().unwrap_or(target);
        let path = relative(target_dir, &target);
        changed.push((at, format!("{head}: {}", scalar(&path.to_string_lossy()))));
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for (at, line) in changed {
        out[at] = line;
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// The scenario's text (read from `dir`) with the chosen plan added as a
/// strategy, to be written at `target`; checked to load and to price as chosen.
pub fn with_strategy(
    scenario: &Scenario,
    catalog: &Catalog,
    dir: &Path,
    plan: &Plan,
    chosen: &Chosen,
    target: &Path,
) -> Result<String, OptimizeError> {
    let name = &chosen.strategy.name;
    let refuse = |reason: String| OptimizeError::CannotWrite {
        name: name.clone(),
        reason,
    };
    if scenario.strategy_index(name).is_some() {
        return Err(refuse(format!(
            "{} already has a strategy of that name; choose another",
            scenario.source.name
        )));
    }
    let text = insert(scenario, plan, chosen).map_err(|r| refuse(format!("{}: {r}", scenario.source.name)))?;
    let target_dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let canonical = |p: &Path| p.canonicalize().map_err(|e| refuse(format!("{}: {e}", p.display())));
    let (here, there) = (canonical(dir)?, canonical(&target_dir)?);
    let text = if here == there {
        text
    } else {
        rebase(&text, scenario.strategies.len() + 1, &here, &there)
    };
    let written = Scenario::from_source(
        Source::new(target.display().to_string(), text.clone()),
        Some(&target_dir),
    )
    .map_err(|e| refuse(format!("the scenario with it does not load: {e}")))?;
    let index = written
        .strategy_index(name)
        .ok_or_else(|| refuse("the strategy is not found in the text written".into()))?;
    let techniques = written.strategies[index].techniques.clone();
    let priced = price_strategy(&written, catalog, index, &techniques, &mut Notes::default())
        .map_err(|e| refuse(format!("the scenario with it does not price: {e}")))?;
    if (priced.total, priced.quality) != (chosen.priced.total, chosen.priced.quality) {
        return Err(refuse(format!(
            "written, it prices to {} at quality {:?}, not {} at {:?}",
            priced.total, priced.quality, chosen.priced.total, chosen.priced.quality
        )));
    }
    Ok(text)
}
