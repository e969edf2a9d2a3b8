#!/usr/bin/env bash
# Drives the real `clipsonic studio` in tmux, as a person would, and checks what it shows and
# what it leaves on disk:
#   1. type a prompt, generate, see the progress bar and the live mel estimate, see the take;
#   2. hear it: the take autoplays through an ALSA file-plugin device, whose captured samples
#      must equal the take's WAV exactly;
#   3. A/B: generate prior and zero-shot with one seed, switch twice, prefer B;
#   4. star take 1 (audio + JSON sidecar in favourites/), quit with q; the terminal is restored;
#   5. reopen the session with one take's audio deleted: everything is there, the missing take
#      is named; quit with Ctrl-C; then once more, ended by SIGTERM; the terminal is restored
#      each time;
#   9+ on models/mini (CLIPSONIC_MINI_BUNDLE): the studio as a place to work, each feature on
#      real takes, with the session file checked after each change.
# Usage: scripts/studio-tmux-test.sh   (CLIPSONIC_BIN: the clipsonic binary, default the debug
# build; CLIPSONIC_TEST_BUNDLE: a bundle, default Tests/Fixtures/bundles/tiny or a fresh tiny
# random-weight bundle; KEEP=1 keeps the work folder; ONLY_MINI=1 runs steps 0 and 9+ only.)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CLIPSONIC_BIN:-$ROOT/.build/debug/clipsonic}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clipsonic-studio-tmux.XXXXXX")
SOCKET="clipsonic-studio-test-$$-0"
RUNS=0
PY=${PYTHON:-python3}
echo "set -g default-terminal tmux-256color" > "$WORK/tmux.conf"

