# Helpers for .ci/run and .ci/postgres: sections, timed stages, Debian packages, a private PostgreSQL.
# shellcheck shell=bash

STAGE_ROWS=()
FAILED_STAGES=0
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
CI_STARTED_AT=${CI_STARTED_AT:-$(date +%s)}

section() {
  local now elapsed
  now=$(date +%s)
  elapsed=$((now - CI_STARTED_AT))
  printf '\n==================== [%s +%ss] %s ====================\n' "$(date -u +%H:%M:%S)" "$elapsed" "$1"
}

# record NAME STATUS T0 [COUNTS]
record() {
  local secs=$(( $(date +%s) - $3 ))
  STAGE_ROWS+=("$(printf '%-34s %-8s %5ss  %s' "$1" "$2" "$secs" "${4:-}")")
  printf -- '---- %s: %s in %ss %s\n' "$1" "$2" "$secs" "${4:-}"
}

skip() {
  section "$1"
  echo "$2"
  STAGE_ROWS+=("$(printf '%-34s %-8s %5ss  %s' "$1" "SKIPPED" 0 "$2")")
}

# stage NAME KIND COMMAND — runs COMMAND (bash, -euo pipefail) and records it; never stops the run.
# KIND: plain (exit code only), vitest (reads Vitest's "Tests" line), counted (reads a "N passed, N failed" line).
stage() {
  local name=$1 kind=$2 cmd=$3 t0 rc log
  section "$name"
  echo "\$ $cmd" | head -3
  t0=$(date +%s)
  log=$(mktemp)
  set +e
  (set -euo pipefail; eval "$cmd") </dev/null 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  stage_account "$name" "$kind" "$rc" "$log" "$t0"
}

# stage_bg NAME KIND COMMAND — starts a stage in the background, its output kept aside; stage_wait NAME prints it
# and records the stage. For checks that mostly wait (the browser tests) beside ones that mostly compute.
declare -A BG_PID BG_LOG BG_T0 BG_KIND
stage_bg() {
  local name=$1 kind=$2 cmd=$3
  section "$name (started in the background)"
  echo "\$ $cmd" | head -3
  BG_T0[$name]=$(date +%s)
  BG_KIND[$name]=$kind
  BG_LOG[$name]=$(mktemp)
  (set -euo pipefail; eval "$cmd") </dev/null >"${BG_LOG[$name]}" 2>&1 &
  BG_PID[$name]=$!
}

stage_wait() {
  local name=$1 rc=0
  set +e
  wait "${BG_PID[$name]}"
  rc=$?
  set -e
  section "$name (output)"
  cat "${BG_LOG[$name]}"
  stage_account "$name" "${BG_KIND[$name]}" "$rc" "${BG_LOG[$name]}" "${BG_T0[$name]}"
}

# stage_account NAME KIND RC LOG T0 — reads the counts from LOG (then removes it) and records the stage.
stage_account() {
  local name=$1 kind=$2 rc=$3 log=$4 t0=$5 line passed=0 failed=0 skipped=0 counts=""
  sed -i 's/\x1b\[[0-9;]*m//g' "$log"
  case $kind in
    vitest) line=$(grep -E '^[[:space:]]*Tests[[:space:]]+[0-9]' "$log" | tail -1 || true) ;;
    counted) line=$(grep -E '^[^0-9]*[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true) ;;
    *) line="" ;;
  esac
  if [[ $kind != plain ]]; then
    passed=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    failed=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    skipped=$(grep -oE '[0-9]+ (skipped|todo)' <<<"$line" | awk '{n += $1} END {print n + 0}' || true)
    skipped=${skipped:-0}
    # A test file whose hooks failed shows as skipped tests: count the failed files instead; a runner that
    # crashed before its summary still counts as one failure.
    if [[ $rc -ne 0 && $failed -eq 0 ]]; then
      failed=$(grep -E '^[[:space:]]*Test Files[[:space:]]+[0-9]' "$log" | tail -1 | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || true)
      [[ ${failed:-0} -gt 0 ]] || failed=1
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    counts="($passed passed, $failed failed, $skipped skipped)"
  fi
  rm -f "$log"
  if [[ $rc -eq 0 ]]; then
    record "$name" ok "$t0" "$counts"
  else
    FAILED_STAGES=$((FAILED_STAGES + 1))
    record "$name" FAILED "$t0" "exit $rc $counts"
  fi
}

