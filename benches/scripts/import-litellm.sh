#!/usr/bin/env bash
# Times `llmcost catalog import --from litellm` on a whole LiteLLM price list with a
# release build: the JSON read exactly, every entry converted, the catalog
# written and loaded back as a check.
#
#   benches/scripts/import-litellm.sh path/to/model_prices_and_context_window.json [RUNS]
#
# Prints each run's wall time and the fastest and median of RUNS (default 10).
set -euo pipefail
json=${1:?usage: benches/scripts/import-litellm.sh FILE.json [RUNS]}
runs=${2:-10}
cd "$(dirname "$0")/../.."
cargo build --release --quiet
out=$(mktemp --suffix .yaml)
trap 'rm -f "$out"' EXIT
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  ./target/release/llmcost catalog import "$json" --from litellm --output "$out" --as-of 2000-01-01 2>/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "${ms} ms"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "fastest $(echo "$sorted" | head -n 1) ms, median $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms over $runs runs" \
  "($(grep -c '^  [^ ]' "$out") models written)"
