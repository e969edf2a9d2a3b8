#!/usr/bin/env bash
# Installs what building, running and testing CLIPSonic Studio needs on a fresh Debian machine:
# the system libraries (OpenBLAS, oneDNN, ncursesw, ALSA, libsndfile, libpng, libjpeg), the tools the
# tests drive (ffmpeg, sox, espeak-ng, tmux), and the Python packages of training/.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libopenblas-dev libdnnl-dev libncurses-dev libasound2-dev libasound2-plugins alsa-utils libsndfile1-dev
              libpng-dev libjpeg62-turbo-dev ffmpeg sox espeak-ng tmux locales)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! $PY -c "import torch" 2>/dev/null; then
  # The CPU-only wheel is small (~0.9 GB); plain `torch` pulls the CUDA packages (~3 GB).
  echo "install-deps: torch (CPU wheel first)"
  $PY -m pip install -q "torch==2.13.0+cpu" 2>/dev/null || $PY -m pip install -q torch
fi
$PY -m pip install -q -r training/requirements.txt
# References whose declared dependencies would replace the CPU torch: their real imports are
# in requirements.txt, so install them without dependencies.
$PY -m pip install -q --no-deps "bigvgan==2.4.1" "dalle2-pytorch==1.1.0" "rotary-embedding-torch==0.1.5" \
  "einops==0.8.2" "einops-exts==0.0.4"
echo "install-deps: done"
