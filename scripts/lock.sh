#!/usr/bin/env bash
# Re-pin the dependencies of pyproject.toml: `make lock`.
# requirements.lock: what production needs; requirements-test.lock: that plus the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
deps() { python3 - "$1" <<'PY'
import sys, tomllib
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(p["dependencies"] if sys.argv[1] == "main" else p["dependencies"] + p["optional-dependencies"]["test"]))
PY
}
for kind in main test; do
  tmp=$(mktemp -d)
  python3 -m venv "$tmp"
  "$tmp/bin/pip" install -q --upgrade pip
  deps "$kind" > "$tmp/in.txt"
  "$tmp/bin/pip" install -q -r "$tmp/in.txt"
  out=requirements.lock; [ "$kind" = test ] && out=requirements-test.lock
  { echo "# Pinned by scripts/lock.sh from pyproject.toml ($kind). Do not edit by hand."
    "$tmp/bin/pip" freeze --exclude pip --exclude setuptools; } > "$out"
  rm -rf "$tmp"
  echo "wrote $out"
done
