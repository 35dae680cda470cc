#!/usr/bin/env bash
# Kills `compendium build` at random points and checks what it leaves.
#
# On a synthetic site (examples/synth.rs) with two versions of its content,
# each round switches the content, starts `build`, sends SIGKILL after a
# random delay, then checks that:
#   - the site is, byte for byte, the whole previous or the whole new one;
#   - the index is byte for byte the previous one, or answers searches as
#     the new one does;
#   - the next build exits 0, writes the whole new site and index, and says
#     "up to date" only when the killed build had finished its work;
#   - nothing but the project's own folders is left in the project folder.
# It prints one line per round and a summary (kills, stages, violations);
# it exits 1 when there was any violation. See docs/faults.md.
#
# With --exact (needs strace), two more rounds kill the build exactly at
# its first and second renameat2 call: just before the index, then the
# site, is swapped in.
#
# Usage: scripts/fault-build.sh [--records N] [--kills K] [--seed S]
#                               [--bin PATH] [--work DIR] [--keep] [--exact]
# Public tools only: bash, coreutils (sha256sum, sort, sleep), cargo.

set -euo pipefail

records=3000
kills=30
seed=12
bin=""
work=""
keep=0
exact=0
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --exact) exact=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --example synth
if [ -z "$bin" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin compendium
  bin="$repo/target/release/compendium"
fi
synth="$repo/target/release/examples/synth"
if [ -z "$work" ]; then work="$(mktemp -d)"; fi
if [ "$keep" = 0 ]; then trap 'rm -rf "$work"' EXIT; fi
p="$work/project"
mkdir -p "$p"

echo "generating two versions of $records records in $work ..."
"$synth" "$records" "$work/gen-a" 1 >/dev/null 2>&1
"$synth" "$records" "$work/gen-b" 2 >/dev/null 2>&1
mv "$work/gen-a/content" "$p/content-a"
mv "$work/gen-b/content" "$p/content-b"
book_head="$(cat "$work/gen-a/book.toml")"
rm -rf "$work/gen-a" "$work/gen-b"

use() { # the content version a build reads: a or b
  printf '%s\n\n[build]\ncontent-dir = "content-%s"\n' "$book_head" "$1" > "$p/book.toml"
}
# Every file of a folder with its SHA-256, by relative path.
sums() { (cd "$1" 2>/dev/null && find . -type f -print0 | sort -z | xargs -0r sha256sum) || echo missing; }
queries=(trade "data protection" payments customs identity)
# What the index answers: every match of each query, as (key, score) sorted
# by key (the index is not byte-reproducible: tantivy names its segment
# files at random and splits documents into segments by timing, so equal
# scores may come in another order).
answers() {
  for q in "${queries[@]}"; do
    echo "query $q"
    "$bin" --root "$p" search "$q" --json --limit 100000 2>&1 \
      | grep -E '^    "(key|score)"|error' | paste - - | sort || true
  done
}
build() { "$bin" --root "$p" build "$@"; }

declare -A ref_site ref_answers
for v in b a; do
  use "$v"
  start=$(date +%s%N)
  build --force 2>/dev/null
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  ref_site[$v]="$(sums "$p/site")"
  ref_answers[$v]="$(answers)"
done
# The reference for A again, built a second time: is the site reproducible?
build --force 2>/dev/null
if [ "$(sums "$p/site")" != "${ref_site[a]}" ]; then
  echo "the site is not byte-reproducible; cannot compare" >&2
  exit 2
fi
build 2>/dev/null # writes the manifest for A
expected="$(ls -A "$p" | sort | tr '\n' ' ')"
echo "a full build takes ${ms} ms; $kills rounds, kills after 0-120 % of the last full build's time"
echo "(odd rounds) or 60-100 % (even rounds), seed $seed"

RANDOM=$seed
cur=a
declare -A stages
violations=0
killed=0
rounds=$kills
if [ "$exact" = 1 ]; then rounds=$((kills + 2)); fi
for round in $(seq 1 "$rounds"); do
  next=$([ "$cur" = a ] && echo b || echo a)
  old_index="$(sums "$p/index")"
  use "$next"
  if [ "$round" -gt "$kills" ]; then
    n=$((round - kills))
    delay=0
    set +e
    strace -f -o /dev/null -e trace=renameat2 -e inject=renameat2:signal=KILL:when=$n \
      "$bin" --root "$p" build >"$work/killed.log" 2>&1 &
    wait $! 2>/dev/null
    status=$?
    set -e
    if [ "$status" = 137 ]; then was="killed"; killed=$((killed + 1)); else was="finished"; fi
  else
    # Odd rounds anywhere in the build, even rounds near its end, where the
    # swaps are.
    r=$(( RANDOM * 32768 + RANDOM ))
    if [ $((round % 2)) = 1 ]; then delay=$(( r % (ms * 12 / 10 + 1) ))
    else delay=$(( ms * 60 / 100 + r % (ms * 40 / 100 + 1) )); fi
    # The binary itself, not a function: $! must be its pid.
    "$bin" --root "$p" build >"$work/killed.log" 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then was="killed"; killed=$((killed + 1)); else was="finished"; fi
    wait "$pid" 2>/dev/null || true
  fi

  problems=()
  site_now="$(sums "$p/site")"
  if [ "$site_now" = "${ref_site[$cur]}" ]; then site=old
  elif [ "$site_now" = "${ref_site[$next]}" ]; then site=new
  else site=BROKEN; problems+=("site is neither the whole old nor the whole new one"); fi
  if [ "$(sums "$p/index")" = "$old_index" ]; then index=old
  elif [ "$(answers)" = "${ref_answers[$next]}" ]; then index=new
  else index=BROKEN; problems+=("index is neither the old one nor the new one"); fi
  staged=$(ls -A "$p" | grep -c '^\.\(site\|index\)\.\(tmp\|old\)-' || true)
  manifest=$([ -f "$p/index/build-manifest.json" ] && echo yes || echo no)
  if [ "$was" = finished ]; then stage="finished before the kill"
  elif [ "$site/$index" = old/old ] && [ "$staged" = 0 ]; then stage="loading (nothing staged)"
  elif [ "$site/$index" = old/old ]; then stage="writing the staging folders"
  elif [ "$site/$index" = old/new ]; then stage="index swapped, site not yet"
  elif [ "$site/$index" = new/new ]; then stage="both swapped (removing the old, manifest)"
  else stage="other ($site site, $index index)"; fi
  [ "$site/$index" = new/old ] && problems+=("new site beside the old index")

  # The next build: succeeds, is skipped only when the killed one was done.
  start=$(date +%s%N)
  if ! build >"$work/next.log" 2>&1; then problems+=("next build failed: $(tail -n 3 "$work/next.log")"); fi
  # A full build's time, as the machine's load now makes it: the scale of
  # the next delays.
  if ! grep -q "up to date" "$work/next.log"; then ms=$(( ($(date +%s%N) - start) / 1000000 )); fi
  if grep -q "up to date" "$work/next.log" && ! { [ "$site/$index" = new/new ] && [ "$manifest" = yes ]; }; then
    problems+=("next build said up to date over a $site site and $index index")
  fi
  [ "$(sums "$p/site")" = "${ref_site[$next]}" ] || problems+=("site after the next build is not the new one")
  now_answers="$(answers)"
  [ "$now_answers" = "${ref_answers[$next]}" ] || problems+=("index after the next build is not \
the new one: $(diff <(echo "${ref_answers[$next]}") <(echo "$now_answers") | head -n 4 | tr '\n' ' ')")
  left="$(ls -A "$p" | sort | tr '\n' ' ')"
  [ "$left" = "$expected" ] || problems+=("stray entries: $left")

  stages[$stage]=$(( ${stages[$stage]:-0} + 1 ))
  at="$([ "$round" -gt "$kills" ] && echo "renameat2 #$((round - kills))" || echo "$delay ms")"
  printf 'round %2d: %-8s at %-13s %-42s site %-3s index %-3s staged %d manifest %-3s %s\n' \
    "$round" "$was" "$at" "$stage" "$site" "$index" "$staged" "$manifest" \
    "$([ ${#problems[@]} = 0 ] && echo ok || echo "VIOLATION: ${problems[*]}")"
  violations=$(( violations + ${#problems[@]} ))
  cur=$next
done

echo
echo "summary: $rounds rounds, $killed killed mid-build, $records records, seed $seed"
for s in "${!stages[@]}"; do printf '  %3d  %s\n' "${stages[$s]}" "$s"; done | sort -k2
echo "violations: $violations"
[ "$violations" = 0 ]