# Keys are sent as tmux's own terminal type encodes them, so the studio runs with that TERM.
tm() { tmux -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }
cleanup() {
  tm kill-server 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "studio-tmux-test: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
screen() { tm capture-pane -p -t studio 2>/dev/null || true; }
fail() {
  echo "studio-tmux-test: FAIL: $*" >&2
  echo "--- screen ---" >&2
  screen >&2
  exit 1
}
step() { echo "studio-tmux-test: $*"; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local deadline=$((SECONDS + ${2:-60}))
  until screen | grep -qF -- "$1"; do
    [ $SECONDS -lt $deadline ] || fail "waited ${2:-60} s for \"$1\""
    sleep 0.1
  done
}
wait_file() {
  local deadline=$((SECONDS + ${2:-30}))
  until [ -s "$1" ]; do
    [ $SECONDS -lt $deadline ] || fail "waited ${2:-30} s for $1"
    sleep 0.1
  done
}
keys() { tm send-keys -t studio "$@"; }
text() { tm send-keys -t studio -l -- "$1"; }

[ -x "$BIN" ] || fail "no clipsonic binary at $BIN; build it with: swift build"
"$BIN" studio --help >/dev/null 2>&1 || fail "$BIN has no studio subcommand"

BUNDLE=${CLIPSONIC_TEST_BUNDLE:-$ROOT/Tests/Fixtures/bundles/tiny}
if [ ! -f "$BUNDLE/bundle.json" ]; then
  BUNDLE="$WORK/tiny"
  "$BIN" random-bundle "$BUNDLE" --tokenizer "$ROOT/models/vocab/bpe_simple_vocab_16e6.txt" >/dev/null \
    || fail "cannot write a tiny random-weight bundle"
fi
SESSION="$WORK/session/session.json"
CAPTURE="$WORK/capture.raw"

# The pane runs this wrapper: it records the terminal's settings before and after the studio,
# the studio's pid (to signal it) and its exit status.
cat > "$WORK/run.sh" <<WRAPPER
#!/usr/bin/env bash
# Ctrl-C is for the studio; the wrapper must live on to record how it ended.
trap '' INT
rm -f "$WORK/exit" "$WORK/pid"
stty -g > "$WORK/stty.before"
sh -c 'echo \$\$ > "$WORK/pid"; exec "\$0" "\$@"' "$BIN" studio "\$@" 2> "$WORK/stderr"
echo \$? > "$WORK/exit"
stty -g > "$WORK/stty.after"
exec sleep 600
WRAPPER

start_studio() {
  # A fresh server per run: a new session on a server that is still shutting down would die with it.
  tm kill-server 2>/dev/null || true
  RUNS=$((RUNS + 1))
  SOCKET="clipsonic-studio-test-$$-$RUNS"
  rm -f "$WORK/exit" "$WORK/pid" "$WORK/stty.before" "$WORK/stty.after"
  tm new-session -d -s studio -x 120 -y 40 \
    "env -i PATH=\"$PATH\" HOME=\"$WORK/home\" XDG_CONFIG_HOME=\"$WORK/config\" LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no \
     TERM=tmux-256color bash \"$WORK/run.sh\" $*"
  wait_file "$WORK/pid"
}

# expect_exit STATUS [SESSION]: the studio ended with STATUS (a pattern) and gave the terminal
# back as it found it; after a clean end it says where the session is.
expect_exit() {
  wait_file "$WORK/exit"
  # shellcheck disable=SC2053
  [[ "$(cat "$WORK/exit")" == $1 ]] || fail "exit status $(cat "$WORK/exit"), expected $1; stderr: $(cat "$WORK/stderr")"
  wait_file "$WORK/stty.after"
  cmp -s "$WORK/stty.before" "$WORK/stty.after" || fail "terminal settings not restored"
  [ "$(tm display -p -t studio '#{alternate_on}')" = "0" ] || fail "still on the alternate screen"
  [ -z "${2-$SESSION}" ] || screen | grep -qF "session saved in ${2-$SESSION}" || fail "no closing message"
}

step "0. refusals: a non-UTF-8 locale, no terminal"
LOCALE_OUT=$(LC_ALL=C LANG=C "$BIN" studio --session "$WORK/never/session.json" 2>&1 </dev/null || true)
echo "$LOCALE_OUT" | grep -qF "needs a UTF-8 locale" || fail "no clear message for a C locale: $LOCALE_OUT"
TTY_OUT=$(LC_ALL=C.UTF-8 "$BIN" studio --session "$WORK/never/session.json" 2>&1 </dev/null || true)
echo "$TTY_OUT" | grep -qF "needs a terminal" || fail "no clear message without a terminal: $TTY_OUT"
[ ! -e "$WORK/never" ] || fail "a refused start created a session"

[ -n "${ONLY_MINI:-}" ] || {
step "1. prompt, generate, progress (the interface answers while the engine works)"
start_studio --session "$SESSION" --bundle "$BUNDLE" --device "file:FILE=$CAPTURE,FORMAT=raw" --theme dark
wait_for "engine ready"
keys :; text "set steps=6"; keys Enter
wait_for "Steps 6"
keys e; text "rain on a tin roof"; keys Enter
wait_for "Prompt   rain on a tin roof"
keys g
wait_for "/6 denoising prior"
wait_for "mel estimate, step"
keys '?'
wait_for "Help — 1-"
keys '?'
wait_for "6/6 done"
wait_for "take 1 saved: takes/"
screen | grep -qE "^.  1 .*prior .*rain on a tin roof" || fail "take 1 is not in the list"

step "2. playback through the ALSA file plugin"
wait_for "■ ended"
screen | grep -qF "0:00." || fail "no playback position shown"

step "3. A/B"
keys a
wait_for "A/B pair 1 ready"
wait_for "A/B 1"
keys t
wait_for "switches 1"
keys t
wait_for "switches 2"
keys 2
wait_for "preferred: B"

step "4. star take 1, quit"
keys Home
keys f
wait_for "is a favourite"
keys q
expect_exit 0

"$PY" - "$SESSION" "$CAPTURE" <<'CHECK' || fail "session or captured audio check failed"
import array, json, os, sys, wave
session_file, capture = sys.argv[1], sys.argv[2]
folder = os.path.dirname(session_file)
s = json.load(open(session_file))
takes = s["takes"]
assert len(takes) == 3, f"{len(takes)} takes"
assert [t["request"]["mode"] for t in takes] == ["prior", "prior", "zero-shot"], [t["request"]["mode"] for t in takes]
assert takes[1]["request"]["seed"] == takes[2]["request"]["seed"], "A/B takes have different seeds"
assert all(t["request"]["prompt"] == "rain on a tin roof" and t["request"]["steps"] == 6 for t in takes)
pairs = s["abPairs"]
assert len(pairs) == 1 and pairs[0]["preferred"] == "b" and pairs[0]["switchCount"] == 2, pairs
assert pairs[0]["takeA"] == takes[1]["id"] and pairs[0]["takeB"] == takes[2]["id"], pairs
assert takes[0]["favourite"] and not takes[1]["favourite"], "take 1 is not the only favourite"
fav = os.path.join(folder, takes[0]["favouriteCopyPath"])
sidecar = json.load(open(os.path.splitext(fav)[0] + ".json"))
assert sidecar["request"]["seed"] == takes[0]["request"]["seed"], sidecar
for t in takes:
    assert os.path.exists(os.path.join(folder, t["audioPath"])), t["audioPath"]
# The captured output starts with take 1 (autoplayed), sample for sample: the WAV's 16-bit
# samples as the player reads them (x / 32768), written as FLOAT_LE.
w = wave.open(os.path.join(folder, takes[0]["audioPath"]))
pcm = array.array("h"); pcm.frombytes(w.readframes(w.getnframes()))
captured = array.array("f"); captured.frombytes(open(capture, "rb").read())
assert len(captured) >= len(pcm), f"captured {len(captured)} samples, take 1 has {len(pcm)}"
bad = sum(1 for i, x in enumerate(pcm) if captured[i] != x / 32768.0)
assert bad == 0, f"{bad} of {len(pcm)} captured samples differ from take 1"
assert any(x != 0 for x in pcm), "take 1 is silent"
print(f"studio-tmux-test: captured audio equals take 1 ({len(pcm)} samples at {w.getframerate()} Hz)")
CHECK

step "5. reopen with take 2's audio gone"
TAKE2=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["takes"][1]["audioPath"])' "$SESSION")
rm "$WORK/session/$TAKE2"
start_studio --session "$SESSION" --device null
wait_for "engine ready"
wait_for "audio missing for take 2"
screen | grep -qF "Prompt   rain on a tin roof" || fail "prompt not restored"
screen | grep -qF "Steps 6" || fail "steps not restored"
screen | grep -qF "(audio missing)" || fail "missing take not marked"
screen | grep -qE "^ +1 +★" || fail "take 1 is not starred after reopening"
screen | grep -qF "B1♥" || fail "the preferred take of pair 1 is not marked"
# The selection comes back on take 1 (starred last); the pair shows when one of it is selected.
keys End
wait_for "preferred: B"
tm resize-window -t studio -x 80 -y 24
# The playback bar is a quarter of the width: 20 cells at 80 columns (30 at 120).
wait_for "0:00.0 ░░░░░░░░░░░░░░░░░░░░  repeat off"
tm resize-window -t studio -x 40 -y 10
wait_for "needs 50×16"
tm resize-window -t studio -x 120 -y 40
wait_for "Prompt   rain on a tin roof"
keys C-c
expect_exit 130

step "6. SIGTERM"
start_studio --session "$SESSION" --device null --theme no-such-theme
wait_for "engine ready"
wait_for "no theme \"no-such-theme\""
kill -TERM "$(cat "$WORK/pid")"
expect_exit 143

step "7. an engine that cannot load: the studio says so, refuses to generate, quits cleanly"
start_studio --session "$WORK/broken/session.json" --bundle "$WORK/no-such-bundle" --device null
wait_for "engine unavailable"
keys g
wait_for "cannot generate"
keys q
expect_exit 0 "$WORK/broken/session.json"

step "8. a crash (SIGSEGV) still gives the terminal back"
start_studio --session "$SESSION" --device null
wait_for "engine ready"
kill -SEGV "$(cat "$WORK/pid")"
expect_exit "1[0-9][0-9]" ""
}
# The studio as a place to work, on the real embedded bundle (real sounds, real spectrograms).
MINI=${CLIPSONIC_MINI_BUNDLE:-$ROOT/models/mini}
MSESSION="$WORK/mini/session.json"
MFOLDER="$WORK/mini"
# rows A B of the pane, with colours: what the spectrogram looks like.
colour_rows() { tm capture-pane -p -e -t studio -S "$1" -E "$2"; }
# session_check PYTHON: the session file (with its journal, scripts/session_journal.py) parses as
# a session, then PYTHON runs with s bound to it.
session_check() {
  PYTHONPATH="$ROOT/scripts" "$PY" - "$MSESSION" "$1" <<'PYCHECK' || fail "session check failed: $1"
import json, os, sys
from session_journal import load_session
s = load_session(sys.argv[1])
assert s["format"] == "clipsonic-session", s.get("format")
folder = os.path.dirname(sys.argv[1])
exec(sys.argv[2])
PYCHECK
}

