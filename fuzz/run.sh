#!/usr/bin/env bash
# Builds libFuzzer harnesses for the parsers of everything read from a file and runs them.
#
#   fuzz/run.sh [NAME|all] [SECONDS]     (defaults: all, 60 seconds each)
#   fuzz/run.sh list                      the harness names
#   FUZZ_RUNS=1000000 fuzz/run.sh NAME 1800   stop after that many executions (or the seconds)
#
# Harnesses: safetensors, bundle, json-split (built from the parser's own source files, no Foundation),
# session, theme, keys, history (the studio's prompt history), hashes (the bundle hash store),
# batch, tokenizer, config, image,
# audio (built against the package's modules, compiled once with coverage and AddressSanitizer
# into $FUZZ_BUILD, default .build-fuzz; they link the C libraries the parsers use: libpng,
# libjpeg, libsndfile, ...).
#
# Each harness's corpus and crash files live in $FUZZ_WORK/NAME (default
# /tmp/clipsonic-fuzz/NAME), seeded from fuzz/corpus/NAME and the test fixtures. Harnesses run
# one after another (one core each). A crash makes the script exit non-zero and prints the
# reproducer's path; rerun it with: $FUZZ_WORK/NAME/fuzz-NAME <crash-file>. Commit a crash input
# to fuzz/corpus/NAME/ once it is fixed, so that every later run starts from it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
all=(safetensors bundle json-split session theme keys history hashes batch tokenizer config image audio)
target=${1:-all}
seconds=${2:-60}
work_root=${FUZZ_WORK:-${TMPDIR:-/tmp}/clipsonic-fuzz}
build=${FUZZ_BUILD:-$root/.build-fuzz}

if [ "$target" = list ]; then printf '%s\n' "${all[@]}"; exit 0; fi
if [ "$target" = all ]; then targets=("${all[@]}"); else targets=("$target"); fi

# The stand-alone parser files (they build without Foundation).
parser=(JSON/JSONValue JSON/JSONSyntaxError JSON/JSONNumberLiteral JSON/JSONParser JSON/JSONParser+LargeArrays JSON/JSONParser+Pieces
        Models/Weights/WeightsError Models/Weights/SafeTensorsDType Models/Weights/SafeTensorsTensorInfo
        Models/Weights/SafeTensorsHeader)
manifest=(Models/Weights/WeightsError+Decoding JSON/JSONCodingKey JSON/JSONPath JSON/JSONValueError
          JSON/JSONValue+Codable JSON/JSONDateFormat JSON/JSONValueDecoder JSON/JSONTreeDecoder JSON/JSONScalar
          JSON/JSONKeyedContainer JSON/JSONUnkeyedContainer JSON/JSONSingleValueContainer JSON/JSONUnknownKeys
          JSON/JSONDocumentError JSON/UUIDText
          Models/Weights/BundleMelLog Models/Weights/BundleAudioConfig Models/Weights/BundleComponentKind
          Models/Weights/BundleComponent Models/Weights/BundleManifest Models/Weights/BundleManifest+Parsing)

# The package's library modules with coverage and AddressSanitizer (StudioTUI depends on all of
# them); built once per run, incrementally.
modules_built=no
build_modules() {
  [ "$modules_built" = yes ] && return
  # SwiftPM does not rebuild a module when only -Xswiftc flags change; a stamp of the flags does.
  # -enable-testing: the session harness compares internal fast paths with the long way.
  local flags="-sanitize=address -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -enable-testing"
  if [ "$(cat "$build/fuzz-flags" 2>/dev/null)" != "$flags" ]; then
    rm -rf "$build"
    mkdir -p "$build"
    echo "$flags" > "$build/fuzz-flags"
  fi
  # SwiftPM drops -sanitize=fuzzer's coverage when it compiles a library, so the coverage
  # libFuzzer reads is asked for by name (what -sanitize=fuzzer gives a harness file).
  swift build -c release --build-path "$build" --target StudioTUI -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xswiftc -enable-testing 2>&1 \
    | grep -E "error|Build" | tail -3
  modules_built=yes
}

