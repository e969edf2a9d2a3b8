"""Regenerates every parity fixture under Tests/Fixtures by running each training/fixtures/gen_*.py.

Run from anywhere: python3 training/make_fixtures.py [part ...]  (e.g. `ops clip`).
The fixtures are deterministic (fixed seeds) and together stay under 5 MB.
"""
import glob
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
scripts = sorted(glob.glob(os.path.join(root, "training", "fixtures", "gen_*.py")))
wanted = set(sys.argv[1:])
for path in scripts:
    part = os.path.basename(path)[4:-3]
    if wanted and part not in wanted:
        continue
    print(f"== {part}", flush=True)
    subprocess.run([sys.executable, path], cwd=root, check=True)

total = 0
for dirpath, _, files in os.walk(os.path.join(root, "Tests", "Fixtures")):
    total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
print(f"fixtures: {total / 1e6:.2f} MB in Tests/Fixtures")
if total > 5_000_000:
    sys.exit("fixtures exceed 5 MB: shrink the configurations")
