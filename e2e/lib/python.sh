# Sourced by the e2e tests: a Python with e2e/requirements.txt, in a venv under $DISTILLERY_CACHE
# made once per requirements file. `e2e_python` prints its interpreter's path.
e2e_python() {
  local lib requirements venv
  lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  requirements="$lib/../requirements.txt"
  venv="${DISTILLERY_CACHE:-$HOME/.cache/distillery}/e2e-venv"
  if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
    echo "e2e: installing $(grep -v '^#' "$requirements" | paste -sd' ') into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$venv/requirements.txt"
  fi
  echo "$venv/bin/python"
}