# gold warns about every AddressSanitizer helper a Swift object exports; nothing to act on.
quiet_link() {
  "$@" 2>&1 | { grep -v "Cannot export local symbol" || true; }
  return "${PIPESTATUS[0]}"
}

# Compiles harness $2 into binary $1, either from source files (the rest of the arguments) or,
# with none given, against the modules built by build_modules.
compile() {
  local binary=$1 harness=$2; shift 2
  if [ $# -gt 0 ]; then
    quiet_link swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzTarget "$harness" "$@" -o "$binary"
    return
  fi
  build_modules
  local release="$build/release" objects=() includes=()
  for m in JSONCoding Models Engine Playback Session StudioTUI CKernels; do
    while IFS= read -r o; do objects+=("$o"); done < <(find "$release/$m.build" -name '*.o')
  done
  for c in Sources/C*/; do includes+=(-I "$c"); done
  quiet_link swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzTarget \
    -I "$release/Modules" "${includes[@]}" -Xcc -fmodule-map-file="$release/CKernels.build/module.modulemap" \
    "$harness" "${objects[@]}" \
    -lopenblas -ldnnl -lgomp -lpng -ljpeg -lsndfile -lncursesw -lasound -o "$binary"
}

status=0
for t in "${targets[@]}"; do
  sources=()
  seeds=("$root/fuzz/corpus/$t"/*)
  case "$t" in
    safetensors) sources=("${parser[@]}"); harness=SafeTensorsFuzz; max_len=8192
                 seeds+=("$root"/Tests/Fixtures/weights/*.safetensors) ;;
    bundle) sources=("${parser[@]}" "${manifest[@]}"); harness=BundleManifestFuzz; max_len=4096
            seeds+=("$root"/Tests/Fixtures/weights/*.json) ;;
    json-split) sources=("${parser[@]}"); harness=JSONSplitFuzz; max_len=8192
                seeds+=("$root"/Tests/Fixtures/weights/*.json "$root"/fuzz/corpus/session/*) ;;
    session) harness=SessionFuzz; max_len=16384 ;;
    theme) harness=ThemeFuzz; max_len=4096 ;;
    keys) harness=KeysFuzz; max_len=8192 ;;
    history) harness=HistoryFuzz; max_len=8192 ;;
    hashes) harness=HashesFuzz; max_len=20000 ;;
    batch) harness=BatchFuzz; max_len=2048 ;;
    tokenizer) harness=TokenizerFuzz; max_len=1024 ;;
    config) harness=ConfigFuzz; max_len=8192 ;;
    image) harness=ImageFuzz; max_len=16384 ;;
    audio) harness=AudioFuzz; max_len=16384 ;;
    *) echo "unknown harness $t; one of: ${all[*]} (or all)" >&2; exit 2 ;;
  esac
  work="$work_root/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  paths=()
  for n in "${sources[@]}"; do paths+=("$root/Sources/$n.swift"); done
  echo "== $t: building"
  compile "$work/fuzz-$t" "$root/fuzz/$harness.swift" "${paths[@]}"
  for s in "${seeds[@]}"; do
    [ -f "$s" ] && cp -n "$s" "$work/corpus/" || true
  done
  dict=()
  [ -f "$root/fuzz/$t.dict" ] && dict=(-dict="$root/fuzz/$t.dict")
  echo "== $t: fuzzing for $seconds s"
  set +e
  CLIPSONIC_FUZZ_VOCAB="$root/models/vocab/bpe_simple_vocab_16e6.txt" \
    "$work/fuzz-$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} "${dict[@]}" -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" 2>&1 \
    | tee "$work/last-run.log" | grep -E "^(==|INFO: Seed|Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|artifact_prefix|Test unit written)|ERROR|fatal"
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -ne 0 ]; then
    echo "== $t: FAILED (exit $rc); reproducer in $work/artifacts/, log in $work/last-run.log" >&2
    status=1
  fi
done
exit $status
