#!/usr/bin/env bash
# Checks `codegen diff`'s Rust-API verdicts against cargo-semver-checks on the real doc updates of the Kafka API
# reference (../shared/corpus/kafka/history: 2022-12-09 → 2024-07-04 → 2024-08-23), as the replay test
# (codegen/tests/replay.rs) goes through them: transcribe the first snapshot, then each next one with
# `--merge-into --prune`, generating a crate at every step. For each update it prints our verdict (does any
# change break the Rust API?) beside cargo-semver-checks' (does any lint at the major level fire, old crate as
# the baseline?), and the lints. Too slow for CI (it compiles rustdoc JSON of six crates).
#
#   bash bench/semver-agreement.sh [WORK_DIR]      (default: /tmp/semver-agreement; replaced if this script made it)
#
# cargo-semver-checks: $SEMVER_CHECKS, else /work/tools/semver/bin/cargo-semver-checks, else bench/.tools (installed
# there from crates.io on first use); dependencies come from the local cargo cache (CARGO_NET_OFFLINE=false to
# fetch). Exit 0 when every step agrees, 1 when one does not, 2 on a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${HUAWEICLOUD_SHARED_DIR:-$ROOT/../shared}"
WORK="${1:-/tmp/semver-agreement}"
HISTORY="$SHARED/corpus/kafka/history"
SEED="$SHARED/seed/000_2077a7f428de1ba1.txt"
SNAPSHOTS=(2022-12-09 2024-07-04 2024-08-23)
say() { printf '[semver-agreement] %s\n' "$*" >&2; }

SEMVER="${SEMVER_CHECKS:-}"
for candidate in "$SEMVER" /work/tools/semver/bin/cargo-semver-checks "$ROOT/bench/.tools/bin/cargo-semver-checks"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then SEMVER="$candidate"; break; fi
  SEMVER=""
done
if [ -z "$SEMVER" ]; then
  say "installing cargo-semver-checks into bench/.tools (once)"
  nice cargo install cargo-semver-checks --locked --root "$ROOT/bench/.tools" >&2 || exit 2
  SEMVER="$ROOT/bench/.tools/bin/cargo-semver-checks"
fi
say "cargo-semver-checks: $SEMVER ($("$SEMVER" semver-checks --version 2>/dev/null || echo '?'))"

cargo build -q -p codegen --manifest-path "$ROOT/Cargo.toml" || exit 2
CODEGEN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/codegen"

# Only a directory this script made (or an empty one) is replaced.
if [ -d "$WORK" ] && [ -n "$(ls -A "$WORK")" ] && [ ! -e "$WORK/.semver-agreement" ]; then
  say "$WORK is not empty and not a work directory of this script; give another"
  exit 2
fi
rm -rf "$WORK"
mkdir -p "$WORK/spec"
touch "$WORK/.semver-agreement"
SPEC="$WORK/spec/kafka.yaml"
# Each step's crate is a copy of the one generated crate directory at that step, so every copy but the first
# is an update of the previous one; all of them build against the repository's runtime.
LIVE="$WORK/live/kafka"
mkdir -p "$WORK/live"
for i in "${!SNAPSHOTS[@]}"; do
  s="${SNAPSHOTS[$i]}"
  merge=()
  [ "$i" -gt 0 ] && merge=(--merge-into "$SPEC" --prune)
  "$CODEGEN" transcribe "$SEED" "$HISTORY/$s"/pages/*.txt --service kafka --source-root "$SHARED" \
    "${merge[@]}" -o "$SPEC" 2>/dev/null || { say "$s: transcribe failed"; exit 2; }
  if [ "$i" -gt 0 ]; then
    "$CODEGEN" diff "$WORK/crates/${SNAPSHOTS[$((i - 1))]}/openapi.yaml" "$SPEC" --format json \
      --crate-version "$(sed -n 's/^version = "\(.*\)"/\1/p' "$LIVE/Cargo.toml" | head -1)" >"$WORK/diff-$s.json"
  fi
  SOURCE_DATE_EPOCH="$(date -u -d "$s" +%s)" "$CODEGEN" generate --spec "$SPEC" --out "$LIVE" \
    --runtime-path "$ROOT/runtime" >/dev/null 2>&1 || { say "$s: generate failed"; exit 2; }
  mkdir -p "$WORK/crates"
  cp -r "$LIVE" "$WORK/crates/$s"
  # Standalone packages (not members of this repository's workspace).
  printf '\n[workspace]\n' >>"$WORK/crates/$s/Cargo.toml"
done

# cargo-semver-checks decides by the versions: both crates are given 1.0.0 and checked as a minor release, so a
# lint at the major level fails the check (under 0.x Cargo calls the same changes minor-breaking).
set_version() { sed -i '0,/^version = ".*"/s//version = "1.0.0"/' "$1/Cargo.toml"; }
status=0
printf '\n| update | `codegen diff` semver | changes breaking the Rust API (ours) | cargo-semver-checks: major lints | agree |\n|---|---|---|---|---|\n' >"$WORK/table.md"
for i in 1 2; do
  old="${SNAPSHOTS[$((i - 1))]}"
  new="${SNAPSHOTS[$i]}"
  set_version "$WORK/crates/$old"
  set_version "$WORK/crates/$new"
  read -r ours breaking < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["semver"], sum(1 for c in d["changes"] if c["breaks_rust_api"]))' "$WORK/diff-$new.json")
  say "$old → $new: cargo-semver-checks (building rustdoc JSON of both crates)"
  set +e
  CARGO_NET_OFFLINE="${CARGO_NET_OFFLINE:-true}" CARGO_TARGET_DIR="$WORK/target" nice "$SEMVER" semver-checks check-release \
    --manifest-path "$WORK/crates/$new/Cargo.toml" --baseline-root "$WORK/crates/$old" \
    --release-type minor --color never >"$WORK/semver-$new.txt" 2>&1
  rc=$?
  set -e
  if [ "$rc" -ne 0 ] && ! grep -q "FAIL\|semver requires new major version" "$WORK/semver-$new.txt"; then
    say "cargo-semver-checks failed to run ($rc); see $WORK/semver-$new.txt"
    tail -n 20 "$WORK/semver-$new.txt" >&2
    exit 2
  fi
  lints="$(grep -oE '^--- failure [a-z0-9_]+' "$WORK/semver-$new.txt" | sed 's/--- failure //' | sort -u | paste -sd, - || true)"
  theirs="no"; [ "$rc" -ne 0 ] && theirs="yes"
  ours_breaks="no"; [ "$ours" = "major" ] && ours_breaks="yes"
  agree="yes"; [ "$theirs" != "$ours_breaks" ] && { agree="**no**"; status=1; }
  printf '| %s → %s | %s | %s | %s (%s) | %s |\n' "$old" "$new" "$ours" "$breaking" "$theirs" "${lints:-none}" "$agree" >>"$WORK/table.md"
done
cat "$WORK/table.md"
say "details: $WORK/semver-*.txt, $WORK/diff-*.json"
exit "$status"
