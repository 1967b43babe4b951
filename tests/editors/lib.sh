# Shared by the editor end-to-end tests (sourced, not run).
#
# Exit codes follow ctest: 0 pass, 1 fail, 77 skip (SKIP_RETURN_CODE). A test
# skips only when its editor cannot be installed, and says so loudly.

SKIP=77

say() { printf '[%s] %s\n' "${TEST_NAME:-editors}" "$*"; }
fail() { printf '[%s] FAIL: %s\n' "${TEST_NAME:-editors}" "$*" >&2; exit 1; }

skip() {
  {
    printf '\n'
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
    printf '!!! SKIPPED %s: %s\n' "${TEST_NAME:-editor test}" "$*"
    printf '!!! This editor integration was NOT tested.\n'
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
  } >&2
  exit "$SKIP"
}

package_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# ensure_packages PKG...: installs the missing Debian packages with apt-get
# (as root, or through passwordless sudo); skips the test when that is
# impossible. Two tests may install at once, hence the dpkg lock timeout.
ensure_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    for pkg in "$@"; do missing+=("$pkg"); done
    skip "not a Debian system (no apt-get) and cannot install: ${missing[*]}"
  fi
  for pkg in "$@"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  local sudo=()
  if ((EUID != 0)); then
    sudo -n true 2>/dev/null || skip "missing Debian packages (${missing[*]}), not root and no passwordless sudo"
    sudo=(sudo -n)
  fi
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300)
  say "installing ${missing[*]} with apt-get"
  if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$WORK/apt.log" 2>&1; then
    "${apt[@]}" update >>"$WORK/apt.log" 2>&1 || true
    "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$WORK/apt.log" 2>&1 || {
      tail -n 20 "$WORK/apt.log" >&2
      skip "apt-get could not install ${missing[*]}"
    }
  fi
  for pkg in "${missing[@]}"; do
    package_installed "$pkg" || skip "$pkg is still not installed after apt-get install"
  done
}

# make_work NAME: a fresh scratch folder under the build tree, removed on exit
# unless the test failed (then it is kept for inspection).
make_work() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/asyncradar-$1.XXXXXX")"
  trap 'rc=$?; if ((rc == 0 || rc == SKIP)); then rm -rf "$WORK"; else echo "[$TEST_NAME] scratch kept in $WORK" >&2; fi' EXIT
}
