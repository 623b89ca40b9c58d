#!/usr/bin/env bash
# Regenerate requirements.lock (every dependency pinned, with hashes) from pyproject.toml.
# Run after adding or changing a dependency; `make` installs the lock with --require-hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-.venv/bin/uv}"
"$UV" pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
  --python-platform x86_64-manylinux_2_28 --no-header --quiet -o requirements.lock
