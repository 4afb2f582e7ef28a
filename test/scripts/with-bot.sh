#!/usr/bin/env bash
# Starts the real bot (tsx main.ts, PORT=0) in a temporary DATA_DIR, waits for its
# "listening" log line, exports BOT_URL / BOT_DATA_DIR / WEBHOOK_SECRET and runs bats
# on the given files (default: every test/scripts/*.bats), then stops the bot.
#   test/scripts/with-bot.sh [bats args/files...]
# When BOT_URL is already set (a bot started elsewhere), only runs bats; then
# BOT_DATA_DIR and WEBHOOK_SECRET must be set too.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
(( $# > 0 )) || set -- "$here"

if [[ -n ${BOT_URL:-} ]]; then
  exec bats "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/veeam-scripts-test.XXXXXX")
export BOT_DATA_DIR="$work/data"
mkdir -p "$BOT_DATA_DIR"
WEBHOOK_SECRET="test-secret-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export WEBHOOK_SECRET

bot_pid=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  if [[ -n $bot_pid ]] && kill -0 "$bot_pid" 2>/dev/null; then
    kill -TERM "$bot_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$bot_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bot_pid" 2>/dev/null || true
  fi
  if [[ ${KEEP_TEST_DIR:-0} != 1 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

(
  cd "$repo"
  exec env PORT=0 HOST=127.0.0.1 LOG_LEVEL=info DATA_DIR="$BOT_DATA_DIR" WEBHOOK_SECRET="$WEBHOOK_SECRET" \
    node --import tsx "$repo/main.ts"
) >"$work/bot.log" 2>&1 &
bot_pid=$!

BOT_URL=""
for _ in $(seq 1 300); do
  if ! kill -0 "$bot_pid" 2>/dev/null; then
    echo "the bot exited before listening:" >&2; cat "$work/bot.log" >&2; exit 1
  fi
  line=$(grep -m1 '"msg":"listening"' "$work/bot.log" || true)
  if [[ -n $line ]]; then
    BOT_URL=$(jq -r '.url' <<<"$line")
    break
  fi
  sleep 0.1
done
if [[ -z $BOT_URL ]]; then
  echo "the bot did not log \"listening\" within 30 s:" >&2; cat "$work/bot.log" >&2; exit 1
fi
export BOT_URL BOT_LOG="$work/bot.log"

rc=0
bats "$@" || rc=$?
exit "$rc"
