#!/usr/bin/env bash
# Rows per second and peak memory of the usage table readers (CSV, JSON lines,
# Parquet) on generated logs, with the release build of
# benches/usage_tables.rs (its header says what the generated calls are), and
# of the whole of `llmcost usage price` (release build) on the same files.
#
#   benches/scripts/usage-tables.sh                    # 1,000,000 and 10,000,000 rows
#   benches/scripts/usage-tables.sh 100000000          # other sizes
#   SCRATCH=/big/disk benches/scripts/usage-tables.sh  # where the files go (about 400 bytes a row)
#   FORMATS=parquet benches/scripts/usage-tables.sh 100000000   # some formats only (csv jsonl parquet bedrock)
#
# For each size it writes the three files (and, when FORMATS names `bedrock`,
# the same calls as Bedrock invocation logs), reads each one in its own process
# under GNU time, then prices it with `llmcost usage price FILE --mapping
# tests/fixtures/usage/table-mapping.yaml` (Bedrock logs without a mapping), and prints rows/s of elapsed time, the CPU time (user +
# system; on a shared machine it moves less than elapsed time) and the peak
# resident memory; the files
# are removed after each size. Not part of `cargo test`: run it by hand (it
# needs GNU time at /usr/bin/time and bc).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
formats=${FORMATS:-csv jsonl parquet}
bin=$(cargo bench --locked --bench usage_tables --no-run --message-format=json 2>/dev/null |
    grep '"name":"usage_tables"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "error: the bench binary was not built" >&2; exit 1; }
cargo build --locked --release --bin llmcost 2>/dev/null
llmcost=target/release/llmcost
scratch=$(mktemp -d "${SCRATCH:-${TMPDIR:-/tmp}}/usage-tables.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# CPU time and peak memory of the process GNU time measured in file $1, for $2 rows.
measured() {
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$1")
    cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$1" | paste -sd+ | bc)
    echo "         CPU $cpu s ($(echo "$2 / $cpu" | bc) rows per CPU second), peak memory $((rss / 1024)) MiB"
}
for rows in "${sizes[@]}"; do
    start=$(date +%s%N)
    "$bin" generate "$rows" "$scratch" $formats
    echo "generated $rows rows in $(( ($(date +%s%N) - start) / 1000000 )) ms:" \
        "$(cd "$scratch" && du -h calls.* | tr '\n\t' '  ')"
    for format in $formats; do
        /usr/bin/time -v "$bin" read "$scratch/calls.$format" 2>"$scratch/time.txt"
        measured "$scratch/time.txt" "$rows"
        mapping=(--mapping tests/fixtures/usage/table-mapping.yaml)
        [ "$format" != bedrock ] || mapping=()
        /usr/bin/time -v "$llmcost" usage price "$scratch/calls.$format" \
            "${mapping[@]}" >/dev/null 2>"$scratch/time.txt"
        echo -n "usage price $format: $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$scratch/time.txt") elapsed; "
        measured "$scratch/time.txt" "$rows"
    done
    rm -f "$scratch"/calls.*
done
