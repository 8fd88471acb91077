//! Compact text charts for a terminal cell: one block character per bin.

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `counts` regrouped into `width` bins and drawn with eight heights; an empty
/// bin is a space, so a gap shows.
pub fn histogram(counts: &[u64], width: usize) -> String {
    let width = width.clamp(1, counts.len().max(1));
    let per = counts.len().div_ceil(width);
    let grouped: Vec<u64> = counts.chunks(per.max(1)).map(|c| c.iter().sum()).collect();
    let top = grouped.iter().copied().max().unwrap_or(0);
    grouped
        .iter()
        .map(|&c| {
            if c == 0 || top == 0 {
                ' '
            } else {
                LEVELS[((c * 8 - 1) / top) as usize]
            }
        })
        .collect()
}

/// Values (any unit) drawn from the smallest to the largest as eight heights.
pub fn line(values: &[f64]) -> String {
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(*v), hi.max(*v))
    });
    values
        .iter()
        .map(|v| {
            let level = if hi > lo {
                ((v - lo) / (hi - lo) * 7.0).round() as usize
            } else {
                0
            };
            LEVELS[level.min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_regroup_and_scale_to_the_tallest() {
        // pairs: 1+1, 0+0, 4+4, 2+0 → 2, 0, 8, 2 of 8: heights 2, gap, 8, 2.
        assert_eq!(histogram(&[1, 1, 0, 0, 4, 4, 2, 0], 4), "▂ █▂");
        assert_eq!(line(&[0.0, 3.5, 7.0]), "▁▅█");
        assert_eq!(line(&[2.0, 2.0]), "▁▁");
    }
}
