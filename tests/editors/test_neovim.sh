#!/usr/bin/env bash
# End-to-end test of editors/neovim in Debian's Neovim (0.7.2), headless.
#
#   test_neovim.sh SERVER_BINARY SOURCE_DIR
#
# Installs neovim with apt-get when missing; skips (exit 77) only when it
# cannot. What is checked: neovim/test.lua.
set -euo pipefail
TEST_NAME=neovim
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

(($# == 2)) || fail "usage: test_neovim.sh SERVER_BINARY SOURCE_DIR"
SERVER="$(realpath "$1")"
SRC="$(realpath "$2")"
[[ -x "$SERVER" ]] || fail "no server binary at $SERVER"
make_work neovim
start=$SECONDS

ensure_packages neovim
command -v nvim >/dev/null 2>&1 || skip "nvim is not on PATH after installing neovim"
say "$(nvim --version | head -n 1)"

# The project root (pyproject.toml) is above the file's folder, so root
# detection has to walk up.
ws="$WORK/project"
mkdir -p "$ws/pkg"
printf '[project]\nname = "demo"\n' >"$ws/pyproject.toml"
cp "$HERE/sample/app.py" "$ws/pkg/app.py"

rc=0
ASYNCRADAR_BIN="$SERVER" ASYNCRADAR_PLUGIN="$SRC/editors/neovim" ASYNCRADAR_WORKSPACE="$ws" \
  HOME="$WORK" XDG_STATE_HOME="$WORK/state" XDG_DATA_HOME="$WORK/data" \
  timeout 120 nvim --headless --clean -n "$ws/pkg/app.py" -c "luafile $HERE/neovim/test.lua" </dev/null || rc=$?
echo
((rc == 0)) || fail "nvim exited with $rc"
say "PASS in $((SECONDS - start)) s"
