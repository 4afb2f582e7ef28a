#!/usr/bin/env bash
# veeam-teams-notify.sh - post-job script that reports a Veeam job run to the Teams bot.
#
# For Veeam Agent for Linux (standalone or managed by VBR) and for VBR 13 on Linux.
# Veeam passes no arguments and sets no job variables, so the script finds the
# session itself:
#   * Veeam Agent for Linux: the newest session from `veeamconfig session list`,
#     then `veeamconfig session info` / `session log` once the session has ended.
#   * No veeamconfig (VBR 13 on Linux): the job and session GUIDs from the command
#     line of the parent Veeam process; sends a minimal event (jobId + sessionId)
#     and the bot completes it from the VBR REST API.
# It also accepts the old positional form
#   veeam-teams-notify.sh "$jobname" "$jobid" "$jobstatus" "$backupsize" "$jobduration"
# so existing setups can switch without edits (placeholders that were not expanded,
# such as a literal "$jobname", and empty values are ignored).
#
# By default it returns to Veeam at once and does the work in a detached background
# process. Events that cannot be delivered stay in a spool directory and are sent
# first on the next run.
#
# Requires: bash 4+, curl, jq; flock and setsid (util-linux) are used when present.
# See docs/veeam-scripts.md.

set -u
umask 077

readonly VERSION="1.0.0"
readonly SELF_NAME="veeam-teams-notify"
readonly GUID_RE='[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
readonly WEBHOOK_PATH="/api/veeam/job-complete"

# Exit codes (seen only in --foreground mode; the background launcher always exits 0).
readonly EX_OK=0 EX_USAGE=64 EX_REJECTED=65 EX_UNAVAILABLE=69 EX_SPOOLED=75 EX_CONFIG=78

# ---------------------------------------------------------------- settings ---
# Precedence: command-line flag > environment variable > config file > default.
opt_config="${VEEAM_TEAMS_CONFIG:-/etc/veeam-teams-bot/notify.conf}"
opt_spool_dir="${VEEAM_TEAMS_SPOOL_DIR:-}"
opt_log_file="${VEEAM_TEAMS_LOG_FILE:-}"
opt_foreground="${VEEAM_TEAMS_FOREGROUND:-0}"
opt_worker=0
opt_minimal=""
opt_test=0
opt_flush_only=0
opt_print_body=0
opt_job_id=""
opt_session_id=""
positional=()

cfg_bot_url=""
cfg_secret=""
cfg_secret_file=""
cfg_auth_header="authorization"
cfg_mode="full"
cfg_spool_dir="/var/spool/veeam-teams-bot"
cfg_log_file="/var/log/veeam-teams-bot/notify.log"
cfg_log_max_bytes=1048576
cfg_log_keep=5
cfg_wait_timeout=900
cfg_poll_interval=10
cfg_connect_timeout=10
cfg_max_time=30
cfg_retries=4
cfg_retry_max_time=120
cfg_ca_file=""
cfg_server_name=""
cfg_veeamconfig=""
cfg_max_log_lines=20
cfg_spool_max_files=1000

LOG_FILE=""
SPOOL_DIR=""

# ----------------------------------------------------------------- logging ---
rotate_log() {
  local size i
  [[ -f $LOG_FILE ]] || return 0
  size=$(stat -c %s -- "$LOG_FILE" 2>/dev/null || echo 0)
  (( size >= cfg_log_max_bytes )) || return 0
  for (( i = cfg_log_keep - 1; i >= 1; i-- )); do
    [[ -f "$LOG_FILE.$i" ]] && mv -f -- "$LOG_FILE.$i" "$LOG_FILE.$((i + 1))"
  done
  mv -f -- "$LOG_FILE" "$LOG_FILE.1"
}