step "9. models/mini: two takes, reopen, each take's own mel; the playhead moves while it plays"
start_studio --session "$MSESSION" --bundle "$MINI" --device "file:FILE=$WORK/mini-capture.raw,FORMAT=raw"
wait_for "engine ready"
keys :; text "set autoplay=off"; keys Enter
keys :; text "set seed=7"; keys Enter
keys e; text "three dogs barking"; keys Enter
keys g
wait_for "take 1 saved" 120
keys :; text "set seed=8"; keys Enter
keys e; keys C-u; text "a large violin"; keys Enter
keys g
wait_for "take 2 saved" 120
keys q
expect_exit 0 "$MSESSION"
start_studio --session "$MSESSION" --device "file:FILE=$WORK/mini-capture.raw,FORMAT=raw"
wait_for "engine ready"
keys Home
wait_for "take 1 mel"
colour_rows 5 14 > "$WORK/mel1"
keys j
wait_for "take 2 mel"
colour_rows 5 14 > "$WORK/mel2"
cmp -s "$WORK/mel1" "$WORK/mel2" && fail "takes 1 and 2 show the same spectrogram after reopening"
screen | sed -n 16p | grep -qE "^0s +0\.[0-9]+s" || fail "no time axis under the spectrogram"
keys Enter
wait_for "▶ playing"
sleep 0.3
screen | sed -n 7p > "$WORK/head1"
sleep 0.8
screen | sed -n 7p > "$WORK/head2"
"$PY" - "$WORK/head1" "$WORK/head2" <<'HEAD' || fail "the playhead did not move while playing"
import sys
a, b = (open(p).read().find("┃") for p in sys.argv[1:3])
assert a >= 0 and b > a, (a, b)
print(f"studio-tmux-test: playhead at column {a}, then {b}")
HEAD


