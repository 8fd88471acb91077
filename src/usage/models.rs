//! Finding the catalog's model for a name as a log writes it. Logs name
//! models as the provider's API did: with a gateway's provider prefix
//! (`openai/gpt-4.1`), as a Bedrock model id (`us.anthropic.claude-3-5-haiku-
//! 20241022-v1:0`), or as a dated snapshot (`gpt-4.1-2025-04-14`). The name is
//! tried as written, then with each of these taken off in turn; a name found
//! only so is reported with the id it was priced as, since a snapshot can be
//! priced apart from its family (a catalog that lists it is used as is).
//!
//! Logs repeat a handful of names millions of times: [`Names`] remembers
//! each name's answer, so a record costs one hash lookup.

use crate::pricing::{Catalog, Model};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What is taken off a name, in turn, until the catalog finds it: a
/// gateway's provider prefix (up to the last `/`), a Bedrock cross-region
/// prefix and model provider (`us.anthropic.`), a Bedrock model version
/// (`-v1:0`, `-v2`), a snapshot date (`-2025-04-14` or `-20241022`). Written
/// with brackets, groups and counts only, which every SQL dialect's regular
/// expressions read alike: `usage price --sql` takes them off in the
/// database (`sql.rs`).
pub(crate) const STRIPPED: [&str; 4] = [
    "^([^/]*/)*",
    "^((us|eu|apac|us-gov|global|jp|au|ca)[.])?(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)[.]",
    "-v[0-9]+(:[0-9]+)?$",
    "-([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})$",
];

static STRIP: LazyLock<[Regex; 4]> = LazyLock::new(|| STRIPPED.map(|p| Regex::new(p).expect("a valid pattern")));

/// The model `name` stands for, and whether it was found only once a
/// prefix, version or date was taken off.
pub fn resolve<'a>(catalog: &'a Catalog, name: &str) -> Option<(&'a Model, bool)> {
    if let Some(model) = catalog.find(name) {
        return Some((model, false));
    }
    // The gateway's prefix goes with the Bedrock prefix: the name without
    // the one alone is not looked up.
    let mut candidate = STRIP[0].replace(name, "").into_owned();
    for strip in &STRIP[1..] {
        candidate = strip.replace(&candidate, "").into_owned();
        if let Some(model) = catalog.find(&candidate) {
            return Some((model, true));
        }
    }
    None
}

/// The names a log holds, each resolved once against one catalog.
pub struct Names<'a> {
    catalog: &'a Catalog,
    known: HashMap<String, Option<(&'a Model, bool)>>,
}

impl<'a> Names<'a> {
    /// Names remembered at most: a log naming more models than this (a
    /// damaged one) resolves the rest each time rather than grow without end.
    const KEPT: usize = 10_000;

    pub fn new(catalog: &'a Catalog) -> Self {
        Self {
            catalog,
            known: HashMap::new(),
        }
    }

    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// [`resolve`] of `name`, remembered.
    pub fn resolve(&mut self, name: &str) -> Option<(&'a Model, bool)> {
        if let Some(known) = self.known.get(name) {
            return *known;
        }
        let found = resolve(self.catalog, name);
        if self.known.len() < Self::KEPT {
            self.known.insert(name.to_string(), found);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn catalog() -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-06-01\ncurrency: USD\nsource: test\nmodels:
  gpt-4.1: {provider: openai, input: 2, output: 8}
  gpt-4o-2024-05-13: {provider: openai, input: 5, output: 15}
  gpt-4o: {provider: openai, input: 2.5, output: 10}
  claude-3-5-haiku: {provider: anthropic, input: 0.8, output: 4}
",
        ))
        .unwrap()
    }

    fn id(name: &str) -> Option<(String, bool)> {
        let c = catalog();
        resolve(&c, name).map(|(m, stripped)| (m.id.clone(), stripped))
    }

    #[test]
    fn a_name_the_catalog_lists_is_used_as_written() {
        assert_eq!(id("gpt-4.1"), Some(("gpt-4.1".into(), false)));
        // A snapshot priced apart from its family keeps its own price.
        assert_eq!(id("gpt-4o-2024-05-13"), Some(("gpt-4o-2024-05-13".into(), false)));
    }

    #[test]
    fn prefixes_versions_and_dates_are_taken_off_and_said() {
        assert_eq!(id("openai/gpt-4.1"), Some(("gpt-4.1".into(), true)));
        assert_eq!(id("gpt-4.1-2025-04-14"), Some(("gpt-4.1".into(), true)));
        assert_eq!(id("gpt-4o-2024-08-06"), Some(("gpt-4o".into(), true)));
        assert_eq!(
            id("us.anthropic.claude-3-5-haiku-20241022-v1:0"),
            Some(("claude-3-5-haiku".into(), true))
        );
        assert_eq!(id("mystery-1"), None);
        assert_eq!(id("us.meta.llama3-1-8b-instruct-v1:0"), None);
    }

    #[test]
    fn names_remember_what_resolve_answers() {
        let c = catalog();
        let mut names = Names::new(&c);
        for _ in 0..2 {
            for name in ["gpt-4.1", "openai/gpt-4.1", "mystery-1"] {
                let expected = resolve(&c, name).map(|(m, s)| (m.id.clone(), s));
                assert_eq!(names.resolve(name).map(|(m, s)| (m.id.clone(), s)), expected, "{name}");
            }
        }
        assert_eq!(names.known.len(), 3);
    }
}
