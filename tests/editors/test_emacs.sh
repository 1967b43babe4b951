#!/usr/bin/env bash
# End-to-end test of editors/emacs in Debian's Emacs (emacs-nox 28) with
# eglot (elpa-eglot 1.9), in --batch mode.
#
#   test_emacs.sh SERVER_BINARY SOURCE_DIR
#
# Installs emacs-nox and elpa-eglot with apt-get when missing; skips (exit 77)
# only when it cannot. What is checked: emacs/test.el.
set -euo pipefail
TEST_NAME=emacs
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

(($# == 2)) || fail "usage: test_emacs.sh SERVER_BINARY SOURCE_DIR"
SERVER="$(realpath "$1")"
SRC="$(realpath "$2")"
[[ -x "$SERVER" ]] || fail "no server binary at $SERVER"
make_work emacs
start=$SECONDS

ensure_packages emacs-nox elpa-eglot
command -v emacs >/dev/null 2>&1 || skip "emacs is not on PATH after installing emacs-nox"
say "$(emacs --version | head -n 1)"

ws="$WORK/project"
mkdir -p "$ws/.git"
cp "$HERE/sample/app.py" "$ws/app.py"

# No -Q: Debian's site-start puts the elpa packages (eglot) on the load path.
rc=0
HOME="$WORK" ASYNCRADAR_BIN="$SERVER" ASYNCRADAR_EL="$SRC/editors/emacs/asyncradar.el" \
  ASYNCRADAR_FILE="$ws/app.py" ASYNCRADAR_PACKAGES="$WORK/elpa" \
  timeout 120 emacs --batch -l "$HERE/emacs/test.el" </dev/null || rc=$?
((rc == 0)) || fail "emacs exited with $rc"
say "PASS in $((SECONDS - start)) s"