log() {
  local level=$1; shift
  local line
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) [$level] [$$] $*"
  if [[ -n $LOG_FILE ]] && { [[ -d ${LOG_FILE%/*} ]] || mkdir -p -- "${LOG_FILE%/*}" 2>/dev/null; }; then
    rotate_log 2>/dev/null
    printf '%s\n' "$line" >>"$LOG_FILE" 2>/dev/null || printf '%s\n' "$line" >&2
  fi
  if [[ $opt_foreground == 1 || -z $LOG_FILE ]]; then
    printf '%s\n' "$line" >&2
  fi
}

die_config() {
  log ERROR "$*"
  exit "$EX_CONFIG"
}

usage() {
  cat <<'EOF'
Usage: veeam-teams-notify.sh [options] [JOBNAME [JOBID [STATUS [BACKUPSIZE [DURATION]]]]]

Reports a Veeam job run to the Teams bot (POST /api/veeam/job-complete).
Without arguments it finds the session itself (veeamconfig, or the parent Veeam process).

Options:
  --config FILE       config file (default /etc/veeam-teams-bot/notify.conf; env VEEAM_TEAMS_CONFIG)
  --spool-dir DIR     spool directory (env VEEAM_TEAMS_SPOOL_DIR)
  --log-file FILE     log file (env VEEAM_TEAMS_LOG_FILE)
  --foreground        do the work now instead of in a detached process (env VEEAM_TEAMS_FOREGROUND=1)
  --minimal           send only jobId + sessionId (the bot reads the rest from Veeam)
  --job-id GUID       job id (skips detection)
  --session-id GUID   session id (skips detection)
  --test              send a test event ("Test Backup Job") and report the result
  --flush             only resend the spooled events
  --print-body        print the JSON body that would be sent and exit (nothing is sent or spooled)
  --version, --help
Exit codes in --foreground mode: 0 delivered, 75 kept in spool (bot unreachable), 65 rejected by
the bot (moved to spool/rejected), 78 configuration error, 64 usage error.
EOF
}

# ----------------------------------------------------------------- parsing ---
parse_args() {
  while (( $# > 0 )); do
    case $1 in
      --config) opt_config=${2-}; shift ;;
      --config=*) opt_config=${1#*=} ;;
      --spool-dir) opt_spool_dir=${2-}; shift ;;
      --spool-dir=*) opt_spool_dir=${1#*=} ;;
      --log-file) opt_log_file=${2-}; shift ;;
      --log-file=*) opt_log_file=${1#*=} ;;
      --foreground) opt_foreground=1 ;;
      --worker) opt_worker=1 ;;
      --minimal) opt_minimal=1 ;;
      --job-id) opt_job_id=${2-}; shift ;;
      --session-id) opt_session_id=${2-}; shift ;;
      --test) opt_test=1 ;;
      --flush) opt_flush_only=1 ;;
      --print-body) opt_print_body=1 ;;
      --version) printf '%s %s\n' "$SELF_NAME" "$VERSION"; exit "$EX_OK" ;;
      -h|--help) usage; exit "$EX_OK" ;;
      --) shift; positional+=("$@"); break ;;
      --*) printf 'unknown option: %s\n' "$1" >&2; usage >&2; exit "$EX_USAGE" ;;
      *) positional+=("$1") ;;
    esac
    shift
  done
}

# KEY=VALUE lines; the file is parsed, never sourced (it is not executed).
load_config() {
  local file=$1 line key val n=0
  [[ -e $file ]] || die_config "config file not found: $file"
  [[ -r $file ]] || die_config "config file not readable (run as root?): $file"
  local mode
  mode=$(stat -c %a -- "$file" 2>/dev/null || echo 0)
  if [[ $mode =~ ^[0-7]+$ ]] && (( 8#$mode & 8#044 )); then
    log WARN "config file $file is readable by other users (mode $mode); it holds the webhook secret: chmod 600 it"
  fi
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
    if [[ ! $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
      log WARN "config $file line $n ignored (expected KEY=VALUE)"
      continue
    fi
    key=${BASH_REMATCH[1]}
    val=${BASH_REMATCH[2]}
    val=${val%"${val##*[![:space:]]}"}
    if [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]]; then
      val=${BASH_REMATCH[1]}
    fi
    case ${key^^} in
      BOT_URL) cfg_bot_url=$val ;;
      WEBHOOK_SECRET) cfg_secret=$val ;;
      WEBHOOK_SECRET_FILE) cfg_secret_file=$val ;;
      AUTH_HEADER) cfg_auth_header=${val,,} ;;
      MODE) cfg_mode=${val,,} ;;
      SPOOL_DIR) cfg_spool_dir=$val ;;
      LOG_FILE) cfg_log_file=$val ;;
      LOG_MAX_BYTES) cfg_log_max_bytes=$val ;;
      LOG_KEEP) cfg_log_keep=$val ;;
      WAIT_TIMEOUT) cfg_wait_timeout=$val ;;
      POLL_INTERVAL) cfg_poll_interval=$val ;;
      CONNECT_TIMEOUT) cfg_connect_timeout=$val ;;
      MAX_TIME) cfg_max_time=$val ;;
      RETRIES) cfg_retries=$val ;;
      RETRY_MAX_TIME) cfg_retry_max_time=$val ;;
      CA_FILE) cfg_ca_file=$val ;;
      SERVER_NAME) cfg_server_name=$val ;;
      VEEAMCONFIG) cfg_veeamconfig=$val ;;
      MAX_LOG_LINES) cfg_max_log_lines=$val ;;
      SPOOL_MAX_FILES) cfg_spool_max_files=$val ;;
      *) log WARN "config $file line $n: unknown key $key ignored" ;;
    esac
  done <"$file"
}

require_uint() {
  local name=$1 value=$2
  [[ $value =~ ^[0-9]+$ ]] || die_config "$name must be a whole number, got '$value'"
}

validate_config() {
  local v
  for v in cfg_log_max_bytes cfg_log_keep cfg_wait_timeout cfg_poll_interval cfg_connect_timeout \
           cfg_max_time cfg_retries cfg_retry_max_time cfg_max_log_lines cfg_spool_max_files; do
    require_uint "${v#cfg_}" "${!v}"
  done
  (( cfg_poll_interval >= 1 )) || cfg_poll_interval=1
  (( cfg_log_keep >= 1 )) || cfg_log_keep=1
  [[ -n $cfg_bot_url ]] || die_config "BOT_URL is not set in $opt_config"
  [[ $cfg_bot_url =~ ^https?:// ]] || die_config "BOT_URL must start with http:// or https://"
  case $cfg_mode in full|minimal) ;; *) die_config "MODE must be full or minimal, got '$cfg_mode'" ;; esac
  case $cfg_auth_header in
    authorization|bearer) cfg_auth_header=authorization ;;
    x-webhook-secret) ;;
    *) die_config "AUTH_HEADER must be Authorization or X-Webhook-Secret" ;;
  esac
  if [[ -z $cfg_secret && -n $cfg_secret_file ]]; then
    [[ -r $cfg_secret_file ]] || die_config "WEBHOOK_SECRET_FILE not readable: $cfg_secret_file"
    IFS= read -r cfg_secret <"$cfg_secret_file" || true
    cfg_secret=${cfg_secret%$'\r'}
  fi
  [[ -n $cfg_secret ]] || die_config "WEBHOOK_SECRET (or WEBHOOK_SECRET_FILE) is not set in $opt_config"
  [[ $cfg_secret != *[$'\n\r']* ]] || die_config "the webhook secret must be one line"
  if [[ -n $cfg_ca_file && ! -r $cfg_ca_file ]]; then
    die_config "CA_FILE not readable: $cfg_ca_file"
  fi
}

webhook_url() {
  local base=${cfg_bot_url%/}
  if [[ $base == *"$WEBHOOK_PATH" ]]; then
    printf '%s' "$base"
  else
    printf '%s%s' "$base" "$WEBHOOK_PATH"
  fi
}

# ----------------------------------------------------------------- helpers ---
now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }

new_uuid() {
  if [[ -r /proc/sys/kernel/random/uuid ]]; then
    cat /proc/sys/kernel/random/uuid
  elif command -v uuidgen >/dev/null 2>&1; then
    uuidgen | tr 'A-F' 'a-f'
  else
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n' |
      sed -E 's/^(.{8})(.{4}).(.{3})(.{4})(.{12})$/\1-\2-4\3-\4-\5/'
  fi
}

server_name() {
  if [[ -n $cfg_server_name ]]; then
    printf '%s' "$cfg_server_name"
  else
    hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n
  fi
}

lower_guid() {
  local g=$1
  [[ $g =~ ($GUID_RE) ]] || return 1
  printf '%s' "${BASH_REMATCH[1],,}"
}

# Local time as printed by veeamconfig -> ISO 8601 UTC.
to_iso_utc() {
  local t=$1
  [[ -n $t ]] || return 1
  date -u -d "$t" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null
}

to_epoch() {
  date -d "$1" +%s 2>/dev/null
}

# "10.5 GB", "512 KB", "1,234 B", "1024" -> bytes (binary multiples, as Veeam displays).
size_to_bytes() {
  local s=${1//,/}
  s=${s#"${s%%[![:space:]]*}"}
  [[ $s =~ ^([0-9]+([.][0-9]+)?)[[:space:]]*([KMGTP]?)(i?B)?([[:space:]]|$) ]] || return 1
  local num=${BASH_REMATCH[1]} unit=${BASH_REMATCH[3]}
  awk -v n="$num" -v u="$unit" 'BEGIN {
    m = 1
    if (u == "K") m = 1024; else if (u == "M") m = 1024^2; else if (u == "G") m = 1024^3
    else if (u == "T") m = 1024^4; else if (u == "P") m = 1024^5
    printf "%.0f", n * m
  }'
}

normalize_status() {
  local s=${1,,}
  s=${s//[[:space:]]/}
  case $s in
    success|succeeded|ok) printf 'Success' ;;
    warning|warn|succeededwithwarnings) printf 'Warning' ;;
    failed|failure|error|fail) printf 'Failed' ;;
    *) printf 'None' ;;
  esac
}

# True when a positional value is a real value and not an unexpanded placeholder
# ("$jobname", "${jobname}", "%jobname%", "$([VBR.Job]::Name)").
is_real_value() {
  local v=$1
  [[ -n ${v//[[:space:]]/} ]] || return 1
  [[ $v =~ ^\$[A-Za-z_][A-Za-z0-9_]*$ ]] && return 1
  [[ $v =~ ^\$\{[^}]*\}$ ]] && return 1
  [[ $v =~ ^%[A-Za-z_][A-Za-z0-9_]*%$ ]] && return 1
  [[ $v =~ ^\$\(.*\)$ ]] && return 1
  return 0
}

# Job and session GUIDs from the command line of a Veeam ancestor process
# (VBR starts post-job scripts from the per-job manager process whose command line
# holds the job GUID, then the session GUID). Prints "jobId sessionId".
guids_from_ancestors() {
  local pid=$PPID depth=0 cmd stat rest guids=()
  while (( depth < 6 )) && [[ $pid =~ ^[0-9]+$ ]] && (( pid > 1 )); do
    if [[ -r /proc/$pid/cmdline ]]; then
      cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
      if [[ $cmd == *[Vv]eeam* ]]; then
        mapfile -t guids < <(grep -oE "$GUID_RE" <<<"$cmd" | tr 'A-F' 'a-f')
        if (( ${#guids[@]} >= 2 )); then
          printf '%s %s\n' "${guids[0]}" "${guids[1]}"
          return 0
        fi
      fi
    fi
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    rest=${stat##*) }
    read -r _ pid _ <<<"$rest"
    depth=$((depth + 1))
  done
  return 1
}

# ------------------------------------------------------------- veeamconfig ---
VC=""

find_veeamconfig() {
  if [[ -n $cfg_veeamconfig ]]; then
    VC=$cfg_veeamconfig
  else
    VC=$(command -v veeamconfig 2>/dev/null || true)
  fi
  [[ -n $VC && -x $VC ]]
}

# value of "Key: value" in `veeamconfig session info` output (case-insensitive key)
info_field() {
  local info=$1 key=${2,,} line k
  while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ $line == *:* ]] || continue
    k=${line%%:*}
    if [[ ${k,,} == "$key" ]]; then
      line=${line#*:}
      line=${line#"${line%%[![:space:]]*}"}
      printf '%s' "${line%"${line##*[![:space:]]}"}"
      return 0
    fi
  done <<<"$info"
  return 1
}

# Picks the session to report from `veeamconfig session list`:
# the hinted id if listed, else the newest Running session (of the named job when known),
# else the newest session. Prints the GUID (lower case).
pick_session() {
  local hint=$1 job_name=$2 list line g last="" running="" named_last="" named_running=""
  list=$("$VC" session list 2>/dev/null) || return 1
  while IFS= read -r line; do
    [[ $line =~ ($GUID_RE) ]] || continue
    g=${BASH_REMATCH[1],,}
    if [[ -n $hint && $g == "$hint" ]]; then
      printf '%s' "$g"; return 0
    fi
    last=$g
    [[ ${line,,} =~ [[:space:]]running([[:space:]]|$) ]] && running=$g
    if [[ -n $job_name && $line == "$job_name "* ]]; then
      named_last=$g
      [[ ${line,,} =~ [[:space:]]running([[:space:]]|$) ]] && named_running=$g
    fi
  done <<<"$list"
  local pick=${named_running:-${named_last:-${running:-$last}}}
  [[ -n $pick ]] || return 1
  printf '%s' "$pick"
}

session_info() {
  local id=$1 out
  out=$("$VC" session info --id "{$id}" 2>/dev/null) || out=$("$VC" session info --id "$id" 2>/dev/null) || return 1
  printf '%s' "$out"
}

session_state_is_final() {
  local state=${1,,}
  case $state in
    ''|running|starting|stopping|working|inprogress|"in progress"|pending|idle|waiting*) return 1 ;;
    *) return 0 ;;
  esac
}

# Warning and error lines of `veeamconfig session log` (without timestamps), max N lines.
session_problem_lines() {
  local id=$1 log_text
  log_text=$("$VC" session log --id "{$id}" 2>/dev/null) || log_text=$("$VC" session log --id "$id" 2>/dev/null) || return 0
  grep -iE '\[(warn|warning|error|fail|failed)\]|(^|[^a-z])(warning|error|failed)([^a-z]|$)' <<<"$log_text" |
    sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:.]+( *(UTC|[+-][0-9:]+))? *//; s/^\{?'"$GUID_RE"'\}? *//; s/^\[(warn|warning|error|fail|failed|info)\] *//I' |
    awk 'NF && !seen[$0]++' | head -n "$cfg_max_log_lines"
}

# ------------------------------------------------------------------ events ---
# Builds the JSON body with jq from named string values; empty values are left out,
# numeric fields are converted (and left out when not numeric).
build_body() {
  jq -cn \
    --arg jobName "${ev_job_name-}" --arg jobId "${ev_job_id-}" --arg sessionId "${ev_session_id-}" \
    --arg status "${ev_status-}" --arg jobType "${ev_job_type-}" \
    --arg backupSize "${ev_backup_size-}" --arg duration "${ev_duration-}" \
    --arg timestamp "${ev_timestamp-}" --arg startTime "${ev_start_time-}" --arg endTime "${ev_end_time-}" \
    --arg errorMessage "${ev_error_message-}" --arg server "${ev_server-}" \
    --arg processedSize "${ev_processed_size-}" --arg transferredSize "${ev_transferred_size-}" \
    --arg objName "${ev_object_name-}" --arg objStatus "${ev_object_status-}" --arg objMessage "${ev_object_message-}" \
    --arg minimal "${ev_minimal-0}" '
    def num: if test("^[0-9]+$") then tonumber else . end;
    def dur: if test("^[0-9]+$") then tonumber else . end;
    if $minimal == "1" then
      {jobId: $jobId, sessionId: $sessionId}
    else
      {
        jobName: $jobName, jobId: $jobId, sessionId: $sessionId, status: $status, jobType: $jobType,
        backupSize: ($backupSize | num), duration: ($duration | dur), timestamp: $timestamp,
        startTime: $startTime, endTime: $endTime, errorMessage: $errorMessage, server: $server,
        processedSize: ($processedSize | num), transferredSize: ($transferredSize | num),
        objects: (if $objName == "" then "" else [{name: $objName, status: $objStatus}
                   + (if $objMessage == "" then {} else {message: $objMessage} end)] end)
      }
    end
    | with_entries(select(.value != "" and .value != null))'
}

reset_event() {
  ev_job_name="" ev_job_id="" ev_session_id="" ev_status="" ev_job_type="" ev_backup_size=""
  ev_duration="" ev_timestamp="" ev_start_time="" ev_end_time="" ev_error_message="" ev_server=""
  ev_processed_size="" ev_transferred_size="" ev_object_name="" ev_object_status="" ev_object_message=""
  ev_minimal=0
}

event_test() {
  reset_event
  ev_job_name="Test Backup Job"
  ev_job_id="00000000-0000-0000-0000-000000000000"
  ev_session_id=$(new_uuid)
  ev_status="Success"
  ev_job_type="Test"
  ev_backup_size=1024000
  ev_duration=1800
  ev_timestamp=$(now_iso)
  ev_server=$(server_name)
}

# Fills ev_* from veeamconfig for session $1, waiting (bounded) until it has ended.
event_from_veeamconfig() {
  local sid=$1 info state waited=0 start end s e problems=""
  info=$(session_info "$sid") || { log ERROR "veeamconfig session info failed for $sid"; return 1; }
  state=$(info_field "$info" "State" || true)
  while ! session_state_is_final "$state"; do
    if (( waited >= cfg_wait_timeout )); then
      log WARN "session $sid still '$state' after ${cfg_wait_timeout}s; reporting it as not finished"
      break
    fi
    sleep "$cfg_poll_interval"
    waited=$((waited + cfg_poll_interval))
    info=$(session_info "$sid") || break
    state=$(info_field "$info" "State" || true)
  done
  ev_session_id=$sid
  ev_job_name=${ev_job_name:-$(info_field "$info" "Job name" || true)}
  if [[ -z $ev_job_id ]]; then
    ev_job_id=$(lower_guid "$(info_field "$info" "Job ID" || true)" || true)
  fi
  [[ -n $ev_status ]] || ev_status=$(normalize_status "$state")
  ev_job_type=${ev_job_type:-AgentBackup}
  start=$(info_field "$info" "Start time" || info_field "$info" "Creation time" || true)
  end=$(info_field "$info" "End time" || true)
  ev_start_time=$(to_iso_utc "$start" || true)
  ev_end_time=$(to_iso_utc "$end" || true)
  if [[ -z $ev_duration && -n $ev_start_time && -n $ev_end_time ]]; then
    s=$(to_epoch "$start") e=$(to_epoch "$end")
    [[ -n $s && -n $e ]] && (( e >= s )) && ev_duration=$((e - s))
  fi
  ev_processed_size=$(size_to_bytes "$(info_field "$info" "Processed" || true)" || true)
  ev_transferred_size=$(size_to_bytes "$(info_field "$info" "Transferred" || true)" || true)
  [[ -n $ev_backup_size ]] || ev_backup_size=$ev_transferred_size
  ev_timestamp=${ev_end_time:-$(now_iso)}
  if [[ $ev_status == Warning || $ev_status == Failed ]]; then
    problems=$(session_problem_lines "$sid")
    ev_error_message=${problems:0:4000}
  fi
  ev_object_name=$ev_server
  ev_object_status=$ev_status
  ev_object_message=${problems%%$'\n'*}
  return 0
}

build_event() {
  reset_event
  ev_server=$(server_name)
  local p_name=${positional[0]-} p_id=${positional[1]-} p_status=${positional[2]-}
  local p_size=${positional[3]-} p_duration=${positional[4]-} hint_job="" hint_session="" ids sid
  local minimal=0
  [[ $cfg_mode == minimal || $opt_minimal == 1 ]] && minimal=1

  is_real_value "$p_name" && ev_job_name=$p_name
  is_real_value "$p_id" && ev_job_id=$(lower_guid "$p_id" || printf '%s' "$p_id")
  is_real_value "$p_status" && ev_status=$(normalize_status "$p_status")
  if is_real_value "$p_size"; then
    if [[ $p_size =~ ^[0-9]+$ ]]; then ev_backup_size=$p_size
    else ev_backup_size=$(size_to_bytes "$p_size" || true)
      [[ -n $ev_backup_size ]] || log WARN "backup size '$p_size' not understood; left out"
    fi
  fi
  if is_real_value "$p_duration"; then
    if [[ $p_duration =~ ^[0-9]+$ || $p_duration =~ ^[0-9]+:[0-5][0-9]:[0-5][0-9]$ ]]; then ev_duration=$p_duration
    else log WARN "duration '$p_duration' not understood; left out"
    fi
  fi

  hint_job=$(lower_guid "$opt_job_id" || true)
  hint_session=$(lower_guid "$opt_session_id" || true)
  [[ -n $hint_job && -z $ev_job_id ]] && ev_job_id=$hint_job

  if find_veeamconfig; then
    if sid=$(pick_session "$hint_session" "$ev_job_name"); then
      if (( minimal )); then
        ev_session_id=$sid
        [[ -n $ev_job_id ]] || ev_job_id=$(lower_guid "$(info_field "$(session_info "$sid")" "Job ID" || true)" || true)
      else
        event_from_veeamconfig "$sid" || true
      fi
    else
      log WARN "no session found with $VC session list"
    fi
  elif [[ -n $hint_session ]]; then
    ev_session_id=$hint_session
    [[ -n $ev_job_id ]] || ev_job_id=$hint_job
    # No local session data (VBR on Linux): the bot completes the run from the VBR API
    # unless the caller also gave the details positionally.
    [[ -z $ev_job_name || -z $ev_status ]] && minimal=1
  fi

  if (( minimal )); then
    if [[ -n $ev_job_id && -n $ev_session_id ]]; then
      ev_minimal=1
      return 0
    fi
    log WARN "minimal mode needs jobId and sessionId; sending what is known instead"
  fi
  [[ -n $ev_timestamp ]] || ev_timestamp=$(now_iso)
  if [[ -z $ev_job_name && -z $ev_job_id ]]; then
    log ERROR "nothing to report: no veeamconfig session, no Veeam parent process and no positional job name/id"
    return 1
  fi
  [[ -n $ev_status ]] || ev_status=None
  return 0
}

# ------------------------------------------------------------------- spool ---
spool_event() {
  local body=$1 tmp name
  mkdir -p -- "$SPOOL_DIR" || { log ERROR "cannot create spool dir $SPOOL_DIR"; return 1; }
  tmp=$(mktemp "$SPOOL_DIR/.tmp.XXXXXX") || return 1
  printf '%s\n' "$body" >"$tmp" || { rm -f -- "$tmp"; return 1; }
  name="$(date -u +%Y%m%dT%H%M%S)-$(date +%N 2>/dev/null || echo 0)-$$.json"
  mv -f -- "$tmp" "$SPOOL_DIR/$name" || return 1
  printf '%s' "$SPOOL_DIR/$name"
}

trim_spool() {
  local files=() n extra i
  mapfile -t files < <(find "$SPOOL_DIR" -maxdepth 1 -type f -name '*.json' -printf '%f\n' 2>/dev/null | LC_ALL=C sort)
  n=${#files[@]}
  (( n > cfg_spool_max_files )) || return 0
  extra=$((n - cfg_spool_max_files))
  for (( i = 0; i < extra; i++ )); do
    log ERROR "spool holds more than $cfg_spool_max_files events; dropping the oldest: ${files[i]}"
    rm -f -- "$SPOOL_DIR/${files[i]}"
  done
}

# curl config syntax: the value is quoted, so escape backslashes and double quotes.
curl_header_config() {
  local s=${cfg_secret//\\/\\\\}
  s=${s//\"/\\\"}
  if [[ $cfg_auth_header == x-webhook-secret ]]; then
    printf 'header = "X-Webhook-Secret: %s"\n' "$s"
  else
    printf 'header = "Authorization: Bearer %s"\n' "$s"
  fi
}

# Sends one spooled file. Returns 0 delivered, 2 rejected (permanent), 1 try later.
send_file() {
  local file=$1 url resp code err rc args=()
  url=$(webhook_url)
  resp=$(mktemp) err=$(mktemp)
  args=(--silent --show-error --fail --proto '=http,https'
        --connect-timeout "$cfg_connect_timeout" --max-time "$cfg_max_time"
        --retry "$cfg_retries" --retry-connrefused --retry-max-time "$cfg_retry_max_time"
        -H 'Content-Type: application/json; charset=utf-8' -H 'Accept: application/json'
        -H "User-Agent: $SELF_NAME/$VERSION"
        --data-binary "@$file" -o "$resp" -w '%{http_code}' --config -)
  [[ -n $cfg_ca_file ]] && args+=(--cacert "$cfg_ca_file")
  code=$(curl_header_config | curl "${args[@]}" -- "$url" 2>"$err")
  rc=$?
  local detail
  detail=$(head -c 300 "$resp" 2>/dev/null | tr '\n' ' ')
  if [[ $rc -eq 0 && $code =~ ^2 ]]; then
    log INFO "delivered ${file##*/}: HTTP $code $detail"
    rm -f -- "$resp" "$err"
    return 0
  fi
  local why
  why=$(tr '\n' ' ' <"$err" | head -c 300)
  rm -f -- "$resp" "$err"
  case $code in
    400|413|415|422)
      log ERROR "bot rejected ${file##*/}: HTTP $code $detail"
      return 2 ;;
    401|403)
      log ERROR "bot refused the secret (HTTP $code) for ${file##*/}; check WEBHOOK_SECRET; kept in spool"
      return 1 ;;
    *)
      log WARN "bot not reachable for ${file##*/} (curl exit $rc, HTTP ${code:-000}) $why; kept in spool"
      return 1 ;;
  esac
}

# Sends every spooled event, oldest first. Stops at the first temporary failure.
# Returns 0 when the spool is empty afterwards, 1 when events remain.
FLUSH_REJECTED=0
flush_spool_locked() {
  local files=() f rc
  mapfile -t files < <(find "$SPOOL_DIR" -maxdepth 1 -type f -name '*.json' -printf '%f\n' 2>/dev/null | LC_ALL=C sort)
  for f in "${files[@]}"; do
    [[ -f "$SPOOL_DIR/$f" ]] || continue
    send_file "$SPOOL_DIR/$f"
    rc=$?
    case $rc in
      0) rm -f -- "$SPOOL_DIR/$f" ;;
      2) mkdir -p -- "$SPOOL_DIR/rejected" && mv -f -- "$SPOOL_DIR/$f" "$SPOOL_DIR/rejected/$f"
         FLUSH_REJECTED=$((FLUSH_REJECTED + 1)) ;;
      *) return 1 ;;
    esac
  done
  return 0
}