step "10. delete and undo (the session parses after each); rating and note survive reopening; unstar"
keys v
keys Home
keys d
wait_for "take 1 deleted"
session_check 'assert [t["request"]["prompt"] for t in s["takes"]] == ["a large violin"], s["takes"]
assert len(s["trash"]) == 1 and os.path.exists(os.path.join(folder, s["trash"][0]["trashPath"]))
assert not os.path.exists(os.path.join(folder, s["trash"][0]["take"]["audioPath"]))'
keys u
wait_for "take 1 is back"
session_check 'assert [t["request"]["prompt"] for t in s["takes"]] == ["three dogs barking", "a large violin"], s["takes"]
assert s["trash"] == [] and all(os.path.exists(os.path.join(folder, t["audioPath"])) for t in s["takes"])'
keys '>' '>' '>' '>'
wait_for "take 1 rated 4 of 5"
keys f
wait_for "is a favourite"
keys :; text "note barks, keep"; keys Enter
wait_for "note saved and in favourites/"
keys q
expect_exit 0 "$MSESSION"
start_studio --session "$MSESSION" --device null
wait_for "engine ready"
keys Home
wait_for "— barks, keep"
screen | grep -qE "^. +1 ★ 4 " || fail "take 1's star and rating not shown after reopening"
session_check 't = s["takes"][0]
assert t["rating"] == 4 and t["note"] == "barks, keep", t
side = json.load(open(os.path.join(folder, os.path.splitext(t["favouriteCopyPath"])[0] + ".json")))
assert side["note"] == "barks, keep", side'
keys f
wait_for "take 1 unstarred"
session_check 't = s["takes"][0]
assert not t["favourite"] and t.get("favouriteCopyPath") is None, t
assert os.listdir(os.path.join(folder, "favourites")) == [], os.listdir(os.path.join(folder, "favourites"))'

