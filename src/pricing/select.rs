//! Picking models by provider and by id pattern (`--provider`, `--model`), for
//! `catalog list` and `catalog import`. A pattern is a glob over the whole id:
//! `*` any run of characters, `?` one; without either it is the id itself.

/// Providers and id patterns; an empty list lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub providers: Vec<String>,
    pub models: Vec<String>,
}

impl Selection {
    /// Whether any of `providers` (case-insensitive) and any of `ids` pass.
    pub fn matches(&self, providers: &[&str], ids: &[&str]) -> bool {
        let provider_ok = self.providers.is_empty()
            || self
                .providers
                .iter()
                .any(|wanted| providers.iter().any(|p| p.eq_ignore_ascii_case(wanted)));
        let id_ok = self.models.is_empty() || self.models.iter().any(|pattern| ids.iter().any(|id| glob(pattern, id)));
        provider_ok && id_ok
    }
}

/// Whether `text` matches `pattern` (`*` and `?` wildcards), case-insensitively.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    // Greedy matching with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_ids() {
        assert!(glob("gpt-4o", "gpt-4o"));
        assert!(!glob("gpt-4o", "gpt-4o-mini"));
        assert!(glob("gpt-4o*", "gpt-4o-mini"));
        assert!(glob("*sonnet*", "claude-3-7-sonnet-20250219"));
        assert!(glob("gemini/*", "gemini/gemini-2.5-pro"));
        assert!(!glob("gemini/*", "gemini-2.5-pro"));
        assert!(glob("o?", "o3"));
        assert!(glob("*-*-*", "a-b-c"));
        assert!(glob("CLAUDE*", "claude-haiku-4-5"));
        assert!(!glob("", "x"));
        assert!(glob("*", ""));
    }

    #[test]
    fn selections_need_a_provider_and_an_id_to_pass() {
        let s = Selection {
            providers: vec!["Google".into()],
            models: vec!["gemini-2.5-*".into()],
        };
        assert!(s.matches(&["gemini", "google"], &["gemini/gemini-2.5-pro", "gemini-2.5-pro"]));
        assert!(!s.matches(&["openai"], &["gemini-2.5-pro"]));
        assert!(!s.matches(&["google"], &["gemini-3.5-flash"]));
        assert!(Selection::default().matches(&["any"], &["thing"]));
    }
}
