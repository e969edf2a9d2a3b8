#!/usr/bin/env bash
# Makes docs/screens/*.png on the real embedded bundle, models/mini: the studio's main view in
# each theme (three dogs barking, rated, noted and starred, playing with its playhead; an A/B pair;
# three variations of rain on a tin roof) and one frame taken while the dogs are being denoised. Captured with `tmux capture-pane -e`, rendered by
# docs/render_ansi_png.py (Pillow, DejaVu Sans Mono).
# Usage: docs/make-screens.sh   (CLIPSONIC_BIN: the binary, default the debug build;
# CLIPSONIC_SCREENS_BUNDLE: another bundle)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CLIPSONIC_BIN:-$ROOT/.build/debug/clipsonic}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clipsonic-screens.XXXXXX")
SOCKET="clipsonic-screens-$$"
OUT="$ROOT/docs/screens"
echo "set -g default-terminal tmux-256color" > "$WORK/tmux.conf"
tm() { tmux -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_for() {
  local deadline=$((SECONDS + 120))
  until tm capture-pane -p -t studio | grep -qF -- "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "make-screens: no \"$1\"" >&2; exit 1; }
    sleep 0.1
  done
}
BUNDLE=${CLIPSONIC_SCREENS_BUNDLE:-$ROOT/models/mini}
[ -f "$BUNDLE/bundle.json" ] || { echo "make-screens: no bundle at $BUNDLE" >&2; exit 1; }
mkdir -p "$OUT"
cd "$WORK"
keys() { tm send-keys -t studio "$@"; }
command() { keys : ; keys -l "$1"; keys Enter; }
tm new-session -d -s studio -x 120 -y 40 \
  "env HOME=$WORK/home LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $BIN studio --session session/session.json \
   --bundle $BUNDLE --device null --theme dark; sleep 600"
wait_for "engine ready"
command "set autoplay=off"
command "set prompt=three dogs barking"
command "set seed=7"
keys g
wait_for "13/25 denoising"
tm capture-pane -p -e -N -t studio > generating.ans
wait_for "take 1 saved"
command "set prompt=a large violin"
keys a
wait_for "A/B pair 1 ready"
keys 1
command "set prompt=rain on a tin roof"
command "set seed=20"
command "set variations=3"
keys x
wait_for "variations 1 ready"
keys Home
command "rate 4"
command "note the dogs, keep"
keys f
wait_for "is a favourite"
for theme in dark light high-contrast; do
  command "set theme=$theme"
  wait_for "theme $theme"
  # Playing, so the playhead shows over the mel.
  keys Enter
  sleep 1.0
  tm capture-pane -p -e -N -t studio > "$theme.ans"
  keys v
done
PY=${PYTHON:-python3}
"$PY" "$ROOT/docs/render_ansi_png.py" generating.ans "$OUT/studio-generating.png"
"$PY" "$ROOT/docs/render_ansi_png.py" dark.ans "$OUT/studio-dark.png"
"$PY" "$ROOT/docs/render_ansi_png.py" light.ans "$OUT/studio-light.png" --background '#ffffff' --foreground '#1c1c1c'
"$PY" "$ROOT/docs/render_ansi_png.py" high-contrast.ans "$OUT/studio-high-contrast.png" --background '#000000' --foreground '#ffffff'
echo "make-screens: wrote $OUT/studio-{generating,dark,light,high-contrast}.png"
