//! Independent tasks shared out among a few threads, their results kept in
//! task order: what a task returns never depends on the thread that ran it.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items a column is not worth splitting.
const SMALLEST_PIECE: usize = 4096;

/// `0..len` cut into up to `threads` ranges of nearly equal length, in order.
fn pieces(len: usize, threads: usize) -> Vec<Range<usize>> {
    let count = threads.clamp(1, (len / SMALLEST_PIECE).max(1));
    (0..count).map(|i| len * i / count..len * (i + 1) / count).collect()
}

/// `task(c, piece)` for every piece of every column (of the given lengths, each
/// cut by [`pieces`]) on up to `threads` threads; the results by column, in piece order.
pub fn by_piece<T: Send>(
    lengths: &[usize],
    threads: usize,
    task: impl Fn(usize, Range<usize>) -> T + Sync,
) -> Vec<Vec<T>> {
    let jobs: Vec<(usize, Range<usize>)> = lengths
        .iter()
        .enumerate()
        .flat_map(|(c, &len)| pieces(len, threads).into_iter().map(move |p| (c, p)))
        .collect();
    let results = run(threads, jobs.len(), |j| task(jobs[j].0, jobs[j].1.clone()));
    let mut grouped: Vec<Vec<T>> = lengths.iter().map(|_| Vec::new()).collect();
    for ((c, _), result) in jobs.iter().zip(results) {
        grouped[*c].push(result);
    }
    grouped
}

/// `task(0) .. task(count - 1)` on up to `threads` threads, results in task order.
/// A task that panics re-raises its panic here, as it would on one thread.
pub fn run<T: Send>(threads: usize, count: usize, task: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.clamp(1, count.max(1));
    if threads == 1 {
        return (0..count).map(task).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break done;
            }
            done.push((i, task(i)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_task_order_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            assert_eq!(run(threads, 5, |i| i * 10), vec![0, 10, 20, 30, 40]);
        }
        assert!(run(4, 0, |i| i).is_empty());
    }

    #[test]
    fn pieces_cover_every_item_once_in_order() {
        assert_eq!(pieces(10, 4), vec![0..10]);
        assert_eq!(pieces(0, 2), vec![0..0]);
        assert_eq!(pieces(10_000, 2), vec![0..5_000, 5_000..10_000]);
        assert_eq!(pieces(10_000, 3), vec![0..5_000, 5_000..10_000]);
        assert_eq!(pieces(12_289, 3), vec![0..4_096, 4_096..8_192, 8_192..12_289]);
    }
}
