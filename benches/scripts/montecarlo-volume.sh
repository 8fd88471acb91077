#!/usr/bin/env bash
# Time of `llmcost montecarlo --runs 10000` for every shipped scenario at
# daily volumes from 10 to 10^9, with a release build: time must not grow
# with volume (a cell is drawn one interaction at a time only while small).
#
#   benches/scripts/montecarlo-volume.sh                  # every scenario, every volume
#   benches/scripts/montecarlo-volume.sh routing 5000     # scenarios whose name holds `routing`, one volume
#   RUNS=1000 EXTRA=--per-interaction benches/scripts/montecarlo-volume.sh   # other flags
#   BIN=/tmp/llmcost-old benches/scripts/montecarlo-volume.sh                # another build
#
# Each scenario is copied into a scratch folder (with the catalog and keyword
# rules it reads) with its volume set to N interactions a day; a scenario
# without an `uncertainty` section gets token spreads of 50% (input and
# output). Prints the wall seconds of each run (best of REPEAT, default 1).
# Not part of `cargo test`: run it by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z ${BIN:-} ]]; then cargo build --release --quiet; fi
bin=${BIN:-$PWD/target/release/llmcost}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r scenarios pricing "$work/"
filter=${1:-}
volumes=${2:-"10 100 1000 5000 10000 100000 1000000 1000000000"}
runs=${RUNS:-10000}
repeat=${REPEAT:-1}
extra=${EXTRA:-}
echo "llmcost montecarlo --runs $runs $extra, release build, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s' "interactions a day:"
for v in $volumes; do printf "%12s" "$v"; done
echo
for file in scenarios/*.yaml; do
  name=$(basename "$file" .yaml)
  [[ -z $filter || $name == *$filter* ]] || continue
  printf '%-34s' "$name"
  for v in $volumes; do
    copy=$work/scenarios/$name-$v.yaml
    # One volume line: a daily rate over the scenario's month.
    sed -E "s/interactions_per_(day|month): [0-9]+/interactions_per_day: $v/" "$file" > "$copy"
    grep -q '^uncertainty:' "$copy" || printf 'uncertainty: {input_cv: 50%%, output_cv: 50%%}\n' >> "$copy"
    best=
    for _ in $(seq "$repeat"); do
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      "$bin" montecarlo "$copy" --runs "$runs" -q $extra > /dev/null 2>&1
      t=$(echo "$(date +%s.%N) - $start" | bc)
      if [[ -z $best ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
    done
    printf "%12.3f" "$best"
  done
  echo
done
