#!/usr/bin/env bash
# Guard for refactors of the extractor: regenerate `etl extract --format jsonl`
# and `etl extract --unclassified --format jsonl` on every corpus the project
# can see and compare them byte for byte with a saved baseline.
#
#   scripts/compare_extract.sh --save DIR   # write the baseline into DIR
#   scripts/compare_extract.sh DIR          # regenerate and cmp against DIR
#
# Corpora: seeds/samples, ../shared/devset, ../shared/devset2 (when present, with
# their meta.jsonl) and every held-out batch tests/extract/heldout*/ (with its
# meta.jsonl when present). Exit status 0 only when every output is identical.
#
# It runs the code of the checkout it lives in (that checkout goes first on PYTHONPATH),
# so a baseline saved from one checkout can be compared with another's output.
set -u
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mode=compare
if [ "${1:-}" = "--save" ]; then mode=save; shift; fi
base="${1:?usage: $0 [--save] DIR}"
mkdir -p "$base"
out="$base"
if [ "$mode" = compare ]; then out="$(mktemp -d)"; fi

corpora=()   # name|docs glob|meta file or empty
corpora+=("samples|seeds/samples/*.txt|")
for dev in devset devset2; do
  if [ -d "../shared/$dev/docs" ]; then
    corpora+=("$dev|../shared/$dev/docs/*.txt|../shared/$dev/meta.jsonl")
  fi
done
for batch in tests/extract/heldout*/; do
  name="$(basename "$batch")"
  meta=""
  [ -f "$batch/meta.jsonl" ] && meta="$batch/meta.jsonl"
  corpora+=("$name|$batch/docs/*|$meta")
done

status=0
for entry in "${corpora[@]}"; do
  IFS='|' read -r name glob meta <<<"$entry"
  metaopt=()
  [ -n "$meta" ] && metaopt=(--meta "$meta")
  # shellcheck disable=SC2086
  etl extract --format jsonl "${metaopt[@]}" $glob >"$out/$name.facts.jsonl" 2>"$out/$name.facts.err"
  echo "$?" >>"$out/$name.facts.err"
  # shellcheck disable=SC2086
  etl extract --unclassified --format jsonl "${metaopt[@]}" $glob >"$out/$name.unclassified.jsonl" 2>"$out/$name.unclassified.err"
  echo "$?" >>"$out/$name.unclassified.err"
  if [ "$mode" = compare ]; then
    for kind in facts unclassified; do
      for ext in jsonl err; do
        f="$name.$kind.$ext"
        if ! cmp -s "$base/$f" "$out/$f"; then
          echo "DIFFERS: $f  (diff $base/$f $out/$f)"
          status=1
        fi
      done
    done
  fi
done
if [ "$mode" = compare ]; then
  if [ "$status" = 0 ]; then
    echo "identical: ${#corpora[@]} corpora x (facts, unclassified) against $base"
    rm -rf "$out"
  else
    echo "outputs kept in $out"
  fi
else
  wc -l "$base"/*.jsonl | tail -1
fi
exit "$status"
