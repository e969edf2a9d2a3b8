#!/usr/bin/env bash
# Builds a libFuzzer harness with the parser sources it exercises and runs it.
#
#   fuzz/run.sh [safetensors|bundle] [seconds]      (defaults: safetensors, 60)
#
# The corpus and any crash files live in $FUZZ_WORK (default /tmp/clipsonic-fuzz-<target>),
# seeded from the committed fixtures. A crash makes the script exit non-zero and prints the
# reproducer's path; rerun it with: $FUZZ_WORK/fuzz-<target> <crash-file>
set -euo pipefail

target=${1:-safetensors}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/clipsonic-fuzz-$target}
mkdir -p "$work/corpus" "$work/artifacts"

# Paths under Sources/. The parser files build without Foundation.
parser=(JSON/JSONValue JSON/JSONSyntaxError JSON/JSONNumberLiteral JSON/JSONParser
        Models/Weights/WeightsError Models/Weights/SafeTensorsDType Models/Weights/SafeTensorsTensorInfo
        Models/Weights/SafeTensorsHeader)
case "$target" in
  safetensors)
    names=("${parser[@]}")
    harness="$root/fuzz/SafeTensorsFuzz.swift"
    seeds=("$root"/Tests/Fixtures/weights/*.safetensors)
    max_len=8192
    ;;
  bundle)
    names=("${parser[@]}" Models/Weights/WeightsError+Decoding JSON/JSONCodingKey JSON/JSONPath JSON/JSONValueError
           JSON/JSONValue+Codable JSON/JSONDateFormat JSON/JSONValueDecoder JSON/JSONTreeDecoder JSON/JSONScalar
           JSON/JSONKeyedContainer JSON/JSONUnkeyedContainer JSON/JSONSingleValueContainer JSON/JSONUnknownKeys
           JSON/JSONDocumentError
           Models/Weights/BundleMelLog Models/Weights/BundleAudioConfig Models/Weights/BundleComponentKind
           Models/Weights/BundleComponent Models/Weights/BundleManifest Models/Weights/BundleManifest+Parsing)
    harness="$root/fuzz/BundleManifestFuzz.swift"
    seeds=("$root"/Tests/Fixtures/weights/*.json)
    max_len=4096
    ;;
  *) echo "usage: $0 [safetensors|bundle] [seconds]" >&2; exit 2 ;;
esac

sources=()
for n in "${names[@]}"; do sources+=("$root/Sources/$n.swift"); done
binary="$work/fuzz-$target"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzTarget \
  "$harness" "${sources[@]}" -o "$binary"

for s in "${seeds[@]}"; do
  [ -e "$s" ] && cp -n "$s" "$work/corpus/" || true
done

"$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -dict="$root/fuzz/$target.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus"
