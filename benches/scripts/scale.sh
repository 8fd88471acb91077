#!/usr/bin/env bash
# Time and peak memory of `llmcost simulate` as scenarios grow, with a release
# build: series at two or more sizes each, to show that both grow linearly
# with the number of tiers, of strategies and of catalog models; the
# `commands` series runs `explain`, `diff` and `montecarlo` on growing tiers.
#
#   benches/scripts/scale.sh            # every series
#   benches/scripts/scale.sh tiers      # one series: tiers, strategies, models or commands
#
# Each scenario is generated: tiers of distinct token counts with equal shares;
# a single-model strategy, then routed strategies cycling through the models,
# every other one with a fallback chain and a keyword-rules confusion matrix
# (90% right, 10% to the next tier), and a two-model cascade. The catalog has
# models with distinct prices. Prints, per size, wall and CPU (user + system)
# seconds and the peak resident memory (`/usr/bin/time`'s maximum RSS).
#
# Not part of `cargo test`: run it by hand (it needs GNU time at /usr/bin/time).
#
# Measured on a 2-core Linux virtual machine (Intel Xeon), shared with other
# work, so single runs vary by tens of percent (CPU s = user + system; MiB =
# peak resident memory):
#
#   simulate, 4 strategies:   1,000 tiers  0.04 s    23 MiB
#                            10,000 tiers  0.47 s   183 MiB
#                           100,000 tiers  5.32 s  1767 MiB
#   simulate, 10 tiers:       1,000 strategies  0.14 s   47 MiB
#                            10,000 strategies  1.64 s  420 MiB
#   simulate, 10 tiers:      10,000 catalog models  0.03 s   26 MiB
#                           100,000 catalog models  0.43 s  218 MiB
#   explain / diff / montecarlo --runs 100, 1,000 tiers:  0.02 / 0.04 / 0.17 s
#                                          10,000 tiers:  0.42 / 0.54 / 3.30 s
#
# Memory grows tenfold per tenfold size, and time about as much (Monte Carlo a
# little more from 1,000 to 10,000 tiers, as its per-tier data outgrows the
# processor caches; from 5,000 to 20,000 tiers on one thread it doubles with
# each doubling). Before confusion matrices were stored sparsely (a dense
# 4,000 × 4,000 matrix per routed strategy, kept twice), 4,000 tiers took
# 9.6 s and 2.0 GiB here.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
bin=$PWD/target/release/llmcost
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# catalog DIR MODELS
catalog() {
  awk -v m="$2" 'BEGIN {
    print "name: bench\nas_of: 2026-01-01\ncurrency: USD\nsource: generated\nmodels:"
    for (i = 0; i < m; i++)
      printf "  m%d:\n    provider: p\n    input: %d.25\n    output: %d.5\n", i, 1 + i % 7, 9 + i % 11
  }' > "$1/catalog.yaml"
}

# scenario DIR TIERS STRATEGIES MODELS (TIERS must divide 100% exactly: 10, 1000, 100000, ...)
scenario() {
  awk -v k="$2" -v s="$3" -v m="$4" 'BEGIN {
    print "name: bench\ncatalog: catalog.yaml\nvolume:\n  interactions_per_day: 100000\ntiers:"
    share = sprintf("%.10f", 100 / k); sub(/0+$/, "", share); sub(/\.$/, "", share)
    for (t = 0; t < k; t++)
      printf "  - name: t%d\n    share: %s%%\n    input_tokens: %d\n    output_tokens: %d\n", t, share, 500 + t % 1000, 100 + t % 300
    print "strategies:\n  - name: single\n    model: m0"
    print "  - name: cascade\n    cascade:\n      models: [m0, m1]\n      accept:\n        m0:"
    for (t = 0; t < k; t++) printf "          t%d: %d%%\n", t, 50 + t % 50
    for (i = 2; i < s; i++) {
      printf "  - name: routed%d\n    routes:\n", i
      for (t = 0; t < k; t++) printf "      t%d: m%d\n", t, (t + i) % m
      if (i % 2 == 0) {
        printf "    fallback:\n      failure: {m%d: 2%%}\n      backups: [m%d]\n      failed_attempts: input\n", i % m, (i + 1) % m
        printf "    classifier:\n      kind: rules\n      rules:\n        matrix:\n"
        for (t = 0; t < k; t++) printf "          t%d: {t%d: 90%%, t%d: 10%%}\n", t, t, (t + 1) % k
      }
    }
    print "baseline: single"
  }' > "$1/scenario.yaml"
}

# measure LABEL DIR ARGS...: one run, its wall and CPU seconds and peak memory.
measure() {
  local label=$1 dir=$2
  shift 2
  (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" "$@" > /dev/null 2> "$work/stderr") || {
    cat "$work/stderr" >&2
    exit 1
  }
  read -r wall user sys rss < "$work/time"
  printf '%-38s %8.2f s wall %8.2f s CPU %8d MiB peak\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}

# case LABEL TIERS STRATEGIES MODELS
case_() {
  local dir=$work/$2-$3-$4
  mkdir -p "$dir"
  catalog "$dir" "$4"
  scenario "$dir" "$2" "$3" "$4"
  measure "$1" "$dir" simulate scenario.yaml
}

series=${1:-all}
echo "llmcost, release build, $(nproc) cores"
if [[ $series == all || $series == tiers ]]; then
  for k in 1000 10000 100000; do case_ "$k tiers, 4 strategies" "$k" 4 50; done
fi
if [[ $series == all || $series == strategies ]]; then
  for s in 1000 10000; do case_ "$s strategies, 10 tiers" 10 "$s" 50; done
fi
if [[ $series == all || $series == models ]]; then
  for m in 10000 100000; do
    case_ "$m catalog models, 10 tiers" 10 4 "$m"
    measure "  catalog validate, $m models" "$work/10-4-$m" catalog validate catalog.yaml
  done
fi
if [[ $series == all || $series == commands ]]; then
  for k in 1000 10000; do
    dir=$work/$k-4-50
    [[ -d $dir ]] || case_ "$k tiers, 4 strategies" "$k" 4 50
    measure "  explain, $k tiers" "$dir" explain scenario.yaml --strategy routed2
    measure "  diff, $k tiers" "$dir" diff scenario.yaml --base catalog.yaml --head catalog.yaml
    measure "  montecarlo --runs 100, $k tiers" "$dir" montecarlo scenario.yaml --runs 100 -q
  done
fi
