#!/usr/bin/env bash
# The whole test suite (`npm test`): types, lint, jest (unit, real-server, browser), and the bats tests of the
# Linux post-job script against the real bot. Installs what it needs on a fresh machine first.
# Ends with one line "all: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]]; then
  echo "== npm ci (first run)"
  npm ci --no-audit --no-fund || exit 1
fi
bash tools/install-test-prerequisites.sh || exit 1

failed_steps=()
passed=0 failed=0 skipped=0

echo "== typecheck"
npm run -s typecheck || failed_steps+=(typecheck)
echo "== lint"
npm run -s lint || failed_steps+=(lint)

echo "== jest"
summary=$(mktemp)
# --no-deprecation: restify 11 on Node 20 prints DEP0111 in every test file (see api/quiet-restify-warning.ts).
TEST_SUMMARY_FILE="$summary" node --no-deprecation node_modules/jest/bin/jest.js --ci || failed_steps+=(jest)
if [[ -s $summary ]]; then
  read -r p f s <"$summary"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
else
  failed=$((failed + 1))
fi
rm -f "$summary"

echo "== bats (post-job scripts against the real bot)"
tap=$(mktemp)
npm run -s test:scripts -- --tap test/scripts 2>&1 | tee "$tap"
[[ ${PIPESTATUS[0]} -eq 0 ]] || failed_steps+=(bats)
bats_skipped=$(grep -cE '^ok [0-9]+ .*# skip' "$tap" || true)
bats_ok=$(grep -cE '^ok [0-9]+' "$tap" || true)
bats_failed=$(grep -cE '^not ok [0-9]+' "$tap" || true)
passed=$((passed + bats_ok - bats_skipped)) failed=$((failed + bats_failed)) skipped=$((skipped + bats_skipped))
rm -f "$tap"

echo
if [[ ${#failed_steps[@]} -gt 0 ]]; then
  echo "failed steps: ${failed_steps[*]}"
  [[ $failed -eq 0 ]] && failed=1
fi
echo "all: $passed passed, $failed failed, $skipped skipped"
[[ ${#failed_steps[@]} -eq 0 ]]
