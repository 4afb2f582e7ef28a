#!/usr/bin/env bats
# scripts/veeam/veeam-teams-notify.sh against the REAL bot (tsx main.ts), with a stub
# `veeamconfig` standing in for Veeam Agent for Linux. Run through the launcher:
#   test/scripts/with-bot.sh test/scripts/veeam-teams-notify-bot.bats
# which exports BOT_URL, BOT_DATA_DIR and WEBHOOK_SECRET. Assertions read the history back.

bats_require_minimum_version 1.5.0

setup() {
  load helpers/common
  require_bot
  write_config "$BOT_URL" "$WEBHOOK_SECRET"
  PATH="$STUBS:$PATH"
}

@test "agent session (stub veeamconfig) lands in history: Japanese name, quotes and backslashes intact" {
  local sid job name
  sid=$(new_guid); job=$(new_guid)
  name='本番 "DB" サーバー \ 日次 '"$BATS_TEST_NUMBER"
  stub_session "$name" "$job" "$sid" "Warning"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 0 ] || { echo "$output"; cat "$BATS_TEST_TMPDIR/log/notify.log"; false; }
  run history_json --session "$sid"
  echo "$output"
  echo "$output" | jq -e --arg name "$name" --arg job "$job" \
    'length == 1 and .[0].jobName == $name and .[0].jobId == $job and .[0].result == "Warning"'
  echo "$output" | jq -e '.[0].backupSizeBytes == 3489660928 and .[0].durationSec == 753'
  echo "$output" | jq -e '.[0].errorMessage | contains("/srv/データ") and contains("\"Permission denied\"")'
  # delivered events leave the spool
  [ -z "$(find "$BATS_TEST_TMPDIR/spool" -name '*.json')" ]
  grep -q "delivered" "$BATS_TEST_TMPDIR/log/notify.log"
  run ! grep -qF "$WEBHOOK_SECRET" "$BATS_TEST_TMPDIR/log/notify.log"
}

@test "the seed's positional form (\"\$jobname\" \"\$jobid\" \"\$jobstatus\" \"\$backupsize\" \"\$jobduration\") lands in history" {
  PATH="/usr/bin:/bin"    # no veeamconfig: the values come only from the arguments
  local name="Seed ジョブ 'quoted' \"x\" $BATS_TEST_NUMBER-$RANDOM"
  run "$SCRIPT" --config "$CONF" --foreground "$name" "12345678-1234-1234-1234-123456789012" "Failed" "1024000" "1800"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  run history_json --job "$name"
  echo "$output"
  echo "$output" | jq -e 'length == 1 and .[0].result == "Failed" and .[0].backupSizeBytes == 1024000 and .[0].durationSec == 1800'
  echo "$output" | jq -e '.[0].jobId == "12345678-1234-1234-1234-123456789012"'
}

@test "bot down: the event is spooled (exit 75), then sent first on the next run" {
  local sid1 sid2 job
  sid1=$(new_guid); sid2=$(new_guid); job=$(new_guid)
  # 1) the bot is unreachable (nothing listens on the port)
  local dead_port
  dead_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  write_config "http://127.0.0.1:$dead_port" "$WEBHOOK_SECRET"
  stub_session "Spooled job $BATS_TEST_NUMBER" "$job" "$sid1" "Success"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 75 ]
  local spooled
  spooled=$(find "$BATS_TEST_TMPDIR/spool" -maxdepth 1 -name '*.json' -printf '%f\n')
  [ "$(wc -l <<<"$spooled")" -eq 1 ]
  run history_json --session "$sid1"
  echo "$output" | jq -e 'length == 0'
  # 2) the bot is back: the next run sends the spooled event and its own
  write_config "$BOT_URL" "$WEBHOOK_SECRET"
  stub_session "Spooled job $BATS_TEST_NUMBER" "$job" "$sid2" "Failed"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [ -z "$(find "$BATS_TEST_TMPDIR/spool" -maxdepth 1 -name '*.json')" ]
  history_json --session "$sid1" | jq -e 'length == 1 and .[0].result == "Success"'
  history_json --session "$sid2" | jq -e 'length == 1 and .[0].result == "Failed"'
  # the older (spooled) event was delivered first
  [ "$(grep -c 'delivered' "$BATS_TEST_TMPDIR/log/notify.log")" -eq 2 ]
  grep 'delivered' "$BATS_TEST_TMPDIR/log/notify.log" | head -1 | grep -qF "delivered $spooled"
}