flush_spool() {
  mkdir -p -- "$SPOOL_DIR" || return 1
  if command -v flock >/dev/null 2>&1; then
    local rc
    {
      if ! flock -w 300 9; then
        log WARN "spool is locked by another run; leaving it to that run"
        exit 1
      fi
      flush_spool_locked
    } 9>>"$SPOOL_DIR/.lock"
    rc=$?
    return $rc
  fi
  flush_spool_locked
}

# -------------------------------------------------------------------- main ---
run_worker() {
  local body file rc
  if (( opt_flush_only )); then
    flush_spool; rc=$?
    (( rc == 0 )) && return "$EX_OK"
    return "$EX_SPOOLED"
  fi
  if (( opt_test )); then
    event_test
  else
    build_event || return "$EX_UNAVAILABLE"
  fi
  body=$(build_body) || { log ERROR "jq failed to build the body"; return "$EX_UNAVAILABLE"; }
  if (( opt_print_body )); then
    printf '%s\n' "$body"
    return "$EX_OK"
  fi
  log INFO "event: job='${ev_job_name}' jobId=${ev_job_id:-?} session=${ev_session_id:-?} status=${ev_status:-?}"
  file=$(spool_event "$body") || { log ERROR "could not write the event to $SPOOL_DIR"; return "$EX_UNAVAILABLE"; }
  trim_spool
  FLUSH_REJECTED=0
  flush_spool
  rc=$?
  if [[ -f $file ]]; then
    log WARN "event kept in spool: $file (sent on the next run, or with --flush)"
    return "$EX_SPOOLED"
  fi
  if [[ -f "$SPOOL_DIR/rejected/${file##*/}" ]]; then
    return "$EX_REJECTED"
  fi
  (( rc == 0 )) || log WARN "older spooled events remain in $SPOOL_DIR"
  return "$EX_OK"
}

