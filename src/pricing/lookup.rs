//! Finding a model by id or alias, with the closest ids when it is not there.

use super::catalog::{Catalog, Model};
use crate::input::closest;
use std::fmt;

/// A model id the catalog does not hold, with the ids that come closest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownModel {
    pub id: String,
    pub catalog: String,
    pub closest: Vec<String>,
}

impl fmt::Display for UnknownModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "model `{}` is not in catalog `{}`", self.id, self.catalog)
    }
}

impl UnknownModel {
    /// "did you mean `gpt-4o`?" or "closest ids: a, b, c", when any is close.
    pub fn hint(&self) -> Option<String> {
        match self.closest.as_slice() {
            [] => None,
            [one] => Some(format!("did you mean `{one}`?")),
            many => Some(format!("closest ids: {}", many.join(", "))),
        }
    }
}

impl Catalog {
    /// The model with this id or alias, if the catalog lists it (no search
    /// for the closest ids: for callers that look names up by the million).
    pub fn find(&self, id: &str) -> Option<&Model> {
        self.index.get(id).map(|&i| &self.models[i])
    }

    /// The model with this id or alias.
    pub fn model(&self, id: &str) -> Result<&Model, UnknownModel> {
        match self.find(id) {
            Some(model) => Ok(model),
            None => {
                // The closest names, one per model (an alias and its id are one model).
                let mut models: Vec<usize> = Vec::new();
                let mut names = Vec::new();
                for name in closest(id, self.index.keys().map(String::as_str), self.index.len()) {
                    let model = self.index[&name];
                    if !models.contains(&model) && names.len() < 3 {
                        models.push(model);
                        names.push(name);
                    }
                }
                Err(UnknownModel {
                    id: id.to_string(),
                    catalog: self.name.clone(),
                    closest: names,
                })
            }
        }
    }
}
