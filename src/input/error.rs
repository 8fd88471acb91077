//! The error every input problem becomes: file, field, value, line and a hint.

use std::fmt;

/// One step of the path to a field: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// The path of a field inside a document, such as `tiers[1].share`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field(pub(crate) Vec<Seg>);

impl Field {
    /// The document's root.
    pub fn root() -> Self {
        Self::default()
    }

    /// A path of one key.
    pub fn named(key: &str) -> Self {
        Self::root().key(key)
    }

    /// This path followed by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        Self(segs)
    }

    /// This path followed by a list index.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Self(segs)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if k.contains(['.', '[', ' ']) => write!(f, "[\"{k}\"]")?,
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem with a user's file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// The field's path, where known (e.g. `tiers[1].share`).
    pub field: Option<String>,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// What to do about it, where we can tell.
    pub hint: Option<String>,
}

impl InputError {
    /// An error about a whole file (unreadable, empty, ...).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint such as "did you mean `share`?".
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_like_the_yaml() {
        let f = Field::named("tiers").index(1).key("share");
        assert_eq!(f.to_string(), "tiers[1].share");
        let m = Field::named("models").key("gpt-4.1").key("input");
        assert_eq!(m.to_string(), "models[\"gpt-4.1\"].input");
    }

    #[test]
    fn display_names_file_line_field_and_hint() {
        let e = InputError {
            file: "s.yaml".into(),
            line: Some(7),
            field: Some("tiers[0].shre".into()),
            message: "unknown field `shre`".into(),
            hint: Some("did you mean `share`?".into()),
        };
        assert_eq!(
            e.to_string(),
            "s.yaml:7: tiers[0].shre: unknown field `shre`\n  hint: did you mean `share`?"
        );
    }
}
