#!/bin/sh
# Installs Debian's pre-commit (with git, which it needs) when it is missing, so that
# test/precommit.test.ts runs `pre-commit try-repo` in CI instead of skipping.
# Called from .ci/run before `npm test`. Needs root (apt-get) and network access.
set -eu
if command -v pre-commit >/dev/null 2>&1 && command -v git >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends pre-commit git
pre-commit --version
