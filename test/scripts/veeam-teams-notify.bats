#!/usr/bin/env bats
# Offline tests of scripts/veeam/veeam-teams-notify.sh: no bot needed.
# (The tests against the real bot are in veeam-teams-notify-bot.bats.)

bats_require_minimum_version 1.5.0

setup() {
  load helpers/common
  write_config "http://127.0.0.1:9" "offline-test-secret-0123456789"
  PATH="$STUBS:$PATH"
}

@test "shellcheck: the script, the stub and the launcher are clean" {
  run shellcheck "$SCRIPT" "$STUBS/veeamconfig" "$BATS_TEST_DIRNAME/with-bot.sh"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "--help and --version work without a config file" {
  run "$SCRIPT" --help
  [ "$status" -eq 0 ]
  [[ $output == *"--foreground"* ]]
  run "$SCRIPT" --version
  [ "$status" -eq 0 ]
  [[ $output == veeam-teams-notify* ]]
}

@test "a missing config file is a configuration error (78) in the foreground" {
  run "$SCRIPT" --config "$BATS_TEST_TMPDIR/nope.conf" --foreground
  [ "$status" -eq 78 ]
  [[ $output == *"config file not found"* ]]
}

@test "the config file is parsed, not executed" {
  cat >>"$CONF" <<EOF2
\$(touch $BATS_TEST_TMPDIR/pwned)
\`touch $BATS_TEST_TMPDIR/pwned2\`
EOF2
  run "$SCRIPT" --config "$CONF" --print-body --test
  [ "$status" -eq 0 ]
  [ ! -e "$BATS_TEST_TMPDIR/pwned" ]
  [ ! -e "$BATS_TEST_TMPDIR/pwned2" ]
}

@test "a group/world-readable config file is reported" {
  chmod 644 "$CONF"
  run "$SCRIPT" --config "$CONF" --print-body --test --foreground
  [ "$status" -eq 0 ]
  [[ $output == *"readable by other users"* ]]
}

@test "positional arguments (the seed's form) become the body; the secret is not in it" {
  export STUB_VC_DIR="$BATS_TEST_TMPDIR/vc-none"   # no veeamconfig on this PATH
  PATH="/usr/bin:/bin"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body \
    'Nightly "SQL" \\ バックアップ' "1f0c6a52-3b7e-4d1a-9c55-0a8e2b1d7f10" "warning" "1024000" "01:02:03"
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.jobName == "Nightly \"SQL\" \\\\ バックアップ"'
  echo "$output" | jq -e '.jobId == "1f0c6a52-3b7e-4d1a-9c55-0a8e2b1d7f10"'
  echo "$output" | jq -e '.status == "Warning" and .backupSize == 1024000 and .duration == "01:02:03"'
  echo "$output" | jq -e '.timestamp | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")'
  [[ $output != *"offline-test-secret"* ]]
}

@test "unexpanded placeholders (\"\$jobname\" etc.) and empty values are ignored" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "Placeholder job" "$job" "$sid" "Success"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body '$jobname' '$jobid' '' '${backupsize}' '%jobduration%'
  [ "$status" -eq 0 ]
  echo "$output" | jq -e --arg sid "$sid" --arg job "$job" \
    '.jobName == "Placeholder job" and .sessionId == $sid and .jobId == $job and .status == "Success"'
}

@test "veeamconfig: result, times, sizes and warning/error lines come from the session" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session 'Agent "本番" \ job' "$job" "$sid" "Failed"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body
  [ "$status" -eq 0 ]
  echo "$output" | jq .
  echo "$output" | jq -e --arg sid "$sid" --arg job "$job" '.sessionId == $sid and .jobId == $job'
  echo "$output" | jq -e '.jobName == "Agent \"本番\" \\ job" and .status == "Failed" and .jobType == "AgentBackup"'
  echo "$output" | jq -e '.processedSize == 11274289152 and .transferredSize == 3489660928 and .backupSize == 3489660928'
  echo "$output" | jq -e '.duration == 753'
  echo "$output" | jq -e '.errorMessage | contains("Permission denied") and contains("/srv/データ") and contains("Snapshot of")'
  echo "$output" | jq -e '(.errorMessage | contains("Job started")) | not'
  echo "$output" | jq -e '.objects | length == 1 and .[0].status == "Failed"'
}

@test "the worker waits while the session is still Running" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "Waiting job" "$job" "$sid" "Warning" 2
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.status == "Warning" and .endTime != null'
  [ "$(grep -c '^session info' "$STUB_VC_DIR/calls.log")" -ge 3 ]
}

@test "a session still running after WAIT_TIMEOUT is reported with status None" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "Slow job" "$job" "$sid" "Success" 100
  echo "WAIT_TIMEOUT=2" >>"$CONF"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.status == "None"'
}

@test "minimal mode sends only jobId and sessionId" {
  local sid job
  sid=$(new_guid); job=$(new_guid)
  stub_session "Minimal job" "$job" "$sid" "Success"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body --minimal
  [ "$status" -eq 0 ]
  echo "$output" | jq -e --arg sid "$sid" --arg job "$job" '. == {jobId: $job, sessionId: $sid}'
}

@test "without veeamconfig, --job-id/--session-id (as found on a VBR parent process) give a minimal body" {
  PATH="/usr/bin:/bin"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body \
    --job-id "{1F0C6A52-3B7E-4D1A-9C55-0A8E2B1D7F10}" --session-id "C2E41B07-95AA-4F0E-B3D8-61F7A0C95E2D"
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '. == {jobId: "1f0c6a52-3b7e-4d1a-9c55-0a8e2b1d7f10", sessionId: "c2e41b07-95aa-4f0e-b3d8-61f7a0c95e2d"}'
}

@test "nothing to report (no veeamconfig, no ids, no arguments) is logged, not sent" {
  PATH="/usr/bin:/bin"
  run --separate-stderr "$SCRIPT" --config "$CONF" --foreground
  [ "$status" -eq 69 ]
  grep -q "nothing to report" "$BATS_TEST_TMPDIR/log/notify.log"
  [ ! -d "$BATS_TEST_TMPDIR/spool" ] || [ -z "$(ls -A "$BATS_TEST_TMPDIR/spool" | grep json || true)" ]
}

@test "the bash fixture matches what the script builds (except the clock and host)" {
  PATH="/usr/bin:/bin"
  run --separate-stderr "$SCRIPT" --config "$CONF" --print-body \
    "ファイルサーバー \"日次\" C:\\backup" "5b3f1c2e-8d4a-4e6b-9f10-2a3b4c5d6e7f" "Success" "2147483648" "3600"
  [ "$status" -eq 0 ]
  diff <(jq -S 'del(.timestamp, .server)' <<<"$output") <(jq -S 'del(.timestamp, .server)' "$FIXTURES/bash-positional.json")
}
