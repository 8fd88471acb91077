#!/usr/bin/env bash
# Peak memory and time of `llmcost sweep` on large grids, with a release
# build: a CSV or JSON sweep streams (each grid point is priced and written
# as it is computed), so its peak memory stays flat and its time grows
# linearly with the number of points.
#
#   benches/scripts/sweep.sh [POINTS ...]          (default: 100000 1000000)
#   FORMATS="csv json table" benches/scripts/sweep.sh 100000
#
# POINTS is a multiple of 1,000: the reference scenario swept over
# `volume.interactions_per_day=1..1000:1` times `tiers.simple.output_tokens`
# from 1 to POINTS / 1,000, five strategies a point, written with -o to a
# temporary file. For each format and size it prints the wall time, the time
# per point, the peak memory (maximum resident set size from GNU time) and
# the size of the report. Needs /usr/bin/time (GNU time).
#
# Measured on a 2-core Linux machine shared with other builds (times vary
# with the load; memory does not):
#
#   points     format   seconds  us/point  peak MiB  report MiB
#   100000     csv         16.6       166       5.9          55
#   1000000    csv        145.4       145       6.0         564
#   100000     json        16.9       170       6.2         133
#   1000000    json       125.8       126       6.4        1337
#   100000     table       10.1       101    1487.5          72
#   100000     markdown     9.8        98     381.6          31
#
# Ten times the points, the same peak memory; the time per point stays between
# 126 and 170 us (the spread is the load of the machine), so time is linear.
# Before streaming, the 100,000-point sweep peaked at 546 MiB as CSV and
# 1,066 MiB as JSON. Tables and Markdown still lay out every row at once
# (a column's width depends on every row), so their memory grows with the
# grid: use CSV or JSON for large grids.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
read -r -a formats <<<"${FORMATS:-csv json}"
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%-10s %-7s %8s %9s %9s %11s\n' points format seconds us/point "peak MiB" "report MiB"
for points in "${sizes[@]}"; do
  if (( points % 1000 != 0 || points < 1000 )); then
    echo "POINTS must be a multiple of 1000: $points" >&2
    exit 2
  fi
  for format in "${formats[@]}"; do
    out="$dir/sweep.$format"
    /usr/bin/time -v -o "$dir/time" ./target/release/llmcost sweep scenarios/service-company.yaml \
      --set volume.interactions_per_day=1..1000:1 \
      --set "tiers.simple.output_tokens=1..$(( points / 1000 )):1" \
      --force --format "$format" --output "$out"
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
    seconds=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$wall")
    bytes=$(stat -c %s "$out")
    awk -v p="$points" -v f="$format" -v s="$seconds" -v k="$kib" -v b="$bytes" \
      'BEGIN { printf "%-10d %-7s %8.1f %9.0f %9.1f %11.0f\n", p, f, s, s * 1e6 / p, k / 1024, b / 1048576 }'
    rm -f "$out"
  done
done
