#!/usr/bin/env bash
# Per-service cost of the generated crates (issue 11): for every spec/<svc>.yaml, the time `codegen generate`
# takes to write its crate into an empty directory (release build of codegen) and the crate-only dev build of
# generated/<svc> (dependencies built first, incremental compilation off so the crate is compiled whole, one
# run each), with no API group (`--no-default-features`: what is always compiled) and with all of them (the
# default features are `all`). The difference of the two, per operation, is what one more operation costs.
# Prints a Markdown section on stdout; bench/run.sh appends it to BENCHMARKS.md.
#
#   bash bench/services.sh >> BENCHMARKS.md
#   BENCH_SERVICES="kafka vpc" bash bench/services.sh    # some services only
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --quiet --release -p codegen
codegen=$target/release/codegen
# The dependencies of every crate (the runtime and what it pulls in), so each measurement is the crate alone.
cargo build --quiet -p huaweicloud-core
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }
per_op() { [ "$2" -gt 0 ] && awk -v c="$1" -v n="$2" 'BEGIN { printf "%.0f", 1000 * c / n }' || echo "–"; }
# Wall and CPU (user + system) seconds of one command, as "wall cpu". Called as `out=$(timed …)`, so that a
# failing command stops the script (`set -e`) instead of leaving a row of empty cells.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" || {
    echo "bench/services.sh: failed: $*" >&2
    return 1
  }
  local wall user sys
  read -r wall user sys <"$tmp/time"
  echo "$wall $(secs "$user" "$sys")"
}
# One crate-only build of huaweicloud-$1 with the given feature flags: built once untimed (so nothing but the
# crate is left to build), then its lib.rs touched and built again, timed.
crate_build() {
  local svc=$1
  shift
  cargo build --quiet -p "huaweicloud-$svc" "$@"
  touch "generated/$svc/src/lib.rs"
  timed cargo build --quiet -p "huaweicloud-$svc" "$@"
}

if [[ -n ${BENCH_SERVICES:-} ]]; then
  read -ra services <<<"$BENCH_SERVICES"
else
  services=()
  for spec in spec/*.yaml; do services+=("$(basename "$spec" .yaml)"); done
fi

echo
echo "## Services: generate and crate-only build, per crate (\`bench/services.sh\`)"
echo
echo "Run on $(date -u '+%Y-%m-%d %H:%M') UTC at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- codegen runtime generated spec || echo ' (with local changes)'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start (a shared machine: the CPU columns are the figures to compare), $(rustc --version). Generate: release \`codegen generate --spec spec/<svc>.yaml\` into an empty directory. Build: \`cargo build -p huaweicloud-<svc>\` (dev profile, \`CARGO_INCREMENTAL=0\`) after touching its \`src/lib.rs\`, dependencies already built, one run; \"no groups\" is \`--no-default-features\` (what is always compiled), \"all groups\" the default features (\`default = [\"all\"]\`). Per operation: all-groups CPU / operations, and the marginal cost (all groups − no groups) / operations."
echo
echo "| crate | operations | groups | generated Rust lines | generate wall (s) | generate CPU (s) | build, no groups: wall (s) | CPU (s) | build, all groups: wall (s) | CPU (s) | build CPU per operation (ms) | marginal CPU per operation (ms) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
total_ops=0 total_gen=0 total_none=0 total_all=0 total_lines=0
for svc in "${services[@]}"; do
  spec=spec/$svc.yaml
  ops=$(grep -c '^ *operationId:' "$spec" || true)
  groups=$(sed -n 's/^all = \[\(.*\)\]$/\1/p' "generated/$svc/Cargo.toml" | tr ',' '\n' | grep -c '"' || true)
  out=$(timed "$codegen" generate --spec "$spec" --out "$tmp/$svc" 2>"$tmp/generate.log") ||
    { cat "$tmp/generate.log" >&2; exit 1; }
  read -r gwall gcpu <<<"$out"
  out=$(crate_build "$svc" --no-default-features)
  read -r nwall ncpu <<<"$out"
  out=$(crate_build "$svc")
  read -r awall acpu <<<"$out"
  lines=$(find "generated/$svc/src" -name '*.rs' -exec cat {} + | wc -l)
  marginal=$(per_op "$(awk -v a="$acpu" -v n="$ncpu" 'BEGIN { print a - n }')" "$ops")
  echo "| huaweicloud-$svc | $ops | $groups | $lines | $gwall | $gcpu | $nwall | $ncpu | $awall | $acpu | $(per_op "$acpu" "$ops") | $marginal |"
  total_ops=$((total_ops + ops))
  total_lines=$((total_lines + lines))
  total_gen=$(secs "$total_gen" "$gcpu")
  total_none=$(secs "$total_none" "$ncpu")
  total_all=$(secs "$total_all" "$acpu")
done
echo "| **all ${#services[@]}** | $total_ops | | $total_lines | | $total_gen | | $total_none | | $total_all | $(per_op "$total_all" "$total_ops") | $(per_op "$(awk -v a="$total_all" -v n="$total_none" 'BEGIN { print a - n }')" "$total_ops") |"
echo
echo "Finished $(date -u '+%H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
