#!/usr/bin/env bash
# Runs every test: the Swift test suite (parity against committed PyTorch fixtures, parsers,
# engine, playback, sessions, the studio driven through tmux) and the Python tests of training/.
set -euo pipefail
# pipefail: a failing `swift test` fails the script even though its output is tee'd.
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 LANG=C.UTF-8

swift build --build-tests
# The suite is XCTest only; without Swift Testing's empty run, XCTest's summary closes the output.
swift test --skip-build --disable-swift-testing 2>&1 | tee .build/swift-test.log
# oneDNN picks its kernels from the CPU's instruction sets: the numerical tests run once more with
# them capped at AVX2, the kernels a machine without AVX-512 runs.
DNNL_MAX_CPU_ISA=AVX2 swift test --skip-build --disable-swift-testing --filter 'ModelsTests|EngineTests' 2>&1 \
  | tee .build/swift-test-avx2.log

if [ -d training/tests ]; then
  set +e
  python3 -m pytest -q training/tests 2>&1 | tee .build/pytest.log
  rc=${PIPESTATUS[0]}
  set -e
  # pytest exits 5 when it collects no tests; that is not a failure of the suite.
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then exit $rc; fi
fi

# One plain closing line for the whole run (XCTest's and pytest's counts added up).
python3 - <<'PY'
import re
passed = failed = skipped = 0
for log in (".build/swift-test.log", ".build/swift-test-avx2.log"):
    swift = open(log).read()
    m = re.findall(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?", swift)
    total, s, f = (int(m[-1][0]), int(m[-1][1] or 0), int(m[-1][2])) if m else (0, 0, 0)
    passed += total - s - f; skipped += s; failed += f
try:
    py = open(".build/pytest.log").read().strip().splitlines()[-1]
except (OSError, IndexError):
    py = ""
for n, word in re.findall(r"(\d+) (passed|failed|skipped|error)", py):
    if word == "passed": passed += int(n)
    elif word == "skipped": skipped += int(n)
    else: failed += int(n)
print(f"all: {passed} passed, {failed} failed, {skipped} skipped")
PY
