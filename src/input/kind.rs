//! What kind of llmcost input a document looks like, from its top-level keys,
//! so that a file given in the wrong place (a scenario as a catalog, LiteLLM's
//! JSON as a catalog) is named for what it is, with where it belongs.

use super::scan;
use serde_yaml::Value;

/// A kind of input file, as the loaders name it in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The name the loaders use for what they expect ("scenario", "price catalog", ...).
    pub name: &'static str,
    /// What the file looks like, with the keys that tell.
    pub looks: &'static str,
    /// Where a file of this kind belongs.
    pub hint: &'static str,
}

const LITELLM: Kind = Kind {
    name: "LiteLLM JSON",
    looks: "LiteLLM's JSON price list (it has `sample_spec` or `litellm_provider`)",
    hint: "convert it into a catalog first: `llmcost catalog import FILE -o catalog.yaml`",
};
const SCENARIO: Kind = Kind {
    name: "scenario",
    looks: "a scenario (it has `tiers` and `strategies`)",
    hint: "a scenario is the first argument: `llmcost simulate SCENARIO`",
};
const CATALOG: Kind = Kind {
    name: "price catalog",
    looks: "a price catalog (it has `models` and `as_of`)",
    hint: "pass a catalog with `--pricing FILE` or name it in the scenario's `catalog:`",
};
const RULES: Kind = Kind {
    name: "rules file",
    looks: "a rules file (it has `rules` and `tiers`)",
    hint: "a rules file is read by `llmcost route-eval`",
};
const COUNTS: Kind = Kind {
    name: "confusion-count file (written by route-eval)",
    looks: "a confusion-count file written by route-eval (it has `counts` and `sample`)",
    hint: "a scenario's rules classifier reads it as its `matrix_file`",
};

/// The kind `text` looks like, if it looks like one.
pub fn looks_like(text: &str) -> Option<Kind> {
    // The parser only sees what the cheap scan lets through (see `scan`).
    scan::check("", text).ok()?;
    let Ok(Value::Mapping(top)) = serde_yaml::from_str::<Value>(text) else {
        return None;
    };
    let has = |key: &str| top.contains_key(key);
    let litellm_entry = top
        .values()
        .take(5)
        .any(|v| v.as_mapping().is_some_and(|m| m.contains_key("litellm_provider")));
    if has("sample_spec") || litellm_entry {
        Some(LITELLM)
    } else if has("tiers") && has("strategies") {
        Some(SCENARIO)
    } else if has("models") && (has("as_of") || has("currency")) {
        Some(CATALOG)
    } else if has("rules") && has("tiers") {
        Some(RULES)
    } else if has("counts") && has("sample") {
        Some(COUNTS)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_kinds_apart_by_their_keys() {
        let name = |text: &str| looks_like(text).map(|k| k.name);
        assert_eq!(name("{\"sample_spec\": {\"mode\": \"chat\"}}"), Some("LiteLLM JSON"));
        assert_eq!(
            name("{\"m\": {\"litellm_provider\": \"openai\"}}"),
            Some("LiteLLM JSON")
        );
        assert_eq!(name("name: s\ntiers: []\nstrategies: []\n"), Some("scenario"));
        assert_eq!(name("name: c\nas_of: 2025-01-01\nmodels: {}\n"), Some("price catalog"));
        assert_eq!(name("name: r\ntiers: [a]\nrules: []\n"), Some("rules file"));
        assert_eq!(name("name: x\n"), None);
        assert_eq!(name("- a\n"), None);
        assert_eq!(name(&format!("a: {}", "[".repeat(1_000_000))), None);
    }
}
