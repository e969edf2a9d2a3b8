#!/usr/bin/env bash
# Makes docs/screens/*.png: the studio's main view in each theme (an A/B pair generated on a
# tiny random-weight bundle, so its sound and spectrogram are noise-like) and one frame taken
# while a take is being denoised. Captured with `tmux capture-pane -e`, rendered by
# docs/render_ansi_png.py (Pillow, DejaVu Sans Mono).
# Usage: docs/make-screens.sh   (CLIPSONIC_BIN, CLIPSONIC_TEST_BUNDLE as for scripts/studio-tmux-test.sh)
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
BUNDLE=${CLIPSONIC_TEST_BUNDLE:-$ROOT/Tests/Fixtures/bundles/tiny}
if [ ! -f "$BUNDLE/bundle.json" ]; then
  BUNDLE="$WORK/tiny"
  "$BIN" random-bundle "$BUNDLE" --tokenizer "$ROOT/models/vocab/bpe_simple_vocab_16e6.txt" --seed 7 >/dev/null
fi
mkdir -p "$OUT"
cd "$WORK"
tm new-session -d -s studio -x 120 -y 40 \
  "env HOME=$WORK/home LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $BIN studio --session session/session.json \
   --bundle $BUNDLE --device null --theme dark; sleep 600"
wait_for "engine ready"
tm send-keys -t studio : ; tm send-keys -t studio -l "set prompt=rain on a tin roof"; tm send-keys -t studio Enter
tm send-keys -t studio : ; tm send-keys -t studio -l "set steps=40"; tm send-keys -t studio Enter
tm send-keys -t studio : ; tm send-keys -t studio -l "set seed=2024"; tm send-keys -t studio Enter
tm send-keys -t studio g
wait_for "21/40 denoising"
tm capture-pane -p -e -N -t studio > generating.ans
wait_for "40/40 done"
tm send-keys -t studio : ; tm send-keys -t studio -l "set steps=10"; tm send-keys -t studio Enter
tm send-keys -t studio a
wait_for "A/B pair 1 ready"
tm send-keys -t studio 2 Home f Down
wait_for "is a favourite"
for theme in dark light high-contrast; do
  tm send-keys -t studio : ; tm send-keys -t studio -l "set theme=$theme"; tm send-keys -t studio Enter
  wait_for "theme $theme"
  sleep 0.3
  tm capture-pane -p -e -N -t studio > "$theme.ans"
done
PY=${PYTHON:-python3}
"$PY" "$ROOT/docs/render_ansi_png.py" generating.ans "$OUT/studio-generating.png"
"$PY" "$ROOT/docs/render_ansi_png.py" dark.ans "$OUT/studio-dark.png"
"$PY" "$ROOT/docs/render_ansi_png.py" light.ans "$OUT/studio-light.png" --background '#ffffff' --foreground '#1c1c1c'
"$PY" "$ROOT/docs/render_ansi_png.py" high-contrast.ans "$OUT/studio-high-contrast.png" --background '#000000' --foreground '#ffffff'
echo "make-screens: wrote $OUT/studio-{generating,dark,light,high-contrast}.png"