print_summary() {
  local rc=$1 started=$2 row
  section "summary"
  for row in "${STAGE_ROWS[@]}"; do echo "$row"; done
  echo "total time: $(( $(date +%s) - started ))s"
  if [[ $rc -eq 0 ]]; then echo "CI: OK"; else echo "CI: FAILED (exit $rc, $FAILED_STAGES failed stage(s))"; fi
  echo
  echo "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "!! need root for: $*" >&2
    return 1
  fi
}

# The newest Debian PostgreSQL bin dir that has initdb, or the dir of an initdb on PATH.
pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r x; do if [[ -x $x/initdb ]]; then echo "$x"; fi; done | tail -1 || true)
  if [[ -z $d ]] && command -v initdb >/dev/null; then d=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
  [[ -n $d ]] && echo "$d"
}

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || dpkg -s chromium >/dev/null 2>&1 || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null || missing+=(poppler-utils) # tests read generated PDFs back as text
  pg_bin_dir >/dev/null || missing+=(postgresql)
  command -v sqlmap >/dev/null || missing+=(sqlmap) # server/test/sqlmap/run.mjs: nothing injectable in the list, search and sort endpoints
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    pg_bin_dir >/dev/null || { echo "!! no initdb after installing postgresql" >&2; return 1; }
  fi
  echo "node $(node --version), npm $(npm --version 2>/dev/null), $(chromium --version 2>/dev/null || echo 'chromium ?')," \
    "PostgreSQL $("$(pg_bin_dir)/initdb" --version | grep -oE '[0-9]+(\.[0-9]+)+' | head -1), fonts-noto-cjk $(dpkg-query -W -f='${Version}' fonts-noto-cjk)," \
    "sqlmap $(dpkg-query -W -f='${Version}' sqlmap 2>/dev/null || echo '?')"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# pg_start — a private PostgreSQL in a temporary directory; sets PG_DIR, PG_PORT, PG_URL, PG_BIN.
# As root it runs as the `postgres` system user (PostgreSQL refuses root), creating the user if needed.
pg_start() {
  local as_pg=() i
  PG_BIN=$(pg_bin_dir)
  if [[ $EUID -eq 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
      useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home --shell /usr/sbin/nologin postgres
    fi
    as_pg=(runuser -u postgres --)
  fi
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gongzhi-pg.XXXXXX")
  chmod 700 "$PG_DIR"
  if [[ $EUID -eq 0 ]]; then chown postgres: "$PG_DIR"; fi
  PG_PORT=${PG_PORT:-$(free_port)}
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -W start -o \
    "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=on -c max_connections=200" >/dev/null
  for i in $(seq 1 60); do
    if "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
      echo "PostgreSQL $("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc 'show server_version') ready on $PG_URL after ~$(( (i - 1) / 2 ))s (data in $PG_DIR)"
      export PG_DIR PG_PORT PG_URL PG_BIN
      return 0
    fi
    sleep 0.5
  done
  echo "!! PostgreSQL did not answer within 30 s; its log:" >&2
  cat "$PG_DIR/server.log" >&2 || true
  return 1
}

pg_stop() {
  [[ -n ${PG_DIR:-} && -d ${PG_DIR:-} ]] || return 0
  if [[ -f $PG_DIR/data/postmaster.pid ]]; then
    if [[ $EUID -eq 0 ]]; then
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    else
      "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}
