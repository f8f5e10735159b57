#!/usr/bin/env bash
# Loadline's benchmark harness: Loadline against wrk and hey on a local nginx, then Loadline's
# rate accuracy, heap stability and closed-model scale, and Loadline's HTTP/2 against h2load.
# Prints one table with pass/fail marks.
#
#   bench/run.sh            full run (about 16 minutes with the defaults)
#   bench/run.sh --quick    every duration cut to a few seconds: a smoke test of the harness
#   bench/run.sh --only throughput,rate,heap,users,h2    run only some sections
#
# Environment overrides (seconds unless named otherwise):
#   BENCH_SECONDS (15)   each closed-loop run      BENCH_ROUNDS (2)   rounds of the three tools
#   RATE_SECONDS (30)    each rate-accuracy run    RATES ("1000 10000 20000") arrivals per second
#   HEAP_MINUTES (5)     second heap sample; the first is at 1 minute
#   USERS_SECONDS (60)   the 10,000-user run       BENCH_PORT (18080) nginx's port on 127.0.0.1
#   BENCH_H2_PORT (BENCH_PORT + 1) nginx's cleartext HTTP/2 (h2c) port on 127.0.0.1
#   LOADLINE_JAR (web/target/loadline.jar)         LOADLINE_JAVA_OPTS extra JVM options
#
# Traffic goes only to the nginx this script starts on 127.0.0.1; every run is bounded in time and
# every process started here is stopped on exit.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
QUICK=false
ONLY="throughput,rate,heap,users,h2"

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true ;;
    --only)
      ONLY="${2:?--only needs a list such as throughput,rate}"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "Unknown argument: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

if $QUICK; then
  BENCH_SECONDS=${BENCH_SECONDS:-3}
  BENCH_ROUNDS=${BENCH_ROUNDS:-1}
  RATE_SECONDS=${RATE_SECONDS:-4}
  HEAP_FIRST_SECONDS=20
  HEAP_SECOND_SECONDS=40
  USERS_SECONDS=${USERS_SECONDS:-8}
else
  BENCH_SECONDS=${BENCH_SECONDS:-15}
  BENCH_ROUNDS=${BENCH_ROUNDS:-2}
  RATE_SECONDS=${RATE_SECONDS:-30}
  HEAP_FIRST_SECONDS=60
  HEAP_SECOND_SECONDS=$((${HEAP_MINUTES:-5} * 60))
  USERS_SECONDS=${USERS_SECONDS:-60}
fi
RATES=${RATES:-"1000 10000 20000"}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT/"
H2_PORT=${BENCH_H2_PORT:-$((PORT + 1))}
H2_URL="http://127.0.0.1:$H2_PORT/"
JAR=${LOADLINE_JAR:-$REPO/web/target/loadline.jar}
read -r -a JAVA_OPTS <<<"${LOADLINE_JAVA_OPTS:-}"
CLOCK_TICKS=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/loadline-bench.XXXXXX)
STARTED_PIDS=()

section_enabled() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", ($1) }"; }
is_number() { [[ "${1:-}" =~ ^[0-9]+([.][0-9]+)?$ ]]; }

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: every process started here is stopped on exit, by its own id.

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${STARTED_PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "${KEEP_WORK:-}" ]; then
    log "work files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a command in the background under /usr/bin/time (user and system CPU into NAME.time),
# output into NAME.out; sets TIMED_PID (the time process) and CHILD_PID (the command itself).
start_timed() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>&1 &
  TIMED_PID=$!
  STARTED_PIDS+=("$TIMED_PID")
  CHILD_PID=""
  local attempt
  for attempt in $(seq 1 100); do
    CHILD_PID=$(pgrep -P "$TIMED_PID" | head -n 1 || true)
    [ -n "$CHILD_PID" ] && break
    kill -0 "$TIMED_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$CHILD_PID" ]; then
    STARTED_PIDS+=("$CHILD_PID")
  fi
}

# Waits for the timed command; sets TIMED_RC to its exit code (not in a subshell: wait needs
# the process to be this shell's child).
wait_timed() {
  TIMED_RC=0
  wait "$TIMED_PID" || TIMED_RC=$?
}

# User + system CPU seconds of the timed command, from NAME.time.
cpu_seconds_of() {
  awk 'NF == 3 && $2 ~ /^[0-9.]+$/ { printf "%.2f", $2 + $3 }' "$WORK/$1.time" 2>/dev/null
}

