# Shared setup for the post-job script tests (sourced by the *.bats files).

SCRIPT="$BATS_TEST_DIRNAME/../../scripts/veeam/veeam-teams-notify.sh"
STUBS="$BATS_TEST_DIRNAME/stubs"
FIXTURES="$BATS_TEST_DIRNAME/../fixtures/veeam/webhook"

new_guid() { cat /proc/sys/kernel/random/uuid; }

# write_config URL SECRET [extra KEY=VALUE lines...]
write_config() {
  local url=$1 secret=$2; shift 2
  CONF="$BATS_TEST_TMPDIR/notify.conf"
  {
    echo "# test config"
    echo "BOT_URL=$url"
    echo "WEBHOOK_SECRET=\"$secret\""
    echo "SPOOL_DIR=$BATS_TEST_TMPDIR/spool"
    echo "LOG_FILE=$BATS_TEST_TMPDIR/log/notify.log"
    echo "POLL_INTERVAL=1"
    echo "WAIT_TIMEOUT=30"
    echo "RETRIES=0"
    echo "CONNECT_TIMEOUT=3"
    echo "MAX_TIME=10"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$CONF"
  chmod 600 "$CONF"
}

# Canned veeamconfig output for one session.
# stub_session JOBNAME JOBID SESSIONID STATE [RUNNING_POLLS]
stub_session() {
  local name=$1 job=$2 sid=$3 state=$4 polls=${5:-0}
  export STUB_VC_DIR="$BATS_TEST_TMPDIR/vc"
  mkdir -p "$STUB_VC_DIR"
  cat >"$STUB_VC_DIR/session-list.txt" <<LIST
Job name                 Type     ID                                        State    Started at        Finished at
Other job                Backup   {11111111-2222-3333-4444-555555555555}    Success  2024-01-14 01:00  2024-01-14 01:10
$name   Backup   {$sid}    Running  2024-01-15 01:00
Total amount: 2
LIST
  cat >"$STUB_VC_DIR/info.txt" <<INFO
Session ID: {$sid}
  Job name: $name
  Job ID: {$job}
  OIB ID: {aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}
  State: $state
  Creation time: 2024-01-15 01:00:00
  Start time: 2024-01-15 01:00:02
  End time: 2024-01-15 01:12:35
  Processed: 10.5 GB
  Transferred: 3.25 GB
  Attempt: 1
  Is last attempt: true
INFO
  cat >"$STUB_VC_DIR/log.txt" <<'LOG'
2024-01-15 01:00:02 UTC [info] Job started
2024-01-15 01:05:10 UTC [warn] Snapshot of /var/lib/pgsql took longer than expected
2024-01-15 01:11:59 UTC [error] Failed to back up /srv/データ: "Permission denied" (C:\path\like\this)
2024-01-15 01:12:35 UTC [info] Job finished
LOG
  printf '%s\n' "$polls" >"$STUB_VC_DIR/running-polls"
  : >"$STUB_VC_DIR/calls.log"
}

# History documents stored by the bot (newest first), filtered by job name / session.
history_json() {
  node "$BATS_TEST_DIRNAME/helpers/history.mjs" "$BOT_DATA_DIR" "$@"
}

# wait_for_history SECONDS --session GUID  -> prints the stored docs once one exists
wait_for_history() {
  local seconds=$1; shift
  local out i
  for (( i = 0; i < seconds * 5; i++ )); do
    out=$(history_json "$@")
    if [[ $(jq 'length' <<<"$out") -gt 0 ]]; then
      printf '%s\n' "$out"
      return 0
    fi
    sleep 0.2
  done
  return 1
}

require_bot() {
  if [[ -z ${BOT_URL:-} || -z ${BOT_DATA_DIR:-} || -z ${WEBHOOK_SECRET:-} ]]; then
    echo "BOT_URL / BOT_DATA_DIR / WEBHOOK_SECRET are not set: run these tests with test/scripts/with-bot.sh" >&2
    return 1
  fi
}
