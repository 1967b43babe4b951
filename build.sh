#!/usr/bin/env bash
# Developer entry point for asyncradar.
#
#   ./build.sh examples   install what is missing, build, run `asyncradar check examples/`
#   ./build.sh test       install what is missing, build, run the test suite
#   ./build.sh asan       the same tests in an AddressSanitizer build (build-asan/)
#   ./build.sh help       this text
#
# Works on a fresh Debian 12 machine, as root or as a user with sudo.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the build and the tests need. `npm` only fetches the pinned
# tree-sitter source tarballs at configure time (see cmake/NpmSource.cmake).
# ca-certificates is listed because we install without recommends and npm needs
# it to reach the registry over HTTPS. The python3-* libraries are what the
# runtime proof (tests/runtime) runs the fixed snippets against.
REQUIRED_PACKAGES=(build-essential cmake pkg-config libjson-c-dev uthash-dev npm python3 git ca-certificates
  python3-requests python3-httpx python3-aiofiles python3-anyio python3-trio)

JOBS="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"

say() { printf '==> %s\n' "$*"; }
warn() { printf '==> warning: %s\n' "$*" >&2; }
die() { printf '==> error: %s\n' "$*" >&2; exit 2; }

usage() {
  cat <<EOF
Usage: ./build.sh COMMAND

Commands:
  examples  Install missing packages, build (build/), then run
            'build/asyncradar check examples/' and show what it finds.
  test      Install missing packages, build (build/), then run the tests
            with ctest and print a one-line PASS/FAIL summary.
  asan      Like 'test', in an AddressSanitizer build (build-asan/).
  help      Show this text.

Missing Debian packages are installed with apt-get (through sudo when not
root): ${REQUIRED_PACKAGES[*]}.
The pinned tree-sitter sources are fetched with 'npm pack' into .cache/deps
on the first configure; later builds need no network.
EOF
}

# --- timing -----------------------------------------------------------------

now_us() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME//[.,]/}"
    echo "$((10#$t))"
  else
    echo "$(($(date +%s) * 1000000))"
  fi
}

fmt_secs() { # microseconds -> "12.3s"
  local us="$1"
  printf '%d.%ds' "$((us / 1000000))" "$(((us % 1000000) / 100000))"
}

START_US="$(now_us)"
PHASE_NAMES=()
PHASE_TIMES=()
PHASE_NAME=""
PHASE_START=0

phase() { # phase NAME: close the running phase, open a new one
  local t
  t="$(now_us)"
  if [[ -n "$PHASE_NAME" ]]; then
    PHASE_NAMES+=("$PHASE_NAME")
    PHASE_TIMES+=("$((t - PHASE_START))")
  fi
  PHASE_NAME="${1:-}"
  PHASE_START="$t"
}

print_timing() {
  local rc=$?
  phase ""
  if ((${#PHASE_NAMES[@]} > 0)); then
    local parts=() i
    for i in "${!PHASE_NAMES[@]}"; do
      parts+=("${PHASE_NAMES[$i]} $(fmt_secs "${PHASE_TIMES[$i]}")")
    done
    local joined
    joined="$(printf '%s, ' "${parts[@]}")"
    say "timing: ${joined%, }; total $(fmt_secs "$(($(now_us) - START_US))")"
  fi
  exit "$rc"
}

# --- packages ---------------------------------------------------------------

package_present() {
  local pkg="$1" status
  # Any working npm will do (e.g. one bundled with a nodejs package from
  # another source, which conflicts with Debian's npm package).
  if [[ "$pkg" == npm ]] && command -v npm >/dev/null 2>&1; then
    return 0
  fi
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]]
}

install_packages() {
  phase packages
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    warn "not a Debian-like system (no dpkg-query/apt-get): not installing anything."
    warn "make sure these (or their equivalents) are installed: ${REQUIRED_PACKAGES[*]}"
    return 0
  fi

  local missing=() pkg
  for pkg in "${REQUIRED_PACKAGES[@]}"; do
    package_present "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    say "packages: all present (${REQUIRED_PACKAGES[*]})"
    return 0
  fi

  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      die "missing packages (${missing[*]}) and not root, and sudo is not installed; as root run: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi

  say "installing missing packages: ${missing[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300)
  say "running: apt-get update"
  "${apt[@]}" update
  say "running: apt-get install --no-install-recommends ${missing[*]}"
  "${apt[@]}" install --no-install-recommends "${missing[@]}"

  for pkg in "${missing[@]}"; do
    package_present "$pkg" || die "package $pkg is still not installed after apt-get install"
  done
  say "installed: ${missing[*]}"
}

# --- build ------------------------------------------------------------------

configure_and_build() { # configure_and_build BUILD_DIR BUILD_TYPE
  local dir="$1" type="$2"
  phase configure
  say "configuring $dir ($type)"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type"
  phase build
  say "building $dir with $JOBS jobs"
  cmake --build "$dir" -j "$JOBS"
}

run_tests() { # run_tests BUILD_DIR LABEL
  local dir="$1" label="$2" count log rc=0
  phase tests
  count="$(ctest --test-dir "$dir" -N 2>/dev/null | sed -n 's/^Total Tests: *\([0-9][0-9]*\).*/\1/p')"
  count="${count:-0}"
  say "running $count tests in $dir with $JOBS jobs"
  log="$(mktemp)"
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$JOBS" 2>&1 | tee "$log" || rc=$?

  local failed
  failed="$(sed -n 's/.*tests passed, \([0-9][0-9]*\) tests\{0,1\} failed out of \([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)"
  rm -f "$log"
  echo
  if ((rc == 0)) && ((count > 0)); then
    echo "$label: PASS ($count tests)"
    return 0
  fi
  if ((count == 0)); then
    echo "$label: FAIL (no tests were registered)"
  elif [[ -n "$failed" ]]; then
    echo "$label: FAIL ($failed of $count tests failed)"
  else
    echo "$label: FAIL (ctest exited with $rc)"
  fi
  return 1
}

cmd_examples() {
  install_packages
  configure_and_build build RelWithDebInfo
  phase examples
  [[ -x build/asyncradar ]] || die "the build succeeded but made no build/asyncradar"
  say "running: build/asyncradar check examples/"
  local rc=0
  build/asyncradar check examples/ || rc=$?
  echo
  case "$rc" in
    0) warn "check found nothing in examples/, which has deliberate findings (see examples/README.md)" ;;
    1) say "check reported findings (exit 1), as expected: examples/README.md explains each one" ;;
    *) die "asyncradar check failed with exit code $rc" ;;
  esac
}

cmd_test() {
  install_packages
  configure_and_build build RelWithDebInfo
  run_tests build "asyncradar tests"
}

cmd_asan() {
  install_packages
  configure_and_build build-asan Asan
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
  run_tests build-asan "asyncradar tests (asan)"
}

main() {
  local cmd="${1:-help}"
  case "$cmd" in
    examples | test | asan)
      (($# == 1)) || die "'$cmd' takes no arguments"
      trap print_timing EXIT
      "cmd_$cmd"
      ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      echo >&2
      die "unknown command: $cmd"
      ;;
  esac
}

main "$@"
