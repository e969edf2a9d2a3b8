#!/usr/bin/env bash
# Installs clipsonic under a prefix, so that it runs from any folder with its default bundle:
#
#   scripts/install.sh [--binary FILE] [PREFIX]          (PREFIX defaults to /usr/local)
#
#   PREFIX/bin/clipsonic                        the release binary (built here unless --binary
#                                               FILE or $CLIPSONIC_BINARY names one already built)
#   PREFIX/share/clipsonic/bundles/mini         the embedded bundle, models/mini
#   PREFIX/share/clipsonic/themes, .../keys     the shipped themes and the key file to start from
#
# clipsonic finds the bundle there by its own real path (PREFIX/bin/clipsonic → PREFIX/share),
# so a symbolic link to the binary elsewhere works too. Everything is copied into a temporary
# folder inside PREFIX first and then renamed into place, so a failed copy leaves the previous
# install as it was. Run it again to update; remove PREFIX/bin/clipsonic and
# PREFIX/share/clipsonic to uninstall.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

binary=${CLIPSONIC_BINARY:-}
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || { echo "install: --binary needs a file" >&2; exit 2; }; binary=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install: unknown option $1; usage: scripts/install.sh [--binary FILE] [PREFIX]" >&2; exit 2 ;;
    *) [ -z "$prefix" ] || { echo "install: one PREFIX only (got $prefix and $1)" >&2; exit 2; }; prefix=$1; shift ;;
  esac
done
prefix=${prefix:-/usr/local}
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

for needed in models/mini/bundle.json themes keys; do
  [ -e "$root/$needed" ] || { echo "install: $root/$needed is missing; run this from a full checkout" >&2; exit 1; }
done

if [ -z "$binary" ]; then
  echo "install: building the release binary (swift build -c release --product clipsonic)"
  (cd "$root" && swift build -c release --product clipsonic)
  binary="$(cd "$root" && swift build -c release --show-bin-path)/clipsonic"
fi
[ -f "$binary" ] && [ -x "$binary" ] || { echo "install: $binary is not an executable file" >&2; exit 1; }

share="$prefix/share/clipsonic"
if ! mkdir -p "$prefix/bin" "$share/bundles" 2>/dev/null || [ ! -w "$prefix/bin" ] || [ ! -w "$share" ]; then
  echo "install: cannot write to $prefix; run it with sudo, or choose a prefix you own: scripts/install.sh ~/.local" >&2
  exit 1
fi

stage=$(mktemp -d "$share/.install.XXXXXX")
trap 'rm -rf "$stage"' EXIT
echo "install: copying into $stage"
cp -R "$root/models/mini" "$stage/mini"
cp -R "$root/themes" "$stage/themes"
cp -R "$root/keys" "$stage/keys"
cp "$binary" "$prefix/bin/.clipsonic.new.$$"
chmod 0755 "$prefix/bin/.clipsonic.new.$$"

# Each folder is swapped whole: the old one moved aside (removed with the stage), the new one
# renamed into place, so no reader sees a half-copied bundle.
swap() {
  local from=$1 to=$2
  if [ -e "$to" ]; then mv "$to" "$stage/old-$(basename "$to")"; fi
  mv "$from" "$to"
}
swap "$stage/mini" "$share/bundles/mini"
swap "$stage/themes" "$share/themes"
swap "$stage/keys" "$share/keys"
# rename(2) replaces the binary atomically, even while an old copy is running.
mv -f "$prefix/bin/.clipsonic.new.$$" "$prefix/bin/clipsonic"

echo "install: installed $prefix/bin/clipsonic"
echo "install: bundle $share/bundles/mini, themes $share/themes, keys $share/keys"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "install: $prefix/bin is not on PATH; add it, or run $prefix/bin/clipsonic" ;;
esac
