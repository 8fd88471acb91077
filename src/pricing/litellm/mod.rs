//! Importing LiteLLM's community price list (`model_prices_and_context_window.json`)
//! as catalog models: text chat, completion and Responses-API entries only (the
//! `responses` mode holds o1-pro, o3-pro, gpt-5-pro and the codex models), selected by provider
//! and id, converted as `entry` documents. Everything left out is counted.

mod entry;
mod json;

use super::catalog::Model;
use super::select::Selection;
use crate::input::{InputError, Source};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The entry that documents the fields; it is no model.
const SPEC_ENTRY: &str = "sample_spec";

/// The modes of text models: chat, completion, and those served only by the Responses API.
const TEXT_MODES: [&str; 3] = ["chat", "completion", "responses"];

/// An entry left out because another one has the same catalog id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shadowed {
    pub entry: String,
    pub kept: String,
}

/// What an import read, kept and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Model entries in the file (`sample_spec` is not one).
    pub entries: usize,
    pub imported: usize,
    /// Entries that `--provider` / `--model` did not select.
    pub not_selected: usize,
    /// Selected entries that are not text models, by mode.
    pub other_modes: BTreeMap<String, usize>,
    /// Selected text entries priced otherwise than per token.
    pub without_token_prices: usize,
    /// Entries whose catalog id another entry already has: the provider's own
    /// (prefixed) entry is kept, else the first.
    pub shadowed: Vec<Shadowed>,
}

impl Summary {
    /// Selected entries that are not text models.
    pub fn other_mode_count(&self) -> usize {
        self.other_modes.values().sum()
    }
}

/// The models of an import, in file order, and what was left out.
#[derive(Debug, Clone)]
pub struct Import {
    pub models: Vec<Model>,
    pub summary: Summary,
}

/// Converts the LiteLLM file in `src`, keeping the entries `selection` picks.
pub fn import(src: &Source, selection: &Selection) -> Result<Import, InputError> {
    let file = json::File {
        name: &src.name,
        text: &src.text,
    };
    let entries = file.entries()?;
    let mut summary = Summary::default();
    let mut models: Vec<Model> = Vec::new();
    // Each kept model's LiteLLM id and whether its provider prefix was dropped.
    let mut kept: Vec<(String, bool)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (id, raw) in &entries.0 {
        if id == SPEC_ENTRY {
            continue;
        }
        summary.entries += 1;
        let fields = file.fields(id, raw)?;
        let litellm_provider = fields.text("litellm_provider")?.unwrap_or_default();
        let (catalog_id, prefixed) = entry::catalog_id(id);
        if !selection.matches(
            &[&litellm_provider, entry::provider(&litellm_provider)],
            &[id, catalog_id],
        ) {
            summary.not_selected += 1;
            continue;
        }
        let mode = fields.text("mode")?.unwrap_or_else(|| "no mode".into());
        if !TEXT_MODES.contains(&mode.as_str()) {
            *summary.other_modes.entry(mode).or_default() += 1;
            continue;
        }
        if litellm_provider.is_empty() {
            return Err(fields.invalid("litellm_provider", "a model entry needs its provider"));
        }
        if let Some(c) = id
            .chars()
            .find(|&c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            return Err(fields
                .entry_error(format!(
                    "the id holds U+{:04X}, a control character or line break; an id is a name a scenario writes",
                    u32::from(c)
                ))
                .with_hint("correct the id in the file, or leave the entry out with --model or --provider"));
        }
        let Some(model) = entry::model(&fields, &litellm_provider)? else {
            summary.without_token_prices += 1;
            continue;
        };
        match positions.get(&model.id) {
            None => {
                positions.insert(model.id.clone(), models.len());
                models.push(model);
                kept.push((id.clone(), prefixed));
            }
            Some(&at) if prefixed && !kept[at].1 => {
                summary.shadowed.push(Shadowed {
                    entry: kept[at].0.clone(),
                    kept: id.clone(),
                });
                models[at] = model;
                kept[at] = (id.clone(), prefixed);
            }
            Some(&at) => summary.shadowed.push(Shadowed {
                entry: id.clone(),
                kept: kept[at].0.clone(),
            }),
        }
    }
    summary.imported = models.len();
    Ok(Import { models, summary })
}
