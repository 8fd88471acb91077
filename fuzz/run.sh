#!/usr/bin/env bash
# Fuzzes llmcost's input readers: each target in turn, one process at a time.
#
#   fuzz/run.sh                 # every target for 60 s
#   fuzz/run.sh 300             # every target for 300 s
#   fuzz/run.sh 600 litellm     # one target (or several) for 600 s
#   fuzz/run.sh seed            # only (re)build the seed corpora
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Each corpus in fuzz/corpus/<target>/ starts from the shipped scenarios, catalogs
# and test fixtures (copied, not kept in git) plus fuzz/seeds/ and every saved crash
# in fuzz/regressions/; it grows as the fuzzer finds new paths and is kept between
# runs. A crash stops its target, leaves the input in fuzz/artifacts/<target>/ and
# makes the script exit 1 after the other targets ran: docs/fuzzing.md says what
# to do with it. Not part of .ci/run.
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
targets_all=(scenario catalog litellm set_values simulate usage_export)

# The longest input each target tries (bytes) and how long one input may take
# (seconds). The YAML parser is quadratic in nesting depth, so the YAML targets
# stay short enough that no input can nest deep enough to be slow for that reason.
max_len() {
    case $1 in
        scenario) echo 8192 ;;
        catalog) echo 16384 ;;
        litellm) echo 32768 ;;
        set_values) echo 256 ;;
        simulate) echo 20480 ;;
        usage_export) echo 32768 ;;
    esac
}
timeout_s=10

# The dictionaries each target uses, from fuzz/dict/.
dicts() {
    case $1 in
        scenario) echo yaml scenario ;;
        catalog) echo yaml catalog ;;
        litellm) echo litellm ;;
        set_values) echo set_values ;;
        simulate) echo yaml scenario catalog ;;
        usage_export) echo litellm ;;
    esac
}

# Copies `file` into the corpus `dir` under a name that keeps its origin.
put() {
    local dir=$1 file=$2
    cp "$file" "$dir/shipped-$(realpath --relative-to="$root" "$file" | tr '/' '_')"
}

seed() {
    local scenarios=("$root"/scenarios/*.yaml "$root"/tests/fixtures/whatif/{crossing,derived-rate,techniques}.yaml)
    local catalogs=("$root"/pricing/*.yaml "$root"/tests/fixtures/*.yaml "$root"/tests/fixtures/whatif/*catalog*.yaml
        "$root"/tests/fixtures/whatif/two-models.yaml)
    for t in "${targets_all[@]}"; do mkdir -p "$fuzz/corpus/$t"; done
    for f in "${scenarios[@]}"; do put "$fuzz/corpus/scenario" "$f"; done
    for f in "${catalogs[@]}"; do put "$fuzz/corpus/catalog" "$f"; done
    for f in "$root"/tests/fixtures/*.json; do put "$fuzz/corpus/litellm" "$f"; done
    for f in "$root"/tests/fixtures/usage/*.json "$root"/tests/fixtures/usage/*.jsonl; do put "$fuzz/corpus/usage_export" "$f"; done
    cp "$fuzz"/seeds/set_values/* "$fuzz/corpus/set_values/"
    # Every scenario with every catalog, split as the target splits them.
    local s c
    for s in "${scenarios[@]}"; do
        for c in "${catalogs[@]}"; do
            { cat "$s"; printf '\n=== catalog ===\n'; cat "$c"; } \
                >"$fuzz/corpus/simulate/shipped-$(basename "$s" .yaml)+$(basename "$c" .yaml)"
        done
    done
}

if [[ ${1:-} == seed ]]; then
    seed
    exit 0
fi
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${targets_all[@]}")

seed
mkdir -p "$fuzz/target/dict" "$fuzz/target/logs"
cd "$fuzz"
# -O: optimised; -a: debug assertions, so arithmetic overflow panics as it would in a
# debug build; -s none: no sanitizer, as the crate has no unsafe code.
build_flags=(-O -a -s none)
cargo +nightly fuzz build "${build_flags[@]}"

failed=()
summary=()
for t in "${targets[@]}"; do
    dict="$fuzz/target/dict/$t.dict"
    for d in $(dicts "$t"); do cat "$fuzz/dict/$d.dict"; done >"$dict"
    regressions=()
    [[ -d $fuzz/regressions/$t ]] && regressions=("$fuzz/regressions/$t")
    log="$fuzz/target/logs/$t.log"
    echo "== $t: ${seconds}s (log: $log)"
    status=0
    cargo +nightly fuzz run "${build_flags[@]}" "$t" "$fuzz/corpus/$t" "${regressions[@]}" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout="$timeout_s" \
        -dict="$dict" -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
    if [[ $status -ne 0 ]]; then
        failed+=("$t")
        summary+=("$t: $runs executions, FAILED (exit $status); see $log and fuzz/artifacts/$t/")
    else
        summary+=("$t: $runs executions, no crash")
    fi
done
printf '%s\n' "${summary[@]}"
[[ ${#failed[@]} -eq 0 ]]
