#!/usr/bin/env bash
# Builds the release binary and runs CLIPSonic on the default bundle: models/mini when it exists,
# else a tiny random-weight bundle written to .bundles/tiny (noise, not sound) so that every
# part can be tried. Extra arguments go to clipsonic (default: a short generation and info).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 LANG=C.UTF-8
swift build -c release --product clipsonic
bin=.build/release/clipsonic
bundle=models/mini
if [ ! -f "$bundle/bundle.json" ]; then
  bundle=.bundles/tiny
  [ -f "$bundle/bundle.json" ] || "$bin" random-bundle "$bundle"
fi
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
"$bin" info "$bundle"
mkdir -p outputs
"$bin" generate "rain on a tin roof" --bundle "$bundle" --seed 7 --out outputs/rain-on-a-tin-roof.wav
