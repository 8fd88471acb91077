//! "Did you mean" suggestions for misspelt names.

/// The candidates closest to `wanted`, best first, at most `limit`; empty when none is close.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let similarity = strsim::jaro_winkler(&wanted_lower, &lower);
            let contains = !wanted_lower.is_empty() && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
            let score = if contains { similarity.max(0.9) } else { similarity };
            (score >= 0.8).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_and_nothing_for_strangers() {
        let ids = ["gpt-4o", "gpt-4o-mini", "o3", "claude-3-7-sonnet"];
        assert_eq!(closest("gpt4o", ids, 1), vec!["gpt-4o"]);
        assert_eq!(closest("claude-3.7-sonnet", ids, 1), vec!["claude-3-7-sonnet"]);
        assert!(closest("llama", ids, 3).is_empty());
    }
}
