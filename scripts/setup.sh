#!/usr/bin/env bash
# Set up everything the portal needs on Debian or Ubuntu, idempotently.
#   scripts/setup.sh          what the portal needs to run
#   scripts/setup.sh --test   that, plus what the test suite needs (Chromium, poppler, test tools)
# System packages are installed with apt-get only when missing (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# --- system packages ----------------------------------------------------------------------
# python3-venv: the virtualenv; gettext: compiling the ru/ky catalogs; libpango*, libharfbuzz*:
# WeasyPrint; fonts-dejavu-core: a font with Kyrgyz letters (Ң ң Ө ө Ү ү).
packages=(python3 python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz-subset0 fonts-dejavu-core shared-mime-info)
if [ "$want_tests" = 1 ]; then
  # chromium: browser tests; poppler-utils: reading the PDFs back in tests
  packages+=(chromium poppler-utils)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
else
  die "this set-up expects Debian or Ubuntu (dpkg/apt-get); install by hand: ${packages[*]}"
fi
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    die "these system packages are missing and I cannot install them without root or sudo: ${missing[*]}
Run as root: apt-get update && apt-get install -y ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || die "apt-get update failed: check the network or the apt sources"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get could not install: ${missing[*]}"
fi

python3 - <<'PY' || die "Python 3.11 or newer is needed (found $(python3 --version))"
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# --- virtualenv and Python packages -------------------------------------------------------
lock=requirements.lock
[ "$want_tests" = 1 ] && lock=requirements-test.lock
if [ ! -x .venv/bin/python ]; then
  say "creating the virtualenv in .venv"
  python3 -m venv .venv || die "python3 -m venv failed (is python3-venv installed?)"
fi
stamp=".venv/.installed-$(sha256sum "$lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "installing Python packages from $lock"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$lock"
  rm -f .venv/.installed-*
  touch "$stamp"
  # the test lock includes the runtime one, so the runtime stamp is satisfied too
  [ "$want_tests" = 1 ] && touch ".venv/.installed-$(sha256sum requirements.lock | cut -c1-16)"
fi

# --- catalogs -----------------------------------------------------------------------------
say "compiling the Russian and Kyrgyz catalogs"
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
