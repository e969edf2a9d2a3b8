#!/usr/bin/env bash
# Builds the release binary and runs CLIPSonic on the default bundle: models/mini when it exists,
# else a tiny random-weight bundle written to .bundles/tiny (noise, not sound) so that every
# part can be tried. Extra arguments go to clipsonic instead (default: the studio).
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
# Every command uses this checkout's bundle unless the caller named one.
export CLIPSONIC_BUNDLE=${CLIPSONIC_BUNDLE:-$bundle}
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
# The studio, on the default bundle, with its session in ./clipsonic-session.
exec "$bin" studio --bundle "$bundle"
