#!/usr/bin/env bash
# `npm test`: every check CI runs — types, lint, unit and integration tests, e2e in
# Chromium through the browser host. Installs the Debian packages the browser tests
# need when they are missing (root, as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
t0=$SECONDS
step() { printf '\n\033[36m== %s\033[0m (%ss)\n' "$1" "$((SECONDS - t0))"; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: install them (sudo apt-get install ${need[*]}) and run again" >&2
    exit 1
  fi
fi

step "types (tsc -b)"
npx tsc -b
step "lint (dependency rules are errors)"
npx eslint . --max-warnings 0
step "central API contract (OpenAPI, redocly recommended rules)"
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint central/openapi.json --format=summary
step "demo city"
node --import tsx scripts/build-demo-city.ts --if-stale
step "build"
node scripts/build-if-stale.mjs
step "unit + integration (vitest)"
npx vitest run
step "e2e (playwright + chromium)"
npx playwright test -c e2e/playwright.config.ts
step "all green in $((SECONDS - t0)) s"