@test "--flush resends the spool; a resent event is stored once (sessionId is the idempotency key)" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "Flush job $BATS_TEST_NUMBER" "$job" "$sid" "Success"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 0 ]
  # put the same body back into the spool as if the first answer had been lost
  mkdir -p "$BATS_TEST_TMPDIR/spool"
  "$SCRIPT" --config "$CONF" --print-body >"$BATS_TEST_TMPDIR/spool/20000101T000000-0-1.json"
  run "$SCRIPT" --config "$CONF" --foreground --flush
  [ "$status" -eq 0 ]
  [ -z "$(find "$BATS_TEST_TMPDIR/spool" -maxdepth 1 -name '*.json')" ]
  history_json --session "$sid" | jq -e 'length == 1'
  grep -q '"duplicate":true' "$BATS_TEST_TMPDIR/log/notify.log"
}

@test "a wrong secret (401) keeps the event in the spool and never logs the secret" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  write_config "$BOT_URL" "wrong-secret-wrong-secret-123"
  stub_session "Auth job $BATS_TEST_NUMBER" "$job" "$sid" "Success"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 75 ]
  grep -q "HTTP 401" "$BATS_TEST_TMPDIR/log/notify.log"
  run ! grep -qF "wrong-secret-wrong-secret-123" "$BATS_TEST_TMPDIR/log/notify.log"
  [ "$(find "$BATS_TEST_TMPDIR/spool" -maxdepth 1 -name '*.json' | wc -l)" -eq 1 ]
  history_json --session "$sid" | jq -e 'length == 0'
}

@test "X-Webhook-Secret header works too" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  echo "AUTH_HEADER=X-Webhook-Secret" >>"$CONF"
  stub_session "Header job $BATS_TEST_NUMBER" "$job" "$sid" "Success"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  history_json --session "$sid" | jq -e 'length == 1'
}

@test "a body the bot rejects (400) goes to spool/rejected and does not block the spool" {
  mkdir -p "$BATS_TEST_TMPDIR/spool"
  printf '{"jobName":"bad","status":"NotAStatus"}\n' >"$BATS_TEST_TMPDIR/spool/20000101T000000-0-1.json"
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "After reject $BATS_TEST_NUMBER" "$job" "$sid" "Success"
  run "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [ -f "$BATS_TEST_TMPDIR/spool/rejected/20000101T000000-0-1.json" ]
  grep -q "HTTP 400" "$BATS_TEST_TMPDIR/log/notify.log"
  history_json --session "$sid" | jq -e 'length == 1'
}

@test "default (background) mode returns at once; the worker waits for the session and delivers" {
  local sid job start elapsed
  sid=$(new_guid); job=$(new_guid)
  stub_session "Background job $BATS_TEST_NUMBER" "$job" "$sid" "Success" 3   # 3 polls still Running
  start=$(date +%s%N)
  run "$SCRIPT" --config "$CONF"
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  [ "$elapsed" -lt 2000 ]                                   # returned before the session ended
  history_json --session "$sid" | jq -e 'length == 0'       # not sent yet: still Running
  run wait_for_history 30 --session "$sid"
  [ "$status" -eq 0 ] || { cat "$BATS_TEST_TMPDIR/log/notify.log"; false; }
  echo "$output" | jq -e '.[0].result == "Success"'
  grep -q "started background worker" "$BATS_TEST_TMPDIR/log/notify.log"
}

@test "VBR on Linux: the GUIDs of the parent Veeam process give a minimal event the bot accepts" {
  PATH="/usr/bin:/bin"    # no veeamconfig on a VBR server
  local sid job
  sid=$(new_guid); job=$(new_guid)
  # A stand-in for the Veeam manager process: a bash whose command line holds the job
  # and session GUIDs and that runs the post-job script as its child.
  run bash -c '"$0" --config "$1"; rc=$?; exit $rc' "$SCRIPT" "$CONF" Veeam.Backup.Manager.exe startbackupjob "$job" "$sid"
  [ "$status" -eq 0 ]
  run wait_for_history 20 --session "$sid"
  [ "$status" -eq 0 ] || { cat "$BATS_TEST_TMPDIR/log/notify.log"; false; }
  echo "$output" | jq -e --arg job "$job" '.[0].jobId == $job'
}

@test "--test sends the seed's 'Test Backup Job' event" {
  run "$SCRIPT" --config "$CONF" --foreground --test
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  history_json --job "Test Backup Job" | jq -e 'length >= 1 and .[0].result == "Success"'
}
