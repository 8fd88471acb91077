//! Pricing a model on a replacement (`diff --map OLD=NEW`): the old names find
//! the replacement's entry, so every strategy that named the old model is priced
//! on the new one, whatever kind of strategy it is.

use super::catalog::Catalog;
use super::lookup::UnknownModel;

impl Catalog {
    /// Makes each of `names` find the model `replacement` (an id or alias of this catalog).
    pub fn substitute(&mut self, names: &[String], replacement: &str) -> Result<(), UnknownModel> {
        let id = self.model(replacement)?.id.clone();
        if let Some(at) = self.models.iter().position(|m| m.id == id) {
            for name in names {
                self.index.insert(name.clone(), at);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::pricing::Catalog;

    #[test]
    fn old_names_find_the_replacement() {
        let mut c = Catalog::from_source(&Source::new(
            "c.yaml",
            "name: c\nas_of: 2026-01-01\ncurrency: USD\nsource: s\nmodels:\n  new: {provider: p, input: 1, output: 2}\n",
        ))
        .unwrap();
        c.substitute(&["old".into(), "old-alias".into()], "new").unwrap();
        assert_eq!(c.model("old").unwrap().id, "new");
        assert_eq!(c.model("old-alias").unwrap().id, "new");
        let e = c.substitute(&["x".into()], "neww").unwrap_err();
        assert_eq!(e.to_string(), "model `neww` is not in catalog `c`");
        assert_eq!(e.hint().as_deref(), Some("did you mean `new`?"));
    }
}