# User + system CPU seconds a live process has used so far, from /proc/PID/stat.
cpu_seconds_now() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || {
    echo 0
    return
  }
  # Fields after the command name: state is 1, utime is 12, stime is 13.
  echo "${stat##*) }" | awk -v ticks="$CLOCK_TICKS" '{ printf "%.2f", ($12 + $13) / ticks }'
}

# Waits until FILE contains TEXT (or PID ends); returns non-zero on timeout.
wait_for_text() {
  local file=$1 text=$2 pid=$3 attempt
  for attempt in $(seq 1 600); do
    grep -q -- "$text" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Tools, the jar and nginx.

install_tools() {
  local missing=()
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v hey >/dev/null || missing+=(hey)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v pgrep >/dev/null || missing+=(procps)
  if section_enabled h2; then command -v h2load >/dev/null || missing+=(nghttp2-client); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/jcmd" ]; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "No JDK with java and jcmd found; set JAVA_HOME to a JDK 21 or newer." >&2
  exit 1
}

# Builds the jar when it is missing. `mvn package` builds the same jar as `./dev build` without
# installing snapshots into the shared ~/.m2.
build_jar() {
  [ -f "$JAR" ] && return 0
  log "building $JAR (mvn package -DskipTests)"
  (cd "$REPO" && PATH="$JAVA_HOME/bin:$PATH" mvn -B -ntp -q package -DskipTests)
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_nginx() {
  if port_in_use "$PORT" || port_in_use "$H2_PORT"; then
    echo "127.0.0.1:$PORT or :$H2_PORT is already in use; set BENCH_PORT (and BENCH_H2_PORT)" \
      "to free ports." >&2
    exit 1
  fi
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$PORT;
    location / { return 200 "ok"; }
  }
  # Cleartext HTTP/2 with prior knowledge (h2c), for the h2 section; many streams per connection.
  server {
    listen 127.0.0.1:$H2_PORT http2;
    http2_max_concurrent_streams 256;
    # h2load does not open a new connection when nginx closes one after this many requests.
    keepalive_requests 100000000;
    location / { return 200 "ok"; }
  }
}
EOF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
    >"$WORK/nginx/stdout.log" 2>&1 &
  STARTED_PIDS+=("$!")
  local attempt
  for attempt in $(seq 1 100); do
    if curl -fsS --max-time 1 "$URL" >/dev/null 2>&1; then
      log "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') serving $URL"
      return 0
    fi
    sleep 0.1
  done
  echo "nginx did not start; its log:" >&2
  cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2 || true
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Loadline runs.

# Writes a one-step plan: plan_file NAME LOAD_YAML [EXTRA_TOP_LEVEL_YAML] [PROTOCOL_YAML] [URL]
plan_file() {
  local name=$1 load=$2 extra=${3:-} protocol=${4:-"{type: http}"} url=${5:-$URL}
  cat >"$WORK/$name.yaml" <<EOF
name: $name
timeout: 5s
gracefulStop: 5s
$extra
scenarios:
  - name: bench
    load: $load
    protocol: $protocol
    steps:
      - name: get
        request: {method: GET, url: "$url"}
EOF
  echo "$WORK/$name.yaml"
}

# Starts `loadline run` on a plan under /usr/bin/time; extra JVM options come first.
start_loadline() {
  local name=$1 plan=$2
  shift 2
  start_timed "$name" "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" "$@" -jar "$JAR" run "$plan" \
    --plugins-dir "$WORK/no-plugins" --summary-json "$WORK/$name.json"
}

# A figure of the (only) scenario in a run's summary JSON, or "n/a".
summary_figure() {
  local value
  value=$(jq -r ".result.summary.scenarios[0].$2 // empty" "$WORK/$1.json" 2>/dev/null || true)
  echo "${value:-n/a}"
}

# ---------------------------------------------------------------------------------------------
# 1. Closed-loop maximum throughput with 64 connections.

declare -A BEST_RPS BEST_RPC
BEST_STEADY=""

record_throughput() {
  local tool=$1 rps=$2 requests=$3 cpu=$4 per_cpu="n/a"
  if is_number "$cpu" && is_number "$requests" && [ "$(calc "$cpu > 0" 0)" = 1 ]; then
    per_cpu=$(calc "$requests / $cpu" 0)
  fi
  log "$tool: $rps req/s, $requests requests, $cpu CPU-s, $per_cpu req/CPU-s"
  if is_number "$rps" && { [ -z "${BEST_RPS[$tool]:-}" ] ||
    [ "$(calc "$rps > ${BEST_RPS[$tool]}" 0)" = 1 ]; }; then
    BEST_RPS[$tool]=$rps
    BEST_RPC[$tool]=$per_cpu
  fi
}

# Loadline's requests/s after its JVM warm-up: the mean of the 1 s intervals from the third second
# to the last whole one. Shown for information; the targets use the whole run, as for wrk and hey.
record_steady_rate() {
  local steady
  steady=$(jq -r --argjson seconds "$BENCH_SECONDS" '
      [.intervals[] | select(.second >= 2 and .second < $seconds - 1) | .scenarios[0].requests]
      | if length == 0 then "n/a" else (add / length | floor) end' "$WORK/$1.json" 2>/dev/null ||
    echo "n/a")
  log "loadline after warm-up (from the third second): $steady req/s"
  if is_number "$steady" && { [ -z "${BEST_STEADY:-}" ] ||
    [ "$(calc "$steady > $BEST_STEADY" 0)" = 1 ]; }; then
    BEST_STEADY=$steady
  fi
}

# throughput_loadline ROUND [TOOL PROTOCOL_YAML URL]: 64 looping users without think time.
throughput_loadline() {
  local tool=${2:-loadline} protocol='{type: http, maxConnectionsPerDestination: 64}'
  local url=${4:-$URL} name plan rc startup_cpu total_cpu requests elapsed rps
  [ -z "${3:-}" ] || protocol=$3
  name="closed-$tool-$1"
  plan=$(plan_file "$name" "{model: users, users: 64, duration: ${BENCH_SECONDS}s}" "" \
    "$protocol" "$url")
  start_loadline "$name" "$plan"
  # CPU spent starting the JVM and compiling the plan is not the generator's work: subtract it.
  wait_for_text "$WORK/$name.out" "Running '" "$CHILD_PID" || true
  startup_cpu=$(cpu_seconds_now "$CHILD_PID")
  wait_timed
  rc=$TIMED_RC
  total_cpu=$(cpu_seconds_of "$name")
  requests=$(summary_figure "$name" requests)
  elapsed=$(jq -r '.result.summary.elapsedSeconds // empty' "$WORK/$name.json" 2>/dev/null || true)
  rps="n/a"
  if is_number "$requests" && is_number "$elapsed"; then
    rps=$(calc "$requests / $elapsed" 0)
  fi
  [ "$rc" = 0 ] || log "loadline exited with $rc; output in $WORK/$name.out"
  [ "$tool" != loadline ] || record_steady_rate "$name"
  record_throughput "$tool" "$rps" "$requests" "$(calc "${total_cpu:-0} - $startup_cpu")"
}

throughput_wrk() {
  local name="wrk-$1" rc requests rps
  start_timed "$name" wrk -t1 -c64 "-d${BENCH_SECONDS}s" "$URL"
  wait_timed
  rc=$TIMED_RC
  requests=$(awk '/requests in/ { print $1 }' "$WORK/$name.out")
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$name.out")
  [ "$rc" = 0 ] || log "wrk exited with $rc; output in $WORK/$name.out"
  record_throughput wrk "${rps:-n/a}" "${requests:-n/a}" "$(cpu_seconds_of "$name")"
}

throughput_hey() {
  local name="hey-$1" rc requests rps
  start_timed "$name" hey -c 64 -z "${BENCH_SECONDS}s" "$URL"
  wait_timed
  rc=$TIMED_RC
  requests=$(awk '/\[[0-9]+\][[:space:]]+[0-9]+ responses/ { sum += $2 } END { print sum + 0 }' \
    "$WORK/$name.out")
  rps=$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$name.out")
  [ "$rc" = 0 ] || log "hey exited with $rc; output in $WORK/$name.out"
  record_throughput hey "${rps:-n/a}" "${requests:-n/a}" "$(cpu_seconds_of "$name")"
}

run_throughput() {
  local round
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    log "closed loop, round $round of $BENCH_ROUNDS, ${BENCH_SECONDS} s per tool"
    # Alternate the order between rounds so no tool always runs on a warmer or cooler machine.
    if [ $((round % 2)) = 1 ]; then
      throughput_loadline "$round"
      throughput_wrk "$round"
      throughput_hey "$round"
    else
      throughput_hey "$round"
      throughput_wrk "$round"
      throughput_loadline "$round"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# 5. HTTP/2: 64 requests at a time on one cleartext connection, Loadline against h2load.

throughput_h2load() {
  local name="h2load-$1" rc requests rps
  # -D ends the run; -n must still be above what fits in it, or h2load stops at its count and
  # reports that count over the whole duration.
  start_timed "$name" h2load -t 1 -c 1 -m 64 -n 100000000 -D "$BENCH_SECONDS" "$H2_URL"
  wait_timed
  rc=$TIMED_RC
  requests=$(awk '/^requests:/ { print $8 }' "$WORK/$name.out")
  rps=$(awk '/^finished in/ { gsub(",", "", $4); printf "%.0f", $4 }' "$WORK/$name.out")
  [ "$rc" = 0 ] || log "h2load exited with $rc; output in $WORK/$name.out"
  record_throughput h2load "${rps:-n/a}" "${requests:-n/a}" "$(cpu_seconds_of "$name")"
}

run_h2() {
  local round protocol="{type: http, version: 2, maxConnectionsPerDestination: 1}"
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    log "HTTP/2 (h2c), round $round of $BENCH_ROUNDS, ${BENCH_SECONDS} s per tool"
    if [ $((round % 2)) = 1 ]; then
      throughput_loadline "$round" loadline-h2 "$protocol" "$H2_URL"
      throughput_h2load "$round"
    else
      throughput_h2load "$round"
      throughput_loadline "$round" loadline-h2 "$protocol" "$H2_URL"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# 2. Rate accuracy of the open model.

declare -A RATE_ROWS

run_rate() {
  local rate=$1 name="rate-$1" plan rc requests dropped failures lag spread achieved ratio
  local completed low high
  log "rate accuracy: $rate/s for ${RATE_SECONDS} s"
  plan=$(plan_file "$name" "{model: constant, rate: $rate/s, duration: ${RATE_SECONDS}s}")
  start_loadline "$name" "$plan"
  wait_timed
  rc=$TIMED_RC
  requests=$(summary_figure "$name" requests)
  dropped=$(summary_figure "$name" dropped)
  failures=$(summary_figure "$name" failures)
  lag=$(summary_figure "$name" schedulingLag.p99Millis)
  # Requests that ended within the schedule's own seconds (intervals 0..N-1): a generator that falls
  # behind shows up here, though it still sends every late arrival afterwards. The spread is over
  # the same intervals without the first (JVM warm-up, connects) and the last, when there are more
  # than three.
  read -r completed low high < <(jq -r --argjson seconds "$RATE_SECONDS" '
      [.intervals[] | select(.second < $seconds) | .scenarios[0].requests] as $all
      | (if ($all | length) > 3 then $all[1:-1] else $all end) as $steady
      | if ($steady | length) == 0 then "n/a n/a n/a"
        else "\($all | add) \($steady | min) \($steady | max)" end' "$WORK/$name.json" \
    2>/dev/null || echo "n/a n/a n/a") || true
  spread="${low:-n/a} ${high:-n/a}"
  achieved="n/a"
  ratio="n/a"
  if is_number "${completed:-}"; then
    achieved=$(calc "$completed / $RATE_SECONDS" 0)
    ratio=$(calc "$completed / ($rate * $RATE_SECONDS)" 4)
  fi
  [ "$rc" = 0 ] || log "loadline exited with $rc; output in $WORK/$name.out"
  RATE_ROWS[$rate]="$achieved $ratio $spread $lag $dropped $failures $requests"
}

# ---------------------------------------------------------------------------------------------
# 3. Heap after a full GC at two points of a long 10,000/s run.

HEAP_FIRST_MB="n/a"
HEAP_SECOND_MB="n/a"
HEAP_RUN=""

# Sleeps until bash's SECONDS counter reaches the given value (at once if it has).
sleep_until() {
  local remaining=$(($1 - SECONDS))
  if [ "$remaining" -gt 0 ]; then sleep "$remaining"; fi
}

# Live heap in MB: jcmd's class histogram forces a full GC and counts only the objects that
# survive it. (Reading jstat's used columns a second after a GC.run also counted the garbage the
# run allocated in that second, up to 20 MB at 10,000/s, which made the two samples incomparable.)
# The histogram is kept as $WORK/heap-<label>.histo for a look at what grew.
heap_after_gc_mb() {
  local histogram="$WORK/heap-$2.histo"
  "$JAVA_HOME/bin/jcmd" "$1" GC.class_histogram >"$histogram" 2>/dev/null || return 0
  awk '$1 == "Total" { printf "%.1f", $3 / 1048576 }' "$histogram"
}

run_heap() {
  local name="heap" plan started rc
  local run_seconds=$((HEAP_SECOND_SECONDS + 5))
  log "heap: 10000/s for $run_seconds s, samples at $HEAP_FIRST_SECONDS s and $HEAP_SECOND_SECONDS s"
  plan=$(plan_file "$name" "{model: constant, rate: 10000/s, duration: ${run_seconds}s}")
  start_loadline "$name" "$plan"
  wait_for_text "$WORK/$name.out" "Running '" "$CHILD_PID" || true
  started=$SECONDS
  sleep_until "$((started + HEAP_FIRST_SECONDS))"
  HEAP_FIRST_MB=$(heap_after_gc_mb "$CHILD_PID" "$HEAP_FIRST_SECONDS")
  log "heap after GC at $HEAP_FIRST_SECONDS s: ${HEAP_FIRST_MB:-n/a} MB"
  sleep_until "$((started + HEAP_SECOND_SECONDS))"
  HEAP_SECOND_MB=$(heap_after_gc_mb "$CHILD_PID" "$HEAP_SECOND_SECONDS")
  log "heap after GC at $HEAP_SECOND_SECONDS s: ${HEAP_SECOND_MB:-n/a} MB"
  wait_timed
  rc=$TIMED_RC
  HEAP_FIRST_MB=${HEAP_FIRST_MB:-n/a}
  HEAP_SECOND_MB=${HEAP_SECOND_MB:-n/a}
  HEAP_RUN="exit $rc, $(summary_figure "$name" requests) requests, dropped \
$(summary_figure "$name" dropped)"
}

# ---------------------------------------------------------------------------------------------
# 4. 10,000 closed-model users with 1 s think time on a 512 MB heap.

USERS_RC="n/a"
USERS_OOM="n/a"
USERS_RATE="n/a"
USERS_REQUESTS="n/a"

run_users() {
  local name="users" plan requests elapsed
  log "10000 users, 1 s think time, -Xmx512m, ${USERS_SECONDS} s"
  plan=$(plan_file "$name" \
    "{model: users, users: 10000, thinkTime: 1s, duration: ${USERS_SECONDS}s}")
  start_loadline "$name" "$plan" -Xmx512m -XX:+ExitOnOutOfMemoryError
  wait_timed
  USERS_RC=$TIMED_RC
  if grep -q OutOfMemoryError "$WORK/$name.out"; then USERS_OOM=yes; else USERS_OOM=no; fi
  requests=$(summary_figure "$name" requests)
  elapsed=$(jq -r '.result.summary.elapsedSeconds // empty' "$WORK/$name.json" 2>/dev/null || true)
  USERS_REQUESTS=$requests
  if is_number "$requests" && is_number "$elapsed"; then
    # Iterations over the users' looping time (the run's elapsed time also holds the drain).
    USERS_RATE=$(calc "$requests / $USERS_SECONDS" 0)
  fi
  [ "$USERS_RC" = 0 ] || log "loadline exited with $USERS_RC; output in $WORK/$name.out"
}

# ---------------------------------------------------------------------------------------------
# The table.

mark() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
# mark_if EXPRESSION VALUES...: FAIL when any value is not a number, else the expression's truth.
mark_if() {
  local expression=$1 value
  shift
  for value in "$@"; do is_number "$value" || {
    echo FAIL
    return
  }; done
  mark "$(calc "$expression" 0)"
}

print_report() {
  local tool rate row ratio_wrk="n/a" ratio_hey="n/a"
  echo
  echo "Loadline benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) CPUs  load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg)$($QUICK && echo '  QUICK MODE: figures are not meaningful')"
  echo "target: nginx (1 worker) at $URL"
  if section_enabled throughput; then
    echo
    echo "1. Closed loop, 64 connections, ${BENCH_SECONDS} s per run, best of $BENCH_ROUNDS"
    printf '   %-10s %12s %14s\n' tool "requests/s" "requests/CPU-s"
    for tool in loadline wrk hey; do
      printf '   %-10s %12s %14s\n' "$tool" "${BEST_RPS[$tool]:-n/a}" "${BEST_RPC[$tool]:-n/a}"
    done
    printf '   %-10s %12s %14s\n' "(loadline" "${BEST_STEADY:-n/a}" "after warm-up)"
    local l=${BEST_RPS[loadline]:-n/a} w=${BEST_RPS[wrk]:-n/a} h=${BEST_RPS[hey]:-n/a}
    is_number "$l" && is_number "$w" && [ "$w" != 0 ] && ratio_wrk=$(calc "$l / $w")
    is_number "$l" && is_number "$h" && [ "$h" != 0 ] && ratio_hey=$(calc "$l / $h")
    printf '   %-22s %8s   target >= 0.35   %s\n' "Loadline / wrk" "$ratio_wrk" \
      "$(mark_if "$ratio_wrk >= 0.35" "$ratio_wrk")"
    printf '   %-22s %8s   target >= 1.00   %s\n' "Loadline / hey" "$ratio_hey" \
      "$(mark_if "$ratio_hey >= 1.0" "$ratio_hey")"
  fi
  if section_enabled rate; then
    echo
    echo "2. Rate accuracy, constant open model, ${RATE_SECONDS} s per rate"
    printf '   %8s %10s %9s %8s %8s %10s %8s %7s %9s  %s\n' "target/s" "achieved/s" "achieved" \
      "min 1s" "max 1s" "p99 lag ms" dropped errors "total" "mark (±1%, no drops at 1k, 10k)"
    for rate in $RATES; do
      read -r achieved ratio low high lag dropped failures requests \
        <<<"${RATE_ROWS[$rate]:-n/a n/a n/a n/a n/a n/a n/a n/a}"
      local verdict="-"
      if [ "$rate" = 1000 ] || [ "$rate" = 10000 ]; then
        verdict=$(mark_if "$ratio >= 0.99 && $ratio <= 1.01 && $dropped == 0" "$ratio" "$dropped")
      fi
      printf '   %8s %10s %9s %8s %8s %10s %8s %7s %9s  %s\n' "$rate" "$achieved" "$ratio" \
        "$low" "$high" "$lag" "$dropped" "$failures" "$requests" "$verdict"
    done
  fi
  if section_enabled heap; then
    echo
    echo "3. Heap after full GC during a 10,000/s run ($HEAP_RUN)"
    local heap_ratio="n/a"
    is_number "$HEAP_FIRST_MB" && is_number "$HEAP_SECOND_MB" &&
      heap_ratio=$(calc "$HEAP_SECOND_MB / $HEAP_FIRST_MB")
    printf '   at %4s s: %8s MB    at %4s s: %8s MB    ratio %5s   target <= 1.10   %s\n' \
      "$HEAP_FIRST_SECONDS" "$HEAP_FIRST_MB" "$HEAP_SECOND_SECONDS" "$HEAP_SECOND_MB" \
      "$heap_ratio" "$(mark_if "$heap_ratio <= 1.10" "$heap_ratio")"
  fi
  if section_enabled users; then
    echo
    echo "4. 10,000 closed-model users, 1 s think time, -Xmx512m, ${USERS_SECONDS} s"
    local verdict=FAIL
    if [ "$USERS_RC" = 0 ] && [ "$USERS_OOM" = no ]; then
      verdict=$(mark_if "$USERS_RATE >= 9000" "$USERS_RATE")
    fi
    printf '   exit %s, OutOfMemoryError %s, %s iterations, %s iterations/s' \
      "$USERS_RC" "$USERS_OOM" "$USERS_REQUESTS" "$USERS_RATE"
    printf '   target: no OOM, >= 9,000/s   %s\n' "$verdict"
  fi
  if section_enabled h2; then
    echo
    echo "5. HTTP/2 (h2c), 64 requests at a time on one connection, ${BENCH_SECONDS} s per run," \
      "best of $BENCH_ROUNDS"
    printf '   %-12s %12s %14s\n' tool "requests/s" "requests/CPU-s"
    for tool in loadline-h2 h2load; do
      printf '   %-12s %12s %14s\n' "$tool" "${BEST_RPS[$tool]:-n/a}" "${BEST_RPC[$tool]:-n/a}"
    done
    local lh=${BEST_RPS[loadline-h2]:-n/a} h2=${BEST_RPS[h2load]:-n/a} ratio_h2="n/a"
    is_number "$lh" && is_number "$h2" && [ "$h2" != 0 ] && ratio_h2=$(calc "$lh / $h2")
    printf '   %-22s %8s   (no target: for information)\n' "Loadline / h2load" "$ratio_h2"
  fi
  echo
}

# ---------------------------------------------------------------------------------------------

main() {
  install_tools
  find_java
  build_jar
  mkdir -p "$WORK/no-plugins"
  start_nginx
  log "jar $JAR, java $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  if section_enabled throughput; then run_throughput; fi
  if section_enabled rate; then for rate in $RATES; do run_rate "$rate"; done; fi
  if section_enabled heap; then run_heap; fi
  if section_enabled users; then run_users; fi
  if section_enabled h2; then run_h2; fi
  print_report
}

main
