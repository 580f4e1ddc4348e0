#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md at the repository root.
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_TARGET_DIR   release target dir          (default /tmp/bench-target; kept apart from target/)
#   BENCH_PROG_TARGET  target dir of progenitor's output crate (default /tmp/bench-target-progenitor)
#   BENCH_RUNS         runs per measurement        (default 5)
#   BENCH_SKIP_CRITERION=1  reuse the last criterion results
#   BENCH_RPS_*        see bench/measure.py
#   BENCH_PROGENITOR_BIN  a cargo-progenitor binary to use instead of installing one into bench/.tools
#   BENCH_ONLY=generators only compare the generators on every document both accept (kafka, nexus.json,
#                         a synthetic spec with shared parameters) and replace that section of BENCHMARKS.md
#
# cargo-progenitor is installed from crates.io into bench/.tools (git-ignored) on the first run and
# reused afterwards. Everything runs under `nice`, so other work on the machine keeps priority.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export BENCH_ROOT="$ROOT"
export BENCH_TARGET_DIR="${BENCH_TARGET_DIR:-/tmp/bench-target}"
export BENCH_PROG_TARGET="${BENCH_PROG_TARGET:-/tmp/bench-target-progenitor}"
export BENCH_RUNS="${BENCH_RUNS:-5}"
export BENCH_COMMAND="${BENCH_COMMAND:-bash bench/run.sh}"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "run.sh: $PY is missing: run \`bash .ci/run\` once to create .venv" >&2; exit 1; }
for tool in /usr/bin/time cargo; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

say() { printf '[run.sh] %s\n' "$*" >&2; }

# 1. The peer generator, cached in bench/.tools.
TOOLS="$ROOT/bench/.tools"
export BENCH_PROGENITOR=""
if [ -n "${BENCH_PROGENITOR_BIN:-}" ]; then
  [ -x "$BENCH_PROGENITOR_BIN" ] || { echo "run.sh: BENCH_PROGENITOR_BIN=$BENCH_PROGENITOR_BIN is not executable" >&2; exit 1; }
  BENCH_PROGENITOR="$BENCH_PROGENITOR_BIN"
elif [ -x "$TOOLS/bin/cargo-progenitor" ]; then
  BENCH_PROGENITOR="$TOOLS/bin/cargo-progenitor"
else
  say "installing cargo-progenitor into bench/.tools (once; compiles ~200 crates)"
  if nice cargo install cargo-progenitor --root "$TOOLS" \
       --target-dir "${BENCH_PROG_TARGET}-install" >&2; then
    BENCH_PROGENITOR="$TOOLS/bin/cargo-progenitor"
  else
    say "cargo-progenitor could not be installed: the peer rows will say so"
  fi
fi
[ -n "$BENCH_PROGENITOR" ] && say "peer: $("$BENCH_PROGENITOR" progenitor --version 2>/dev/null || echo cargo-progenitor)"

if [ "${BENCH_ONLY:-}" = generators ]; then
  say "building codegen in release ($BENCH_TARGET_DIR)"
  CARGO_TARGET_DIR="$BENCH_TARGET_DIR" nice cargo build --release -p codegen >&2
  say "generators on every document both accept"
  nice "$PY" "$ROOT/bench/measure.py"
  say "updated the generator comparison in $ROOT/BENCHMARKS.md"
  exit 0
fi

# 2. Release builds of the generator, the emulator and the load generator.
say "building codegen, huaweicloud-mock and bench in release ($BENCH_TARGET_DIR)"
CARGO_TARGET_DIR="$BENCH_TARGET_DIR" nice cargo build --release \
  -p codegen -p huaweicloud-mock -p bench --bins >&2
# Separately: the example pulls in bench's dev-dependencies, which would change the features (and
# so the artifacts) of the binaries above.
CARGO_TARGET_DIR="$BENCH_TARGET_DIR" nice cargo build --release -p bench --example profile >&2

# 3. Criterion benches (results land in $BENCH_TARGET_DIR/criterion, read by measure.py).
if [ "${BENCH_SKIP_CRITERION:-0}" != 1 ]; then
  say "criterion benches"
  rm -rf "$BENCH_TARGET_DIR/criterion"
  CARGO_TARGET_DIR="$BENCH_TARGET_DIR" nice cargo bench -p bench --bench client >&2
fi

# 4. Everything else, and the report.
say "generator, crate cost and loopback measurements"
nice "$PY" "$ROOT/bench/measure.py"
say "per-service generate and build"
nice bash "$ROOT/bench/services.sh" >>"$ROOT/BENCHMARKS.md"
say "wrote $ROOT/BENCHMARKS.md"
