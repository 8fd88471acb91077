//! Prices that are legal but probably wrong: a cache read dearer than input, a
//! cache write cheaper than input, a batch rate above the standard one.

use super::catalog::Model;
use rust_decimal::Decimal;

/// One warning per implausible rate, naming model, field, value and the expected range.
pub fn check(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let std = &model.standard;
    let mut flag = |field: &str, value: Decimal, expected: String| {
        out.push(format!(
            "model {}: {field} = {value} per 1M, expected {expected}",
            model.id
        ));
    };
    if let Some(read) = std.cached_input
        && read > std.input
    {
        flag("cached_input", read, format!("at most the input rate {}", std.input));
    }
    if let Some(write) = std.cache_write
        && write < std.input
    {
        flag("cache_write", write, format!("at least the input rate {}", std.input));
    }
    if let Some(write) = std.cache_write_1h
        && write < std.input
    {
        flag(
            "cache_write_1h",
            write,
            format!("at least the input rate {}", std.input),
        );
    }
    let batch = &model.batch;
    for (field, rate, standard) in [
        ("batch.input", batch.input, Some(std.input)),
        ("batch.output", batch.output, Some(std.output)),
        ("batch.cached_input", batch.cached_input, std.cached_input),
        ("batch.cache_write", batch.cache_write, std.cache_write),
    ] {
        if let (Some(rate), Some(standard)) = (rate, standard)
            && rate > standard
        {
            flag(field, rate, format!("at most the standard rate {standard}"));
        }
    }
    out
}
