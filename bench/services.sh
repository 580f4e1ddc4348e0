#!/usr/bin/env bash
# Per-service cost of the generated crates (issue 11): for every spec/<svc>.yaml, the time `codegen generate`
# takes to write its crate into an empty directory (release build of codegen) and the crate-only dev build of
# generated/<svc> (dependencies built first, incremental compilation off so the crate is compiled whole, one
# run). Prints a Markdown section on stdout; bench/run.sh appends it to BENCHMARKS.md.
#
#   bash bench/services.sh >> BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --quiet --release -p codegen
codegen=$target/release/codegen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }

echo
echo "## Services: generate and crate-only build, per crate (\`bench/services.sh\`)"
echo
echo "Run on $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start (a shared machine: the CPU columns are the figures to compare). Generate: release \`codegen generate --spec spec/<svc>.yaml\` into an empty directory. Build: \`cargo build -p huaweicloud-<svc>\` (dev profile, all features, \`CARGO_INCREMENTAL=0\`) after touching its \`src/lib.rs\`, dependencies already built."
echo
echo "| crate | operations | generated Rust lines | generate wall (s) | generate CPU (s) | build wall (s) | build CPU (s) | build CPU per operation (ms) |"
echo "|---|---|---|---|---|---|---|---|"
total_ops=0 total_gen=0 total_build=0
for spec in spec/*.yaml; do
  svc=$(basename "$spec" .yaml)
  ops=$(grep -c 'operationId:' "$spec" || true)
  /usr/bin/time -f '%e %U %S' -o "$tmp/gen" "$codegen" generate --spec "$spec" --out "$tmp/$svc" 2>/dev/null
  read -r gwall guser gsys <"$tmp/gen"
  cargo build --quiet -p "huaweicloud-$svc"
  touch "generated/$svc/src/lib.rs"
  /usr/bin/time -f '%e %U %S' -o "$tmp/build" cargo build --quiet -p "huaweicloud-$svc"
  read -r bwall buser bsys <"$tmp/build"
  lines=$(find "generated/$svc/src" -name '*.rs' -exec cat {} + | wc -l)
  gcpu=$(secs "$guser" "$gsys")
  bcpu=$(secs "$buser" "$bsys")
  per=$([ "$ops" -gt 0 ] && awk -v c="$bcpu" -v n="$ops" 'BEGIN { printf "%.0f", 1000 * c / n }' || echo "–")
  echo "| huaweicloud-$svc | $ops | $lines | $gwall | $gcpu | $bwall | $bcpu | $per |"
  total_ops=$((total_ops + ops))
  total_gen=$(secs "$total_gen" "$gcpu")
  total_build=$(secs "$total_build" "$bcpu")
done
echo "| **all** | $total_ops | | | $total_gen | | $total_build | $(awk -v c="$total_build" -v n="$total_ops" 'BEGIN { printf "%.0f", 1000 * c / n }') |"
