#!/usr/bin/env bash
# The extension's grammar test: installs exactly the locked packages, then runs node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
node --test test/