main() {
  local orig_args=("$@")
  parse_args "$@"

  # Log early (before the config is read) to the overridden or default location.
  LOG_FILE=${opt_log_file:-$cfg_log_file}
  load_config "$opt_config"
  LOG_FILE=${opt_log_file:-$cfg_log_file}
  SPOOL_DIR=${opt_spool_dir:-$cfg_spool_dir}
  validate_config

  local tool
  for tool in curl jq; do
    command -v "$tool" >/dev/null 2>&1 || die_config "$tool is required (install it with your package manager)"
  done

  if [[ $opt_foreground != 1 && $opt_worker != 1 && $opt_print_body != 1 ]]; then
    # Return to Veeam at once; the session is still open while this script runs.
    local extra=() ids
    if [[ -z $opt_session_id ]] && ids=$(guids_from_ancestors); then
      extra=(--job-id "${ids%% *}" --session-id "${ids##* }")
    fi
    if command -v setsid >/dev/null 2>&1; then
      setsid nohup "$BASH" "$0" --worker "${extra[@]}" "${orig_args[@]}" </dev/null >/dev/null 2>&1 &
    else
      nohup "$BASH" "$0" --worker "${extra[@]}" "${orig_args[@]}" </dev/null >/dev/null 2>&1 &
    fi
    log INFO "started background worker (pid $!)"
    exit "$EX_OK"
  fi

  run_worker
  exit $?
}

main "$@"
