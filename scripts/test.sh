#!/usr/bin/env bash
# Runs every test: the Swift test suite (parity against committed PyTorch fixtures, parsers,
# engine, playback, sessions, the studio driven through tmux) and the Python tests of training/.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 LANG=C.UTF-8

swift build --build-tests
swift test --skip-build

if [ -d training/tests ]; then
  set +e
  python3 -m pytest -q training/tests
  rc=$?
  set -e
  # pytest exits 5 when it collects no tests; that is not a failure of the suite.
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then exit $rc; fi
fi
