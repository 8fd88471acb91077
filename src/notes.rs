//! Warnings gathered while a run prices things: defaults the catalog forced on us,
//! implausible prices, models near retirement. Printed on stderr, carried in JSON.

use std::collections::BTreeSet;

/// A deduplicated, ordered set of warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes(BTreeSet<String>);

impl Notes {
    pub fn add(&mut self, note: impl Into<String>) {
        self.0.insert(note.into());
    }

    pub fn extend(&mut self, other: &Notes) {
        self.0.extend(other.0.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }

    /// Prints each note on stderr as `warning: ...`.
    pub fn print(&self) {
        for note in &self.0 {
            eprintln!("warning: {}", crate::report::visible_lines(note));
        }
    }
}