step "11. export: FLAC with the recipe in its tags; an existing file refused unless export!"
keys :; text "export $WORK/dogs.flac"; keys Enter
wait_for "exported to $WORK/dogs.flac"
INFO=$("$BIN" info "$WORK/dogs.flac") || fail "clipsonic info cannot read the export"
echo "$INFO" | grep -qE "prompt +three dogs barking" || fail "export has no recipe: $INFO"
echo "$INFO" | grep -qE "seed +7" || fail "export has the wrong seed: $INFO"
keys :; text "export $WORK/dogs.flac"; keys Enter
wait_for "already exists; use :export!"
keys :; text "export! $WORK/dogs.flac"; keys Enter
wait_for "exported to $WORK/dogs.flac"
session_check 'assert len(s["takes"]) == 2'

step "12. at 80x24 the take list keeps the prompt; the selection comes back on reopen"
tm resize-window -t studio -x 80 -y 24
# models/mini has an audio encoder, so its takes have scores: the score column outlasts the
# guidance and steps columns (TakeColumn.hidingOrder).
wait_for "length prompt"
screen | grep -q "score seed" || fail "the takes' score column is not shown at 80x24"
screen | grep -qE "^. +1 .*zero-shot|^. +1 .* prior .*three dogs barking" || fail "take 1's prompt is not shown at 80x24"
screen | grep -qE "^. +2 .*a large violin" || fail "take 2's prompt is not shown at 80x24"
keys Home
# Back to 120 columns, so the closing message fits on one line.
tm resize-window -t studio -x 120 -y 40
wait_for "took prompt"
keys q
expect_exit 0 "$MSESSION"
start_studio --session "$MSESSION" --device null
wait_for "engine ready"
wait_for "take 1 mel"

step "13. prompt history across sessions (Up in the prompt editor); / filters, n jumps"
keys e; keys Up; keys Up
wait_for "prompt: three dogs barking"
keys Enter
wait_for "Prompt   three dogs barking"
"$PY" - "$WORK/home/.local/share/clipsonic/prompt-history.json" <<'HIST' || fail "prompt history file"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["format"] == "clipsonic-prompt-history", h
assert h["prompts"][-2:] == ["a large violin", "three dogs barking"], h["prompts"]
HIST
keys /; text "violin"; keys Enter
wait_for "/violin: 1 of 2"
screen | grep -qE "^. +1 .*three dogs barking" && fail "the filter shows a take that does not match"
screen | grep -qE "^. +2 .*a large violin" || fail "the filter hides the take that matches"
keys n
wait_for "match 1 of 1: take 2"
keys /; keys C-u; keys Enter
wait_for "filter cleared"

step "14. variations: K=3 gives three takes with three seeds in one group, one key each"
keys :; text "set variations=3"; keys Enter
keys :; text "set seed=20"; keys Enter
keys x
wait_for "3 variations (prior), seeds 20, 21, 22"
wait_for "variations 1 ready" 300
wait_for "Variations 1"
session_check 'takes = s["takes"][-3:]
assert [t["request"]["seed"] for t in takes] == [20, 21, 22], [t["request"]["seed"] for t in takes]
assert all(t["request"]["prompt"] == "three dogs barking" for t in takes)
assert s["variationGroups"] == [{"id": s["variationGroups"][0]["id"], "takes": [t["id"] for t in takes]}], s["variationGroups"]
assert s["settings"]["variations"] == 3'
screen | grep -qF "V1·3" || fail "the third variation is not tagged in the list"
keys 2
wait_for "2 of 3, seed 21"
keys q
expect_exit 0 "$MSESSION"

step "PASS"
